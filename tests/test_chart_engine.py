"""The chart engine's own process (``mayak.render.chart_engine``): the page is the same as
drawn in process, and whatever goes wrong in the child (odd encodings of its streams, what
else it prints, a module lying in the working folder) never hangs a run or runs a stranger's
code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mayak.render import chart_engine
from mayak.render._html import render_html

from tests.test_render_html import example

ROOT = Path(__file__).resolve().parent.parent
MAYAK = Path(sys.executable).with_name("mayak")
EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
ARGS = ["report", "--rules", str(EXAMPLE / "rules"), "--data", str(EXAMPLE / "data")]


def test_a_child_that_prints_something_else_leaves_the_charts_to_the_program(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A sitecustomize on the path prints as the child starts: its replies can't be read.
    (tmp_path / "sitecustomize.py").write_text("print('hello from the site')\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    document, page = example("ru")
    engine = chart_engine()
    assert engine is not None
    with engine:
        assert render_html(document, engine) == page


@pytest.mark.parametrize("encoding", ["cp1251", "ascii"])
def test_the_streams_encoding_does_not_matter(tmp_path: Path, encoding: str) -> None:
    out = tmp_path / "r.html"
    done = subprocess.run([str(MAYAK), *ARGS, "-o", str(out)], capture_output=True,
                          timeout=180, check=False,
                          env={"PYTHONIOENCODING": encoding, "PATH": "/usr/bin:/bin",
                               "SOURCE_DATE_EPOCH": "0"})
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    document, _ = example("ru")
    assert out.read_bytes().count(b"<svg") == sum(len(p.charts) for p in document.parts)


def test_a_module_in_the_working_folder_is_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "vl_convert.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n", "utf-8")
    done = subprocess.run([str(MAYAK), *ARGS, "-o", str(tmp_path / "r.html")], cwd=tmp_path,
                          capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert not marker.exists()


def test_a_closed_engine_leaves_no_process() -> None:
    engine = chart_engine()
    assert engine is not None
    process = engine._process
    engine.close()
    assert process.poll() is not None
