"""The HTML report of the municipal example opened in a real browser (headless Chromium,
Debian's ``chromium`` driven by Playwright) with the network cut off: no console errors,
no script errors, and no request other than the file itself."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mayak import text
from test_render_html import example

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api",
                                 reason="Playwright is not installed (pip install -e .[dev])")
if CHROMIUM is None:
    pytest.skip("no chromium on this machine: apt-get install chromium (.ci/run does)",
                allow_module_level=True)


@dataclass
class Visit:
    """What a page did while it loaded."""

    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    svgs: int = 0
    headings: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def visit(browser: Browser, path: Path) -> Visit:
    """Open ``path`` with every request but file ones refused, and record what happened."""
    seen = Visit()
    page = browser.new_page()
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith("file:") else route.abort())
    page.goto(path.as_uri())
    page.wait_for_load_state("networkidle")
    seen.svgs = page.locator("svg").count()
    seen.headings = page.locator("h2").all_inner_texts()
    page.close()
    return seen


def test_the_report_opens_offline_without_errors_or_requests(browser: Browser,
                                                             tmp_path: Path) -> None:
    document, page = example("ru")
    path = tmp_path / "report.html"
    path.write_bytes(page)
    seen = visit(browser, path)
    assert seen.requests == [path.as_uri()]
    assert seen.console == []
    assert seen.errors == []
    assert seen.svgs == sum(len(p.charts) for p in document.parts)
    provenance = [text("html.provenance", "ru")] if document.provenance else []
    assert [p.title for p in document.parts] + provenance == [
        h.strip() for h in seen.headings[1:]]


def test_the_check_sees_a_request_and_an_error(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "bad.html"
    path.write_text('<!DOCTYPE html><html><body><img src="https://example.org/a.png">'
                    "<script>console.error('boom'); missing();</script></body></html>",
                    encoding="utf-8")
    seen = visit(browser, path)
    assert "https://example.org/a.png" in seen.requests
    assert any("boom" in line for line in seen.console)
    assert seen.errors
