"""A units table with a period column, looked up from rows with a period column of the same
kind: each row takes its own period's attributes (a unit's class may change between the
years), a key repeated across periods is no repeat, and a key missing in one period is said
so. Expected groups are computed from the frames with plain Polars."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl

Write = Callable[[str, str], Path]

UNITS = pl.DataFrame({
    "municipality": ["А", "Б", "В", "А", "Б"],
    "year": [2022, 2022, 2022, 2023, 2023],
    "teachers": [50, 130, 100, 130, 50],  # А and Б swap classes; В has no 2023 row
    "methodists": [1, 1, 1, 1, 1]})
STAFF = pl.DataFrame({
    "person": [f"p{n}" for n in range(10)],
    "municipality": ["А", "А", "Б", "В", "А", "А", "А", "Б", "Б", "В"],
    "year": [2022, 2022, 2022, 2022, 2023, 2023, 2023, 2023, 2023, 2023]})


def _rules(write: Write) -> None:
    write("units.yaml", """
        kind: dataset
        id: units
        title: Муниципалитеты по годам
        key: municipality
        period: year
        columns:
          municipality: {type: string, title: МО}
          year: {type: integer, title: Год}
          teachers: {type: integer}
          methodists: {type: integer}
        """)
    write("provision.yaml", """
        kind: classification
        id: provision
        title: Обеспеченность
        dataset: units
        value: teachers / methodists
        round: floor
        classes:
          - {id: до 60, to: 60}
          - {id: больше 60, above: 60}
        """)
    write("staff.yaml", """
        kind: dataset
        id: staff
        title: Работники
        key: person
        period: year
        lookup:
          - {dataset: units, take: [provision]}
        columns:
          person: {type: string}
          municipality: {type: string, title: МО}
          year: {type: integer}
        """)
    write("people.yaml", """
        kind: indicator
        id: people
        title: Работники
        unit: number
        variables:
          N: {count: staff}
        formula: N
        """)


def _expected(year: int) -> dict[str | None, float]:
    """People per class of their municipality in ``year``, the class computed here."""
    classes = UNITS.filter(pl.col("year") == year).select(
        "municipality", pl.when((pl.col("teachers") / pl.col("methodists")).floor() <= 60)
        .then(pl.lit("до 60")).otherwise(pl.lit("больше 60")).alias("provision"))
    rows = STAFF.filter(pl.col("year") == year).join(classes, on="municipality", how="left")
    counts = rows.group_by("provision").len()
    return {k: float(v) for k, v in counts.iter_rows()}


def _groups(result: mayak.Result) -> dict[str | None, float]:
    """People per class as Mayak counts them; a group with rows in the other year only is
    «нет данных» in this one, and left out."""
    rows = result.indicators.filter((pl.col("level") == "provision")
                                    & pl.col("value").is_not_null())
    return dict(zip(rows["key"], rows["value"], strict=True))


def test_each_row_takes_its_own_periods_class(write: Write, tmp_path: Path) -> None:
    _rules(write)
    rules = mayak.load(tmp_path)
    for year in (2022, 2023):
        result = rules.evaluate({"units": UNITS, "staff": STAFF}, period=year,
                                levels="provision")
        assert _groups(result) == _expected(year)
        codes = [p.code for p in result.problems]
        assert "lookup.duplicate_key" not in codes  # a key once per year is no repeat


def test_a_key_without_a_row_in_the_rows_period_is_named(write: Write,
                                                         tmp_path: Path) -> None:
    _rules(write)
    result = mayak.load(tmp_path).evaluate({"units": UNITS, "staff": STAFF}, period=2023)
    [problem] = [p for p in result.problems if p.code == "lookup.no_period_row"]
    said = problem.render("ru")
    assert "«В» (2023)" in said and "«units»" in said
    assert "«А»" not in said and "«Б»" not in said


def test_dated_rows_take_the_class_of_their_year(write: Write, tmp_path: Path) -> None:
    _rules(write)
    staff = tmp_path / "staff.yaml"
    staff.write_text(staff.read_text("utf-8").replace(
        "year: {type: integer}", "year: {type: date}"), encoding="utf-8")
    dated = STAFF.with_columns(pl.date(pl.col("year"), 6, 15).alias("year"))
    rules = mayak.load(tmp_path)
    for year in (2022, 2023):
        result = rules.evaluate({"units": UNITS, "staff": dated}, period=year,
                                levels="provision")
        assert _groups(result) == _expected(year)


def test_the_period_compared_with_takes_its_own_periods_class(write: Write,
                                                              tmp_path: Path) -> None:
    """Compared with 2022, each group's earlier value counts the 2022 rows by their 2022
    class, as an evaluation of 2022 alone does."""
    _rules(write)
    rules = mayak.load(tmp_path)
    result = rules.evaluate({"units": UNITS, "staff": STAFF}, period=2023,
                            levels="provision", compare=True)
    rows = result.indicators.filter(pl.col("level") == "provision")
    earlier = {k: v for k, v in zip(rows["key"], rows["previous"], strict=True)
               if v is not None}
    assert earlier == _expected(2022)
    assert _groups(result) == _expected(2023)
