"""The pages on the report's documents and options (docs/reports.md, docs/cli.md) and the
README's documents show real runs: each `mayak report` command of their console blocks runs
from a folder seeing the repository's examples and rules, prints the lines shown (in order;
«…» stands for lines left out) and writes the file it names; and the CSV columns docs/cli.md
lists are the columns `--format csv` writes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from mayak_cli._main import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = (ROOT / "docs" / "reports.md", ROOT / "docs" / "cli.md", ROOT / "README.md")
ELIDED = "…"
MUNICIPAL = ("--rules examples/kaliningrad-municipal-2022-2023/rules "
             "--data examples/kaliningrad-municipal-2022-2023/data")
# What a written file starts with, by its extension: zip (XLSX, DOCX), an HTML page, CSV.
MAGIC = {".docx": b"PK", ".xlsx": b"PK", ".html": b"<!DOCTYPE html>", ".csv": b"# mayak "}


def _commands() -> list[tuple[str, str, list[str]]]:
    """Each `$ mayak report …` line of the pages' console blocks: the page, the command
    (without `$ `) and the lines shown under it up to the next command."""
    found = []
    for page in PAGES:
        for block in re.findall(r"^ *```console\n(.*?)^ *```", page.read_text("utf-8"),
                                re.S | re.M):
            lines = [line.strip() for line in block.splitlines()]
            starts = [n for n, line in enumerate(lines) if line.startswith("$ ")]
            for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
                # The time a page's run was made at is the one the runs here are made at.
                command = lines[start][2:].removeprefix("SOURCE_DATE_EPOCH=1700000000 ")
                if command.startswith("mayak report "):
                    shown = [line for line in lines[start + 1:end] if line and line != ELIDED]
                    found.append((page.name, command, shown))
    return found


def _run(command: str, cwd: Path, monkeypatch: pytest.MonkeyPatch,
         ) -> tuple[int, list[str], str]:
    """The exit code, the lines printed (standard output, then standard error) and the
    standard output, run in ``cwd``."""
    words = shlex.split(command)
    assert words[0] == "mayak"
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, words[1:], env={"COLUMNS": "100",
                                                      "SOURCE_DATE_EPOCH": "1700000000"})
    return result.exit_code, (result.stdout + result.stderr).splitlines(), result.stdout


def _in_order(shown: list[str], printed: list[str]) -> bool:
    """Whether every line shown is printed, in the same order (lines may be left out)."""
    lines = iter(printed)
    return all(any(line == out for out in lines) for line in shown)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder where the pages' relative paths (examples/…, rules/…) resolve and files
    written by `-o` land apart from the repository."""
    for name in ("examples", "rules", "indicators"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    return tmp_path


def test_the_pages_show_the_document_commands() -> None:
    commands = [command for _, command, _ in _commands()]
    for suffix in (".docx", ".xlsx", ".html"):
        assert any(c == f"mayak report {MUNICIPAL} -o справка{suffix}" for c in commands)
    assert any("--report " in c for c in commands)
    assert any("--format csv" in c for c in commands)


@pytest.mark.parametrize(("page", "command", "shown"), _commands(),
                         ids=[f"{p}:{c[-40:]}" for p, c, _ in _commands()])
def test_each_command_prints_what_the_page_shows(page: str, command: str, shown: list[str],
                                                 workdir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code, printed, _ = _run(command, workdir, monkeypatch)
    assert _in_order(shown, printed), f"{page}: {command}\n" + "\n".join(printed)
    output = re.search(r"-o (\S+)", command)
    if any(line.startswith(("Ошибка", "Найдено ошибок", "для формата")) for line in shown):
        assert code == 2
        assert output is None or not (workdir / output.group(1)).exists()
        return
    assert code == 0
    if output is not None:  # the file is there, and is what its extension says
        path = workdir / output.group(1)
        assert f"Записано: {output.group(1)}" in printed
        assert path.read_bytes().startswith(MAGIC[path.suffix])


def test_the_csv_columns_are_those_listed(workdir: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "cli.md").read_text("utf-8")
    section = page.split("## CSV", 1)[1].split("\n## ", 1)[0]
    listed = {name for row in re.findall(r"^\| (.*?) \|", section, re.M)
              for name in re.findall(r"`([a-z_]+)`", row)}
    # With a comparison of periods (the municipal example's rules ask for one) every
    # column is written.
    _, _, csv = _run(f"mayak report {MUNICIPAL} --format csv", workdir, monkeypatch)
    header = next(line for line in csv.splitlines() if not line.startswith("#"))
    assert {name.strip('"') for name in header.split(",")} == listed
