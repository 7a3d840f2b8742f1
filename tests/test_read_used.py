"""Reading only the columns an evaluation uses: the same problems, the same values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import mayak
import polars as pl
import pytest
from mayak.io._read import read_dataset

from tests.test_data import CSV, DATASET, Write

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kaliningrad-2023"
RULES = Path(__file__).resolve().parent.parent / "rules" / "kaliningrad"


@pytest.fixture
def people(write: Write, tmp_path: Path) -> mayak.Ruleset:
    write("specs/people.yaml", DATASET)
    return mayak.load(tmp_path / "specs")


def _parquet(tmp_path: Path) -> Path:
    """Typed columns, some plain (kept as they are) and some checked, with bad cells in
    the checked ones and a repeated key."""
    path = tmp_path / "people.parquet"
    pl.DataFrame({
        "Идентификатор": ["P1", "P2", "P2", " P4"],
        "Муниципалитет": ["Гусев", " нет данных", "Гусев", None],
        "Стаж": [1.5, -2.0, float("nan"), 3.0],
        "Уроки": [1, 2, 3, 4],
        "Член РМА": [True, None, False, True],
        "Дата приёма": [date(2015, 9, 1), date(1023, 1, 1), None, date(2020, 2, 29)],
        "Категория": ["высшая", "вторая", None, "первая"],
    }).write_parquet(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
@pytest.mark.parametrize("used", [frozenset(), frozenset({"municipality"}),
                                  frozenset({"lessons", "member"})])
def test_problems_and_values_are_those_of_a_full_read(people: mayak.Ruleset, tmp_path: Path,
                                                      suffix: str, used: frozenset[str]
                                                      ) -> None:
    if suffix == ".csv":
        path = tmp_path / "people.csv"
        path.write_text(CSV + "P1;Гусев;1;2;да;01.09.2015;первая\n", encoding="utf-8")
    else:
        path = _parquet(tmp_path)
    dataset = people.datasets["people"]
    full = read_dataset(path, dataset, path.name)
    some = read_dataset(path, dataset, path.name, used=used)
    assert some.problems == full.problems
    assert some.problems  # bad cells and a repeated key, reported either way
    assert some.unreadable.equals(full.unreadable)
    assert some.headers == full.headers
    kept = some.frame.collect()
    assert kept.equals(full.frame.collect().select(kept.columns))
    assert {"_row", "person_id", *used} <= set(kept.columns)  # the key: repeats are checked


def test_plain_unused_columns_are_left_out(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = _parquet(tmp_path)
    some = read_dataset(path, people.datasets["people"], path.name, used=frozenset())
    # Text as it is: nothing to check. A whole number may be beyond ±2**53, a float NaN, a
    # date implausible, a text category unknown: those are read and checked.
    assert some.frame.collect_schema().names() == [
        "_row", "person_id", "experience", "lessons", "hired", "category"]


def test_evaluate_folder_is_evaluate_of_read() -> None:
    rules = mayak.load([RULES])
    data = EXAMPLE / "data"
    whole = rules.evaluate(rules.read(data), levels=["municipality"])
    used = rules.evaluate_folder(data, levels="municipality")
    assert used.indicators.equals(whole.indicators)
    assert used.variables.equals(whole.variables)
    assert used.recommendations.equals(whole.recommendations)
    assert used.problems == whole.problems


def test_evaluate_folder_reads_what_the_expressions_and_levels_need(write: Write,
                                                                     tmp_path: Path) -> None:
    write("specs/people.yaml", DATASET)
    write("specs/share.yaml", """
        kind: indicator
        id: member_share
        title: Доля
        unit: percent
        variables:
          A: {count: people, where: member and lessons > 1}
          Z: {count: people}
        formula: A / Z * 100
        rounding: 1
    """)
    rules = mayak.load(tmp_path / "specs")
    folder = tmp_path / "data"
    folder.mkdir()
    _parquet(folder)
    whole = rules.evaluate(rules.read(folder), levels="municipality")
    used = rules.evaluate_folder(folder, levels="municipality")
    assert used.indicators.equals(whole.indicators)
    assert used.variables.equals(whole.variables)
    assert used.problems == whole.problems
    assert whole.indicators.height == 3  # the total and two municipalities (one unknown)


def test_missing_optional_columns_not_used_are_named_together(people: mayak.Ruleset,
                                                              tmp_path: Path) -> None:
    # A file with the key and the municipality only. A missing column the evaluation uses is
    # named on its own (its values are unknown); those it does not use, in one warning.
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор;Муниципалитет\nP1;Гусев\n", encoding="utf-8")
    dataset = people.datasets["people"]
    full = read_dataset(path, dataset, path.name)
    some = read_dataset(path, dataset, path.name, used=frozenset({"municipality", "lessons"}))
    assert [p.params["column"] for p in full.problems if p.code == "data.missing_optional"] == [
        "experience", "lessons", "member", "hired", "category"]
    assert not [p for p in full.problems if p.code == "data.missing_unused"]
    assert [p.params["column"] for p in some.problems if p.code == "data.missing_optional"] == [
        "lessons"]
    [together] = [p for p in some.problems if p.code == "data.missing_unused"]
    assert together.params["columns"] == "«experience», «member», «hired», «category»"
    assert together.severity == "warning" and together.location.file == path.name
    assert "not use: «experience»" in together.render("en")
    assert some.frame.collect().get_column("lessons").null_count() == 1


UNITS_LOOKED_UP = {
    "units.yaml": """
        kind: dataset
        id: units
        title: Единицы
        key: municipality
        period: year
        columns:
          municipality: {type: string, title: МО}
          year: {type: integer, title: Год}
          kind: {type: string, title: Тип}
    """,
    "staff.yaml": """
        kind: dataset
        id: staff
        title: Сотрудники
        key: person
        lookup:
          - {dataset: units, take: [kind]}
        columns:
          person: {type: string}
          municipality: {type: string, title: МО}
    """,
    "people.yaml": """
        kind: indicator
        id: people
        title: Городские сотрудники
        unit: number
        variables:
          N: {count: staff, where: "kind == 'город'"}
        formula: N
    """,
}


@pytest.mark.parametrize("units_file", ["typed period", "no period column"])
def test_a_table_only_looked_up_keeps_its_period_column(write: Write, tmp_path: Path,
                                                       units_file: str) -> None:
    # Every dataset with a period column is asked which periods its rows are of, so that
    # column is read even when no variable names the dataset: a Parquet file's typed year
    # was left out as unused (the query then failed), and so was a missing one.
    for name, body in UNITS_LOOKED_UP.items():
        write(f"rules/{name}", body)
    data = tmp_path / "data"
    data.mkdir()
    (data / "staff.csv").write_text("person;МО\np1;А\np2;Б\n", encoding="utf-8")
    if units_file == "typed period":
        pl.DataFrame({"МО": ["А", "Б"], "Год": [2023, 2023], "Тип": ["город", "село"]}
                     ).write_parquet(data / "units.parquet")
    else:
        (data / "units.csv").write_text("МО;Тип\nА;город\nБ;село\n", encoding="utf-8")
    result = mayak.load(tmp_path / "rules").evaluate_folder(data, period=2023)
    assert result.indicators.get_column("value").to_list() == [1.0]
    missing = [p.params.get("column") for p in result.problems
               if p.code in ("data.missing_optional", "data.missing_unused")]
    assert missing == ([] if units_file == "typed period" else ["year"])
