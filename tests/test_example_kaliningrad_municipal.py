"""The example examples/kaliningrad-municipal-2022-2023, run as its README says: every
indicator per municipality for 2023 and for 2022 equals hand-written Polars over the same CSV
files, the change is the difference of the two, and the mess left in the data is reported
with its file and row."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
RULES, DATA = EXAMPLE / "rules", EXAMPLE / "data"
YEARS = (2022, 2023)
Values = dict[tuple[str, str | None], float | None]  # (indicator, municipality) -> value


def _csv(name: str) -> pl.DataFrame:
    return pl.read_csv(DATA / f"{name}.csv", infer_schema=False)


def _share(frame: pl.DataFrame, numerator: pl.Expr, denominator: pl.Expr | None,
           by: str | None, scale: float = 100) -> dict[str | None, float]:
    """Per municipality (``by``) or in total: rows meeting ``numerator`` among those meeting
    ``denominator`` (None: all rows), times ``scale``, unrounded (a condition that cannot say
    counts in neither)."""
    grouped = frame.group_by(by) if by else frame.group_by(pl.lit(None).alias("_"))
    out = grouped.agg(numerator.fill_null(False).sum().alias("a"),
                      pl.len().alias("z") if denominator is None
                      else denominator.fill_null(False).sum().alias("z"))
    return {row[0]: row[1] / row[2] * scale for row in out.iter_rows()}


def _workforce(year: int) -> pl.DataFrame:
    frame = _csv("workforce").filter(pl.col("Год") == str(year))
    return frame.with_columns(
        (pl.col("Категория") == "педагогический работник").alias("teacher"),
        pl.col("Возраст").cast(pl.Int64, strict=False).alias("age"),
        pl.col("Стаж").cast(pl.Float64, strict=False).alias("experience"),
        *[(pl.col(c) == "да").alias(c) for c in
          ("Диагностика пройдена", "ИОМ", "Программа ФР ДПП", "Наставничество")])


def _expected(year: int, by: str | None) -> dict[str, dict[str | None, float]]:
    """Each indicator's unrounded value in ``year``, hand-written over the CSV files."""
    staff = _workforce(year).rename({"Муниципальное образование": "mo"})
    everyone = None
    teacher = pl.col("teacher")
    young = teacher & (pl.col("age") < 35) & (pl.col("experience") <= 3)
    mo = "mo" if by else None
    teams = _csv("management_teams").filter(pl.col("Год") == str(year)).rename(
        {"Муниципальное образование": "mo"})
    events = _csv("events").with_columns(
        pl.col("Дата").str.to_date("%d.%m.%Y").dt.year().alias("year")).filter(
        pl.col("year") == year)
    counted = events.group_by(pl.col("МО").alias("mo") if by else pl.lit(None)).len()
    teachers = staff.group_by(mo if by else pl.lit(None).alias("_")).agg(teacher.sum())
    per_teacher = dict(teachers.iter_rows())
    expected = {
        "diagnosed_share": _share(staff, pl.col("Диагностика пройдена"), everyone, mo),
        "iom_share": _share(staff, pl.col("Диагностика пройдена") & pl.col("ИОМ"), everyone,
                            mo),
        "frdpp_course_share": _share(staff, teacher & pl.col("Программа ФР ДПП"), teacher, mo),
        "young_support_share": _share(staff, young & pl.col("Наставничество"), young, mo),
        "management_training_share": _share(
            teams, pl.col("Повышение квалификации команды") == "да", everyone, mo),
        "events_per_100_teachers": {key: n / per_teacher[key] * 100
                                    for key, n in counted.iter_rows()},
    }
    if by is None:
        programmes = _csv("dpo_programs").filter(pl.col("Год") == str(year))
        expected["frdpp_program_share"] = _share(programmes, pl.col("ФР ДПП") == "да",
                                                 everyone, None)
    if year == YEARS[1]:  # the units table has no year: it is the reporting year's
        units = _csv("municipalities").select(
            pl.col("Муниципальное образование").alias("mo"),
            pl.col("Число педагогов").cast(pl.Int64))
        registered = dict(units.iter_rows()) if by else {None: units["Число педагогов"].sum()}
        expected["monitoring_coverage"] = {key: per_teacher[key] / registered[key] * 100
                                           for key in registered}
    return expected


def _round(value: float) -> float:
    """One decimal, half away from zero, as the indicators' ``rounding: 1``."""
    return pl.Series([value]).round(1, mode="half_away_from_zero").item()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def result() -> mayak.Result:
    return mayak.load(RULES).evaluate_folder(DATA, levels="municipality")


def _values(rows: pl.DataFrame, column: str) -> Values:
    return {(r["indicator"], r["key"]): r[column] for r in rows.iter_rows(named=True)}


def test_the_report_is_2023_compared_with_2022(result: mayak.Result) -> None:
    assert result.period == mayak.Period.of("year", YEARS[1])
    assert result.compared_with == mayak.Period.of("year", YEARS[0])


def test_the_report_has_the_22_municipalities(result: mayak.Result) -> None:
    names = set(_csv("municipalities")["Муниципальное образование"])
    assert len(names) == 22
    municipal = result.indicators.filter(pl.col("level") == "municipality")
    for indicator, keys in municipal.group_by("indicator").agg("key").iter_rows():
        assert set(keys) == names, indicator


