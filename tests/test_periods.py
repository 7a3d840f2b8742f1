"""Periods: labels, a dataset's period column, the previous period, comparison of two
periods, planned values by period. Expected values come from hand-written Polars over the
same frames, never from numbers typed in."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from mayak import Period, parse_period
from mayak_cli._main import main

Write = Callable[[str, str], Path]


@pytest.mark.parametrize(("label", "code"), [
    (2023, "2023"), ("2023", "2023"), ("2023 г.", "2023"), ("2023 год", "2023"),
    (2023.0, "2023"), ("2023.0", "2023"),
    ("III квартал 2024", "2024-Q3"), ("III квартал 2024 г.", "2024-Q3"),
    ("3 кв. 2024", "2024-Q3"), ("2024-Q3", "2024-Q3"), ("Q3 2024", "2024-Q3"),
    ("iv кв 2024", "2024-Q4"),
    ("I полугодие 2024", "2024-H1"), ("1-е полугодие 2024", "2024-H1"), ("2024-H2", "2024-H2"),
    ("март 2024", "2024-03"), ("марта 2024 г.", "2024-03"), ("03.2024", "2024-03"),
    ("2024-03", "2024-03"), ("May 2024", "2024-05"), ("мая 2024", "2024-05"),
])
def test_labels_people_write_name_their_period(label: object, code: str) -> None:
    found = parse_period(label)
    assert found is not None and found.code == code


@pytest.mark.parametrize("label", [
    "5 квартал 2024", "2024-Q5", "V квартал 2024", "2024-13", "декада 2024", "1989", "2101",
    "III полугодие 2024", "", "прошлый год", True, None, 2023.5])
def test_labels_naming_no_period_are_refused(label: object) -> None:
    assert parse_period(label) is None


def test_labels_in_russian_and_english() -> None:
    assert Period.of("quarter", 2024, 3).label("ru") == "III квартал 2024 г."
    assert Period.of("half", 2024, 1).label("ru") == "I полугодие 2024 г."
    assert Period.of("year", 2023).label("ru") == "2023 г."
    assert Period.of("month", 2024, 3).label("ru") == "март 2024 г."
    assert Period.of("quarter", 2024, 3).label("en") == "Q3 2024"
    assert Period.of("quarter", 2024, 1).previous() == Period.of("quarter", 2023, 4)
    assert Period.of("year", 2024).contains(Period.of("month", 2024, 12))
    assert not Period.of("quarter", 2024, 1).contains(Period.of("month", 2024, 4))


PERIODS = st.builds(
    lambda kind, year, n: Period.of(kind, year, min(n, {"year": 1, "half": 2, "quarter": 4,
                                                        "month": 12}[kind])),
    st.sampled_from(["year", "half", "quarter", "month"]), st.integers(1991, 2100),
    st.integers(1, 12))


@given(PERIODS)
def test_every_label_reads_back_as_its_period(period: Period) -> None:
    assert parse_period(period.code) == period
    assert parse_period(period.label("ru")) == period
    assert parse_period(period.label("en")) == period
    assert period.previous().last + 1 == period.first


def _events_rules(write: Write, column_type: str = "period") -> None:
    write("events.yaml", f"""
        kind: dataset
        id: events
        title: События
        period: when
        columns:
          when: {{type: {column_type}, title: Период}}
          municipality: {{type: string, title: МО}}
          participants: {{type: integer, title: Участники}}
    """)
    write("people.yaml", """
        kind: indicator
        id: people
        title: Участники
        unit: number
        variables:
          P: {sum: events, of: participants}
          N: {count: events}
        formula: P
    """)
    write("growth.yaml", """
        kind: indicator
        id: growth
        title: Рост числа участников
        unit: coefficient
        variables:
          d1: {sum: events, of: participants}
          d2: {sum: events, of: participants, period: previous}
        formula: d1 / d2
        rounding: 2
    """)


EVENTS = pl.DataFrame({
    "when": ["III квартал 2024", "2024-Q3", "II кв. 2024", "2 квартал 2024", "2024-Q3",
             "I квартал 2024"],
    "municipality": ["Гурьевский", "Зеленоградский", "Гурьевский", "Светлогорский",
                     "Гурьевский", "Гурьевский"],
    "participants": [10, 5, 4, 2, 3, 8],
})


def _expected(frame: pl.DataFrame, quarter: str) -> pl.DataFrame:
    """Hand-written Polars: the sums per municipality in one quarter."""
    codes = frame.with_columns(pl.col("when").map_elements(
        lambda t: parse_period(t).code, return_dtype=pl.String))  # type: ignore[union-attr]
    return (codes.filter(pl.col("when") == quarter).group_by("municipality")
            .agg(pl.col("participants").sum()).sort("municipality"))


def test_values_of_the_reporting_period_and_the_previous_one(write: Write,
                                                              tmp_path: Path) -> None:
    _events_rules(write)
    rules = mayak.load(tmp_path)
    result = rules.evaluate({"events": EVENTS}, period="III квартал 2024",
                            levels="municipality", compare=True)
    rows = result.indicators.filter(pl.col("indicator") == "people",
                                    pl.col("level") == "municipality").sort("key")
    now, then = _expected(EVENTS, "2024-Q3"), _expected(EVENTS, "2024-Q2")
    # Светлогорский held no event in the third quarter, which has rows: its sum is 0. It is
    # a group of the report because growth reads its rows of the quarter before.
    assert dict(zip(rows["key"], rows["value"], strict=True)) == dict(
        zip(now["municipality"], now["participants"].cast(pl.Float64), strict=False)) | {
        "Светлогорский": 0.0}
    previous = dict(zip(rows["key"], rows["previous"], strict=True))
    assert previous["Гурьевский"] == then.filter(pl.col("municipality") == "Гурьевский")[
        "participants"].item()
    assert previous["Зеленоградский"] is None  # no rows then: not a group of that quarter
    guryevsky = rows.filter(pl.col("key") == "Гурьевский").row(0, named=True)
    assert guryevsky["change"] == guryevsky["value"] - guryevsky["previous"]
    assert guryevsky["ratio"] == round(guryevsky["value"] / guryevsky["previous"], 3)
    total = result.indicators.filter(pl.col("indicator") == "growth",
                                     pl.col("level") == "total").row(0, named=True)
    assert total["value"] == round(now["participants"].sum() / then["participants"].sum(), 2)
    # The quarter before the second has rows too: the earlier growth is known.
    first = _expected(EVENTS, "2024-Q1")["participants"].sum()
    assert total["previous"] == round(then["participants"].sum() / first, 2)
    codes = [p.code for p in result.problems]
    assert codes.count("compare.one_period_only") == 2  # Зеленоградский, Светлогорский
    assert result.period == Period.of("quarter", 2024, 3)
    assert result.compared_with == Period.of("quarter", 2024, 2)


@pytest.mark.parametrize(("column_type", "cells"), [
    ("integer", [2023, 2024, 2024, None]),
    ("date", [dt.date(2023, 5, 1), dt.date(2024, 1, 9), dt.date(2024, 12, 31), None]),
    ("period", ["2023", "2024 г.", "IV квартал 2024", None]),
])
def test_a_period_column_may_hold_years_dates_or_labels(write: Write, tmp_path: Path,
                                                        column_type: str,
                                                        cells: list[object]) -> None:
    _events_rules(write, column_type)
    frame = pl.DataFrame({"when": cells, "municipality": ["a", "a", "b", "b"],
                          "participants": [1, 2, 4, 8]})
    result = mayak.load(tmp_path).evaluate({"events": frame}, period=2024)
    assert result.value("people") == 6  # the rows of 2024 (a quarter of it included)
    assert result.value("growth") == 6.0  # 2024 against 2023
    missing = [p for p in result.problems if p.code == "data.rows_without_period"]
    assert len(missing) == 1 and missing[0].location is not None
    assert missing[0].location.row == 4  # a frame's rows are numbered from 1


def test_a_period_without_rows_is_unknown_not_zero(write: Write, tmp_path: Path) -> None:
    _events_rules(write)
    result = mayak.load(tmp_path).evaluate({"events": EVENTS}, period="IV квартал 2024")
    assert result.value("people") is None
    rows = result.variables.filter(pl.col("indicator") == "people", pl.col("variable") == "N")
    assert rows["value"].to_list() == [None]  # a count too: the period's data is not there
    assert any(p.code == "data.period_empty" and "IV квартал 2024" in p.message("ru")
               for p in result.problems)


def _staff_rules(write: Write, *, dated: bool) -> None:
    """Teachers and methodists by municipality, with a year column or without one, and a
    recommendation where a municipality has teachers but no methodist."""
    for name, key in (("teachers", "tid"), ("methodists", "mid")):
        write(f"{name}.yaml", f"""
            kind: dataset
            id: {name}
            title: {name}
            {"period: year" if dated else ""}
            columns:
              {"year: {type: integer, title: Год}" if dated else ""}
              {key}: {{type: string, title: Код, required: true}}
              municipality: {{type: string, title: МО}}
        """)
    write("tpm.yaml", """
        kind: indicator
        id: tpm
        title: Педагогов на методиста
        unit: number
        variables:
          Z: {count: teachers}
          M: {count: methodists}
        formula: Z / M
    """)
    write("advice.yaml", """
        kind: recommendations
        id: advice
        title: Рекомендации
        indicator: tpm
        level: municipality
        audience: КИРО
        rules:
          - id: none
            when: M == 0 and Z > 0
            text: "МО «{key}»: методистов нет"
    """)


def test_a_unit_without_rows_in_the_period_counts_zero_as_in_data_of_one_period(
        write: Write, tmp_path: Path) -> None:
    teachers = pl.DataFrame({"year": [2025, 2025, 2025, 2024], "tid": ["1", "2", "3", "4"],
                             "municipality": ["А", "А", "Б", "В"]})
    methodists = pl.DataFrame({"year": [2025, 2024], "mid": ["m1", "m2"],
                               "municipality": ["А", "Б"]})
    _staff_rules(write, dated=True)
    dated = mayak.load(tmp_path).evaluate({"teachers": teachers, "methodists": methodists},
                                          period=2025, levels="municipality")
    # The same rules and the rows of 2025 alone, without a year column.
    (tmp_path / "undated").mkdir()
    _staff_rules(lambda name, body: write(f"undated/{name}", body), dated=False)
    of_2025 = {name: frame.filter(pl.col("year") == 2025).drop("year")
               for name, frame in (("teachers", teachers), ("methodists", methodists))}
    undated = mayak.load(tmp_path / "undated").evaluate(of_2025, levels="municipality")
    for table in ("indicators", "variables", "recommendations"):
        assert getattr(dated, table).equals(getattr(undated, table)), table
    counts = dated.variables.filter(pl.col("level") == "municipality", pl.col("variable") == "M")
    assert dict(zip(counts["key"], counts["value"], strict=True)) == {"А": 1.0, "Б": 0.0}
    assert dated.recommendations["key"].to_list() == ["Б"]  # В has rows of 2024 only


def test_rows_naming_no_period_are_reported_not_counted(write: Write, tmp_path: Path) -> None:
    _events_rules(write)
    frame = pl.concat([EVENTS, pl.DataFrame({"when": [None, "5 квартал 2024"],
                                             "municipality": ["x", "x"],
                                             "participants": [100, 100]})])
    result = mayak.load(tmp_path).evaluate({"events": frame}, period="2024-Q3")
    assert result.value("people") == _expected(EVENTS, "2024-Q3")["participants"].sum()
    messages = [p.message("ru") for p in result.problems]
    assert any("«5 квартал 2024» не читается как период" in m for m in messages)
    # One line names the row whose period cannot be read; the summary counts it with the
    # empty one, and says so (it is not a second report of an empty cell).
    assert any("не указан период или он не прочитан" in m and "7, 8" in m for m in messages)


def test_a_year_no_period_can_name_is_a_slip_reported_with_its_row(write: Write,
                                                                  tmp_path: Path) -> None:
    _events_rules(write, column_type="integer")
    frame = pl.DataFrame({"when": [2024, 24, 2024, 20245], "municipality": ["x"] * 4,
                          "participants": [1, 10, 100, 1000]})
    result = mayak.load(tmp_path).evaluate({"events": frame}, period=2024)
    assert result.value("people") == frame.filter(pl.col("when") == 2024)["participants"].sum()
    slips = [(p.location.row, p.params["value"]) for p in result.problems
             if p.code == "data.out_of_range" and p.location is not None]
    assert slips == [(2, "24"), (4, "20245")]  # rows as numbered from 1 in the frame
    assert any(p.code == "data.rows_without_period" and p.params["count"] == 2
               for p in result.problems)


def test_a_period_is_asked_for_and_a_bad_one_named(write: Write, tmp_path: Path) -> None:
    _events_rules(write)
    rules = mayak.load(tmp_path)
    with pytest.raises(mayak.DataError, match="не указан отчётный период"):
        rules.evaluate({"events": EVENTS})
    with pytest.raises(mayak.DataError, match="«5 квартал 2024» — не период"):
        rules.evaluate({"events": EVENTS}, period="5 квартал 2024")
    with pytest.raises(mayak.DataError, match="не раньше отчётного"):
        rules.evaluate({"events": EVENTS}, period="2024-Q3", compare="2024-Q4")


def test_compare_with_any_earlier_period(write: Write, tmp_path: Path) -> None:
    _events_rules(write)
    result = mayak.load(tmp_path).evaluate({"events": EVENTS}, period="2024-Q3",
                                           compare="I квартал 2024")
    assert result.compared_with == Period.of("quarter", 2024, 1)
    total = result.indicators.filter(pl.col("indicator") == "people",
                                     pl.col("level") == "total").row(0, named=True)
    assert total["previous"] == _expected(EVENTS, "2024-Q1")["participants"].sum()


def test_the_rule_set_names_the_period_and_asks_for_the_comparison(write: Write,
                                                                    tmp_path: Path) -> None:
    _events_rules(write)
    write("ruleset.yaml", "kind: ruleset\nid: r\ntitle: R\nperiod: 2024-Q3\ncompare: true\n")
    result = mayak.load(tmp_path).evaluate({"events": EVENTS})
    assert result.period == Period.of("quarter", 2024, 3)
    assert result.compared_with == Period.of("quarter", 2024, 2)
    # The call wins over the rule set.
    assert mayak.load(tmp_path).evaluate({"events": EVENTS}, period="2024-Q2",
                                         compare=False).compared_with is None


def test_a_dataset_without_a_period_column_has_no_rows_in_the_period_compared(
        write: Write, tmp_path: Path) -> None:
    _events_rules(write)
    write("staff.yaml", """
        kind: dataset
        id: staff
        title: Педагоги
        columns: {municipality: {type: string}}
    """)
    write("per.yaml", """
        kind: indicator
        id: per_teacher
        title: Участников на педагога
        unit: number
        variables: {P: {sum: events, of: participants}, T: {count: staff}}
        formula: P / T
    """)
    staff = pl.DataFrame({"municipality": ["a", "b", "c", "d", "e"]})
    result = mayak.load(tmp_path).evaluate({"events": EVENTS, "staff": staff},
                                           period="2024-Q3", compare=True)
    row = result.indicators.filter(pl.col("indicator") == "per_teacher").row(0, named=True)
    assert row["value"] == _expected(EVENTS, "2024-Q3")["participants"].sum() / 5
    assert row["previous"] is None  # the staff list is of the reporting period only
    assert any(p.code == "data.period_empty" and "staff" in p.message("ru")
               for p in result.problems)


def _dated_targets(write: Write) -> None:
    write("targets.yaml", """
        kind: targets
        id: plan
        title: План
        targets:
          people:
            periods:
              - from: 2023
                planned: не менее 10
              - from: III квартал 2024
                planned: не менее 20
                published: 18
    """)


def test_the_planned_value_in_force_applies(write: Write, tmp_path: Path) -> None:
    _events_rules(write)
    _dated_targets(write)
    rules = mayak.load(tmp_path)
    q3 = rules.evaluate({"events": EVENTS}, period="2024-Q3", compare=True)
    row = q3.indicators.filter(pl.col("indicator") == "people").row(0, named=True)
    now = _expected(EVENTS, "2024-Q3")["participants"].sum()
    then = _expected(EVENTS, "2024-Q2")["participants"].sum()
    # As the targets write them (in English, the short form).
    assert row["planned"] == "не менее 20"
    assert row["status"] == ("met" if now >= 20 else "not_met")
    assert row["previous_status"] == ("met" if then >= 10 else "not_met")
    q2 = rules.evaluate({"events": EVENTS}, period="2024-Q2")
    assert q2.indicators.row(0, named=True)["planned"] == "не менее 10"
    english = rules.evaluate({"events": EVENTS}, period="2024-Q2", lang="en")
    assert english.indicators.row(0, named=True)["planned"] == "≥ 10"
    assert row["method"] == "методика изменилась"
    changed = [p for p in q3.problems if p.code == "compare.method_changed"]
    assert len(changed) == 1 and "«не менее 10» → «не менее 20»" in changed[0].message("ru")


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_report_compares_two_periods(write: Write, tmp_path: Path) -> None:
    _events_rules(write)
    (tmp_path / "data").mkdir()
    EVENTS.rename({"when": "Период", "municipality": "МО", "participants": "Участники"}
                  ).write_csv(tmp_path / "data" / "events.csv")
    rules, data = str(tmp_path), str(tmp_path / "data")
    code, out, _ = _cli("report", "--rules", rules, "--data", data, "--period",
                        "III квартал 2024", "--compare", "--format", "md")
    assert code == 0
    assert "III квартал 2024 г. (в сравнении с: II квартал 2024 г.)" in out
    assert "Значение, II квартал 2024 г." in out and "Изменение" in out
    code, out, _ = _cli("report", "--rules", rules, "--data", data, "--period", "2024-Q3",
                        "--compare-to", "2024-Q1", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["period"] == "2024-Q3"
    assert document["compared_with"] == "2024-Q1"
    assert {"previous", "change", "ratio", "method"} <= set(document["indicators"][0])
    code, _, err = _cli("report", "--rules", rules, "--data", data, "--period", "Q5 2024")
    assert code == 2 and "«Q5 2024» — не период" in err
    code, _, err = _cli("report", "--rules", rules, "--data", data)
    assert code == 2 and "--period" in err


def test_a_key_is_unique_within_each_period(write: Write, tmp_path: Path) -> None:
    write("staff.yaml", """
        kind: dataset
        id: staff
        title: Педагоги по годам
        key: person
        period: year
        columns:
          person: {type: string, title: Педагог}
          year: {type: integer, title: Год}
    """)
    write("count.yaml", """
        kind: indicator
        id: headcount
        title: Численность
        unit: number
        variables: {N: {count: staff}}
        formula: N
    """)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "staff.csv").write_text(
        "Педагог,Год\nA,2022\nA,2023\nB,2023\nB,2023\n", encoding="utf-8")
    result = mayak.load(tmp_path).evaluate_folder(tmp_path / "data", period=2023)
    repeats = [p.message("ru") for p in result.problems if p.code == "data.duplicate_key"]
    assert repeats == ["значение «B» ключа «Педагог» повторяется в строках 4, 5"]
    assert result.value("headcount") == 3


def test_period_start_and_end_filter_dates_within_the_period(write: Write,
                                                             tmp_path: Path) -> None:
    write("visits.yaml", """
        kind: dataset
        id: visits
        title: Посещения
        columns: {day: {type: date}}
    """)
    write("count.yaml", """
        kind: indicator
        id: in_quarter
        title: Посещения в квартале
        unit: number
        variables:
          N: {count: visits, where: day >= period_start and day <= period_end}
          B: {count: visits, where: day >= period_start and day <= period_end,
              period: previous}
          S: {count: visits, where: quarter(day) == 3 and month(day) == 9 and half(day) == 2}
        formula: N
    """)
    days = [dt.date(2024, 6, 30), dt.date(2024, 7, 1), dt.date(2024, 9, 30),
            dt.date(2024, 10, 1), dt.date(2024, 4, 1)]
    frame = pl.DataFrame({"day": days})
    with pytest.raises(mayak.SpecError, match="period: previous"):
        mayak.load(tmp_path)  # the previous period of a dataset without a period column
    (tmp_path / "count.yaml").write_text((tmp_path / "count.yaml").read_text(
        "utf-8").replace("      period: previous}", "      }"), "utf-8")
    rules = mayak.load(tmp_path)
    result = rules.evaluate({"visits": frame}, period="III квартал 2024")
    counted = result.variables.filter(pl.col("level") == "total")
    by_hand = {
        "N": sum(dt.date(2024, 7, 1) <= d <= dt.date(2024, 9, 30) for d in days),
        "S": sum(d.month == 9 for d in days)}
    assert {v: counted.filter(pl.col("variable") == v)["value"].item() for v in by_hand} == {
        k: float(v) for k, v in by_hand.items()}


def _formula_by_period(write: Write) -> None:
    write("growth.yaml", """
        kind: indicator
        id: growth
        title: Рост числа участников
        unit: number
        variables:
          d1: {sum: events, of: participants}
          d2: {sum: events, of: participants, period: previous}
        formula:
          - from: II квартал 2024
            formula: d1 - d2
          - from: III квартал 2024
            formula: d1 / d2
        rounding: 2
    """)


def test_a_formula_by_period_and_its_change_in_a_comparison(write: Write,
                                                             tmp_path: Path) -> None:
    _events_rules(write)
    _formula_by_period(write)
    rules = mayak.load(tmp_path)
    q3, q2, q1 = (_expected(EVENTS, q)["participants"].sum()
                  for q in ("2024-Q3", "2024-Q2", "2024-Q1"))
    result = rules.evaluate({"events": EVENTS}, period="2024-Q3", compare=True)
    row = result.indicators.filter(pl.col("indicator") == "growth",
                                   pl.col("level") == "total").row(0, named=True)
    assert row["value"] == round(q3 / q2, 2)  # the formula in force in the third quarter
    assert row["previous"] == q2 - q1  # the one in force in the second
    assert row["method"] == "методика изменилась"
    changed = [p.message("ru") for p in result.problems if p.code == "compare.method_changed"]
    assert changed and "формула: «d1 - d2» → «d1 / d2»" in changed[0]
    # Before the first version no formula is in force: «нет данных».
    assert rules.evaluate({"events": EVENTS}, period="2024-Q1").value("growth") is None


def test_formula_versions_are_checked(write: Write, tmp_path: Path) -> None:
    _events_rules(write)
    write("growth.yaml", """
        kind: indicator
        id: growth
        title: Рост
        unit: number
        variables: {d1: {sum: events, of: participants}}
        formula:
          - {from: 2023, formula: d1}
          - {from: 2024, to: 2026, formula: d1 * 2}
          - {from: 2025, formula: d1 * 3}
          - {from: прошлый год, formula: d1 +}
    """)
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(tmp_path)
    report = caught.value.render("ru")
    assert "formula[2]: у показателя «growth» в периоде «2025 г.» действуют две формулы" in report
    assert "formula[3].from: «прошлый год» — не период" in report
    assert "formula[3].formula:" in report
