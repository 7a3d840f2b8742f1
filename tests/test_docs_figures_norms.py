"""The sections of docs/specs.md on ``figure`` and on several norms show real runs: each
command prints the rows and messages shown under it, and the specs they quote are the
example's files."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mayak_cli._main import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "specs.md").read_text("utf-8")
FIGURE = PAGE[PAGE.index("\n### Одно напечатанное число: `figure`\n"):
              PAGE.index("\n### Формула\n")]
NORMS = PAGE[PAGE.index("\n### Несколько норм одного показателя\n"):
             PAGE.index("\n### Статусы\n")]


def _runs(section: str) -> list[tuple[str, str]]:
    """(command, the text block right after it) for each shown command of the section."""
    return re.findall(r"```sh\n(mayak [^\n]*)\n```\n\n```text\n(.*?)```", section, re.S)


@pytest.mark.parametrize("section", [FIGURE, NORMS], ids=["figure", "norms"])
def test_the_commands_print_what_the_page_shows(monkeypatch: pytest.MonkeyPatch,
                                                section: str) -> None:
    monkeypatch.chdir(ROOT)
    runs = _runs(section)
    assert runs
    for command, output in runs:
        result = CliRunner().invoke(main, shlex.split(command)[1:])
        assert result.exit_code == 0, command
        printed = result.stdout + result.stderr
        for line in output.splitlines():
            assert line in printed, (command, line)


def test_the_year_of_quarterly_figures_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The block shown without its command: the report for 2024 of the quarterly example."""
    monkeypatch.chdir(ROOT)
    shown = [b for b in re.findall(r"```text\n(.*?)```", FIGURE, re.S)
             if "подходящих строк" in b]
    assert len(shown) == 1
    result = CliRunner().invoke(main, [
        "report", "--rules", "examples/quarterly-908-1/rules", "--data",
        "examples/quarterly-908-1/data", "--period", "2024"])
    assert result.exit_code == 0
    for line in shown[0].splitlines():
        assert line in result.stdout + result.stderr, line


def test_the_quoted_specs_are_the_examples() -> None:
    variables = yaml.safe_load(re.findall(r"```yaml\n(.*?)```", FIGURE, re.S)[0])
    indicator = yaml.safe_load((ROOT / "examples" / "quarterly-908-1" / "rules" /
                                "diagnosed_share.yaml").read_text("utf-8"))
    assert variables["variables"] == indicator["variables"]
    assert variables["formula"] == indicator["formula"]
    norms = yaml.safe_load(re.findall(r"```yaml\n(.*?)```", NORMS, re.S)[0])
    targets = yaml.safe_load((ROOT / "rules" / "kaliningrad-model" / "targets-2023.yaml")
                             .read_text("utf-8"))
    name = "teachers_per_methodist"
    assert norms["targets"][name] == targets["targets"][name]
