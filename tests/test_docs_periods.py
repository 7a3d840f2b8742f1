"""The worked example of the section «Периоды» of docs/specs.md is true: its specs and data,
written out as the page shows them, give the output the page shows; the figures in it are
those hand-written Polars computes from the page's CSV."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli._main import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "specs.md").read_text("utf-8")
SECTION = PAGE[PAGE.index("\n## Периоды\n"):PAGE.index("\n## Подсказки в редакторе\n")]
SPOILT_ROW = "5 квартал 2024,Остров,01.10.2024,3"


def _block(kind: str, starting: str) -> str:
    """The one fenced block of ``kind`` in the section whose text starts with ``starting``."""
    found = [b for b in re.findall(rf"```{kind}\n(.*?)```", SECTION, re.S)
             if b.startswith(starting)]
    assert len(found) == 1, starting
    return str(found[0])


def _write_example(folder: Path) -> None:
    (folder / "rules").mkdir()
    (folder / "data").mkdir()
    (folder / "rules" / "events.yaml").write_text(_block("yaml", "kind: dataset\nid: events"),
                                                  "utf-8")
    (folder / "rules" / "plan.yaml").write_text(_block("yaml", "kind: targets\nid: plan"),
                                                "utf-8")
    indicators = _block("yaml", "kind: indicator\nid: participants").split("---\n")
    for name, text in zip(("participants", "growth", "september"), indicators, strict=True):
        (folder / "rules" / f"{name}.yaml").write_text(text, "utf-8")
    (folder / "data" / "events.csv").write_text(_block("text", "Квартал,МО"), "utf-8")


# As the page's run: a terminal of 100 columns, the time of the report fixed.
ENV = {"COLUMNS": "100", "SOURCE_DATE_EPOCH": "1700000000"}


def _run(command: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, shlex.split(command)[1:], env=ENV)
    return result.exit_code, (result.stdout + result.stderr).splitlines()


def test_the_comparison_shown_is_what_the_example_gives(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _write_example(tmp_path)
    command, *shown = _block("console", "$ mayak report").removeprefix("$ ").splitlines()
    code, printed = _run(command, tmp_path, monkeypatch)
    assert code == 0
    assert printed == shown


def test_the_rows_without_a_period_shown_are_those_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_example(tmp_path)
    assert f"`{SPOILT_ROW}`" in SECTION
    with (tmp_path / "data" / "events.csv").open("a", encoding="utf-8") as csv:
        csv.write(SPOILT_ROW + "\n")
    shown = _block("text", "data/events.csv: строка 9").splitlines()
    code, printed = _run('mayak report --rules rules --data data --period "III квартал 2024"',
                         tmp_path, monkeypatch)
    assert code == 2
    assert [line for line in shown if line not in printed] == []


def _first_row(table: str, title: str) -> str:
    """The first row of the indicator's table: its title stands above it, once."""
    lines = table.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(title))
    rule = next(n for n in range(start, len(lines)) if lines[n].startswith("╞"))
    return lines[rule + 1]


def test_the_figures_shown_come_from_the_data(tmp_path: Path) -> None:
    events = pl.read_csv(_block("text", "Квартал,МО").encode(), try_parse_dates=False)
    # By the date each event was held (the rows labelled with a period only).
    month = pl.col("Дата проведения").str.slice(3, 2).cast(pl.Int64)
    labelled = events.filter(pl.col("Квартал").is_not_null())
    now = labelled.filter(month.is_between(7, 9))["Участников"].sum()
    then = labelled.filter(month.is_between(4, 6))["Участников"].sum()
    before = labelled.filter(month.is_between(1, 3))["Участников"].sum()
    september = labelled.filter(month == 9).height
    table = _block("console", "$ mayak report")
    participants = _first_row(table, "Участники мероприятий")
    growth = _first_row(table, "Рост числа")
    cells = [cell.strip(" │") for cell in participants.split("┆")]
    ratio = f"{now / then:.2f}".rstrip("0").rstrip(".").replace(".", ",")  # as reports show
    assert cells[0:4] == [str(now), str(then), f"+{now - then}", ratio]
    assert f"d1 = {now}; d2 = {then}" in growth
    assert f"{then / before:.2f}".replace(".", ",") in growth
    assert f"N = {september}" in table
    missing = events.with_row_index("row", offset=2).filter(pl.col("Квартал").is_null())
    assert f"(строки {', '.join(map(str, missing['row']))});" in table