@pytest.mark.parametrize(("year", "column"), [(YEARS[1], "value"), (YEARS[0], "previous")])
@pytest.mark.parametrize("level", ["total", "municipality"])
def test_every_value_equals_hand_written_polars(result: mayak.Result, year: int, column: str,
                                                level: str) -> None:
    rows = result.indicators.filter(pl.col("level") == level)
    got = _values(rows, column)
    expected = _expected(year, "mo" if level == "municipality" else None)
    wanted = {(indicator, key): _round(value) for indicator, values in expected.items()
              for key, value in values.items()}
    assert {k: got[k] for k in wanted} == wanted
    # What the hand computation has no value for is unknown, not 0: the coverage in 2022
    # (the units table is of the reporting year) and nothing else.
    unknown = {k for k, v in got.items() if v is None}
    assert unknown == set(got) - set(wanted)
    assert {i for i, _ in unknown} <= {"monitoring_coverage"}


def test_the_change_is_the_value_less_the_previous(result: mayak.Result) -> None:
    rows = result.indicators.filter(pl.col("previous").is_not_null())
    assert rows.height > 22 * 6
    for row in rows.iter_rows(named=True):
        assert row["change"] == _round(row["value"] - row["previous"]), row
        ratio = row["value"] / row["previous"] if row["previous"] else None
        assert row["ratio"] == pytest.approx(ratio, abs=5e-4), row  # shown to 3 digits


def test_the_planned_value_raised_in_2023_says_the_method_changed(
        result: mayak.Result) -> None:
    rows = result.indicators.filter(pl.col("level") == "total")
    method = dict(zip(rows["indicator"], rows["method"], strict=True))
    assert method.pop("diagnosed_share") == "методика изменилась"
    assert set(method.values()) == {None}
    changed = [p for p in result.problems if p.code == "compare.method_changed"]
    assert len(changed) == 1 and "«≥ 35» → «≥ 45»" in changed[0].message("ru")
    diagnosed = rows.filter(pl.col("indicator") == "diagnosed_share").row(0, named=True)
    assert diagnosed["planned"] == "≥ 45"
    assert diagnosed["previous_status"] == ("met" if diagnosed["previous"] >= 35
                                            else "not_met")


def test_the_mess_in_the_data_is_reported_with_file_and_row(result: mayak.Result) -> None:
    workforce = _csv("workforce").with_row_index("line", offset=2)  # the header is line 1
    no_year = workforce.filter(pl.col("Год").is_null())["line"].to_list()
    assert len(no_year) == 1
    found = [p for p in result.problems if p.code == "data.rows_without_period"]
    assert len(found) == 1 and found[0].location is not None
    assert found[0].location.file.endswith("workforce.csv")
    assert found[0].location.row == no_year[0]
    assert found[0].location.column == "Год"
    # «-» for an age: the row is neither young nor not, and the calculation counts it aside.
    dashed = workforce.filter(pl.col("Возраст") == "-")
    assert dashed.height == 1 and dashed["Год"].item() == str(YEARS[1])
    unknown = result.variables.filter(pl.col("indicator") == "young_support_share",
                                      pl.col("level") == "total")["unknown"].to_list()
    assert unknown == [dashed.height] * 2  # a young newcomer's row: in A's and Z's condition
    empty = [p for p in result.problems if p.code == "data.period_empty"]
    assert [p.location.file.endswith("municipalities.csv") for p in empty
            if p.location is not None] == [True]


def _cli(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args))
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_the_commands_of_the_readme(tmp_path: Path, result: mayak.Result) -> None:
    code, _, err = _cli("validate", str(RULES))
    assert code == 0 and "Спецификации корректны" in err
    code, out, err = _cli("report", "--rules", str(RULES), "--data", str(DATA), "--level",
                          "municipality", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert (document["period"], document["compared_with"]) == ("2023", "2022")
    rows = pl.DataFrame(document["indicators"]).select("indicator", "key", "value",
                                                       "previous", "change")
    engine = result.indicators.select(rows.columns)
    assert rows.sort("indicator", "key").equals(engine.sort("indicator", "key"))
    assert "workforce.csv: строка" in err and "не указан период" in err
    report = tmp_path / "report.md"
    code, _, _ = _cli("report", "--rules", str(RULES), "--data", str(DATA), "--level",
                      "municipality", "--format", "md", "-o", str(report))
    text = report.read_text("utf-8")
    assert code == 0 and "2023 г. (в сравнении с: 2022 г.)" in text
    assert "Значение, 2022 г." in text and "Изменение" in text and "методика изменилась" in text
    assert sum(line.count("Муниципальное образование: ") for line in text.splitlines()) == (
        result.indicators.filter(pl.col("level") == "municipality").height)
    # The excerpt the example's README pastes is the report's, line for line.
    pasted = [line for line in (EXAMPLE / "README.md").read_text("utf-8").splitlines()
              if line.startswith("| Доля") or line.startswith("| Полнота")
              or line.startswith("| Число")]
    assert len(pasted) >= 8 and set(pasted) <= set(text.splitlines())


def test_generator_reproduces_the_committed_data(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("municipal_generate",
                                                  EXAMPLE / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    committed = sorted(DATA.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in committed]
    for path in committed:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
