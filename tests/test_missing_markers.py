"""No-data markers: a lone hyphen or dash and the spellings a spec declares (``missing``)
read as unknown in every column type and every way data comes in; "-5" stays a number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from mayak.io._coerce import UNKNOWN_MARKERS, conform, markers_of

Write = Callable[[str, str], Path]

DATASET = """
kind: dataset
id: schools
title: Школы
missing: [не заполнено]
columns:
  school: {type: string, title: Школа}
  municipality: {type: string, title: МО, missing: [без МО]}
  pupils: {type: integer, title: Ученики, missing: [-999]}
  share: {type: number, title: Доля}
  opened: {type: date, title: Открыта}
  library: {type: boolean, title: Библиотека}
  rural: {type: boolean, title: Сельская, true_values: [с], false_values: [г]}
  kind: {type: category, title: Вид, values: [СОШ, ООШ], missing: ["?"]}
"""

INDICATOR = """
kind: indicator
id: pupils
title: Ученики
unit: number
variables:
  P: {sum: schools, of: pupils, unknown: skip}
  S: {sum: schools, of: share}
  L: {count: schools, where: library}
  R: {count: schools, where: rural}
  K: {count: schools, where: kind == "СОШ"}
  D: {count: schools, where: year(opened) < 1995}
formula: P
"""

HEADER = ["Школа", "МО", "Ученики", "Доля", "Открыта", "Библиотека", "Сельская", "Вид"]
ROWS = [
    ["Ш1", "Гурьевский", "100", "0,5", "01.09.1990", "да", "с", "СОШ"],
    ["Ш2", "-", "-", "–", "—", " – ", "-", "-"],
    ["Ш3", "без МО", "-999", "не заполнено", "НЕ ЗАПОЛНЕНО", "Не заполнено", "г", "?"],
    ["Ш4", "Светлый", "-5", "-0,5", "01.09.2000", "-", "г", "ООШ"],
]
EXPECTED = {
    "school": ["Ш1", "Ш2", "Ш3", "Ш4"],
    "municipality": ["Гурьевский", None, None, "Светлый"],
    "pupils": [100, None, None, -5],
    "share": [0.5, None, None, -0.5],
    "opened": [dt.date(1990, 9, 1), None, None, dt.date(2000, 9, 1)],
    # "-" is «нет» among the default yes/no words: the column's own words come first
    "library": [True, None, None, False],
    "rural": [True, None, False, False],
    "kind": ["СОШ", None, None, "ООШ"],
}


@pytest.fixture
def rules(write: Write, tmp_path: Path) -> mayak.Ruleset:
    write("specs/schools.yaml", DATASET)
    write("specs/pupils.yaml", INDICATOR)
    return mayak.load(tmp_path / "specs")


def _typed(frame: pl.DataFrame) -> dict[str, list[object]]:
    return frame.with_columns(pl.col("kind").cast(pl.String)).select(*EXPECTED).to_dict(
        as_series=False)


def _no_unreadable(problems: tuple[mayak.Problem, ...]) -> None:
    assert not [p for p in problems if p.code.startswith("data.")], problems


def _check_unknowns(result: mayak.Result) -> None:
    """Marked cells are unknown in the variables: counted as unknown, never 0 or false."""
    total = result.variables.filter(pl.col("level") == "total")
    unknown = dict(zip(total["variable"], total["unknown"], strict=True))
    assert unknown == {"P": 2, "S": 2, "L": 2, "R": 1, "K": 2, "D": 2}
    # 100 and -5: the marked rows are skipped as unknown (P says so), not added as zeros
    assert result.value("pupils") == 95
    values = dict(zip(total["variable"], total["value"], strict=True))
    assert values["S"] is None  # a sum over unknown cells is unknown by default


def test_csv(rules: mayak.Ruleset, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    lines = [";".join(row) for row in (HEADER, *ROWS)]
    (folder / "schools.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = rules.read(folder)
    _no_unreadable(data.problems)
    assert _typed(data.frames["schools"].collect()) == EXPECTED
    _check_unknowns(rules.evaluate(data))


def test_xlsx(rules: mayak.Ruleset, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with xlsxwriter.Workbook(folder / "schools.xlsx") as book:
        sheet = book.add_worksheet("Школы")
        for r, row in enumerate((HEADER, *ROWS)):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
        sheet.write_number(3, 2, -999)  # a typed number cell is compared by its text too
        sheet.write_number(4, 2, -5)  # a typed negative number is a number
    data = rules.read(folder)
    _no_unreadable(data.problems)
    assert _typed(data.frames["schools"].collect()) == EXPECTED
    _check_unknowns(rules.evaluate(data))


def _text_frame() -> pl.DataFrame:
    return pl.DataFrame([list(column) for column in zip(*ROWS, strict=True)],
                        schema={h: pl.String for h in HEADER}, orient="col")


def test_parquet(rules: mayak.Ruleset, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    _text_frame().with_columns(pl.col("Вид").cast(pl.Categorical)).write_parquet(
        folder / "schools.parquet")
    data = rules.read(folder)
    _no_unreadable(data.problems)
    assert _typed(data.frames["schools"].collect()) == EXPECTED
    _check_unknowns(rules.evaluate(data))


def test_frame_in_memory(rules: mayak.Ruleset) -> None:
    frame = _text_frame().rename(dict(zip(HEADER, EXPECTED, strict=True)))
    result = rules.evaluate({"schools": frame})
    _no_unreadable(result.problems)
    _check_unknowns(result)


@pytest.mark.parametrize("marker", ["-", "без МО", "БЕЗ МО", " – "])
def test_marked_level_keys_are_unknown(rules: mayak.Ruleset, marker: str) -> None:
    # municipality is read by no expression: its keys are checked once aggregated, and the
    # column's own marker («без МО») must count there as the defaults do.
    frame = _text_frame().rename(dict(zip(HEADER, EXPECTED, strict=True))).with_columns(
        municipality=pl.Series(["Гурьевский", marker, marker, "Светлый"]))
    result = rules.evaluate({"schools": frame}, levels="municipality")
    keys = result.indicators.filter(pl.col("level") == "municipality")["key"].to_list()
    assert sorted(keys, key=str) == sorted(["Гурьевский", "Светлый", None], key=str)


def test_a_lone_dash_in_a_text_column_is_unknown(rules: mayak.Ruleset) -> None:
    frame = pl.DataFrame({"school": ["-", "–", "—", "-5", "не заполнено", "a-b", " - "]})
    read = conform(frame, rules.datasets["schools"], "<schools>").frame.collect()
    assert read["school"].to_list() == [None, None, None, "-5", None, "a-b", None]


def test_markers_of_each_column(rules: mayak.Ruleset) -> None:
    columns = rules.datasets["schools"].columns
    assert markers_of(columns["share"]) == (*UNKNOWN_MARKERS, "не заполнено")
    assert markers_of(columns["pupils"]) == (*UNKNOWN_MARKERS, "не заполнено", "-999")
    assert "-" not in markers_of(columns["library"])  # «нет» by the default words
    assert "-" in markers_of(columns["rural"])  # its own words do not include it


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> mayak.Dataset:
    folder = tmp_path_factory.mktemp("specs")
    (folder / "schools.yaml").write_text(DATASET, encoding="utf-8")
    (folder / "pupils.yaml").write_text(INDICATOR, encoding="utf-8")
    return mayak.load(folder).datasets["schools"]


@st.composite
def _spelled(draw: st.DrawFn) -> str:
    """A marker as people type it: any case, spaces around."""
    marker = draw(st.sampled_from([*UNKNOWN_MARKERS, "не заполнено", "-999"]))
    case = draw(st.sampled_from([str.lower, str.upper, str.capitalize, str.title]))
    pad = draw(st.sampled_from(["", " ", "\t", "  "]))
    return f"{pad}{case(marker)}{pad}"


@given(numbers=st.lists(st.integers(-10**6, 10**6).filter(lambda n: n != -999), min_size=1,
                        max_size=20),
       marks=st.lists(_spelled(), min_size=1, max_size=20))
@settings(max_examples=60, deadline=None)
def test_numbers_stay_and_markers_are_unknown(schools: mayak.Dataset, numbers: list[int],
                                              marks: list[str]) -> None:
    cells = [*map(str, numbers), *marks]
    read = conform(pl.DataFrame({"pupils": cells, "share": cells}), schools, "<schools>")
    assert not [p for p in read.problems if p.severity == "error"]
    typed = read.frame.collect()
    assert typed["pupils"].to_list() == [*numbers, *[None] * len(marks)]
    # "-999" is a marker of pupils only: in share it is a number
    share = [-999.0 if m.strip() == "-999" else None for m in marks]
    assert typed["share"].to_list() == [*map(float, numbers), *share]
