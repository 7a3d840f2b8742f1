"""Evaluate leaves the text columns no expression reads as given: a level's keys are checked
once aggregated. Whatever the keys, the result is the one tidying every column first gives."""

from __future__ import annotations

import textwrap
from pathlib import Path

import mayak
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mayak.io._coerce import UNKNOWN_MARKERS

SPECS = {
    "teachers.yaml": """
        kind: dataset
        id: teachers
        title: Педагоги
        key: teacher_id
        columns:
          teacher_id: {type: string, required: true}
          municipality: {type: string, title: Муниципалитет}
          subject_area: {type: string}
          note: {type: string}
          methodist: {type: boolean}
    """,
    "participation.yaml": """
        kind: dataset
        id: participation
        title: Участие
        columns:
          teacher_id: {type: string, required: true}
          municipality: {type: string}
          community: {type: string}
          event_date: {type: date}
    """,
    "share.yaml": """
        kind: indicator
        id: share
        title: Доля участвующих
        unit: percent
        variables:
          S: {distinct: participation, of: teacher_id}
          Z: {count: teachers}
        formula: S / Z * 100
        rounding: 1
    """,
    "methodists.yaml": """
        kind: indicator
        id: methodists
        title: Педагогов на методиста
        unit: number
        variables:
          Z: {count: teachers}
          M: {count: teachers, where: methodist}
        formula: Z / M
        rounding: 1
    """,
    "targets.yaml": """
        kind: targets
        id: t
        title: Плановые значения
        period: 2023
        targets:
          share: {planned: не менее 50}
          methodists: {planned: не более 2, levels: [total, subject_area]}
    """,
    "advice.yaml": """
        kind: recommendations
        id: advice
        title: Рекомендации
        indicator: methodists
        level: subject_area
        audience: ЦНППМ
        rules:
          - id: few
            when: value > planned
            text: "Направление «{key}»: {value} педагогов на методиста."
    """,
}


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> mayak.Ruleset:
    folder = tmp_path_factory.mktemp("specs")
    for name, body in SPECS.items():
        (folder / name).write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return mayak.load(folder)


def tidied(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column as a file's would be read: trimmed, blanks and markers null."""
    markers = ["", *UNKNOWN_MARKERS, *(m.capitalize() for m in UNKNOWN_MARKERS)]
    return frame.with_columns(
        pl.when(~(s := pl.col(pl.String).str.strip_chars()).is_in(markers)).then(s))


def frames(municipalities: list[str | None], subjects: list[str | None],
           notes: list[str | None] | None = None) -> dict[str, pl.DataFrame]:
    n = len(municipalities)
    teachers = pl.DataFrame({
        "teacher_id": [f"T{i}" for i in range(n)], "municipality": municipalities,
        "subject_area": subjects, "note": notes or [None] * n,
        "methodist": [i % 3 == 0 for i in range(n)]},
        schema_overrides={"municipality": pl.String, "subject_area": pl.String,
                          "note": pl.String})
    participation = teachers.select(
        "teacher_id", "municipality", community=pl.lit(" нет данных "),
        event_date=pl.date(2023, 3, 1)).gather_every(2)
    return {"teachers": teachers, "participation": participation}


def evaluate(rules: mayak.Ruleset, data: dict[str, pl.DataFrame]) -> mayak.Result:
    return rules.evaluate(data, levels=["municipality"])


def eagerly(rules: mayak.Ruleset, data: dict[str, pl.DataFrame],
            monkeypatch: pytest.MonkeyPatch) -> mayak.Result:
    """The result when every text column is tidied before evaluation."""
    with monkeypatch.context() as patched:
        patched.setattr(mayak.Ruleset, "_untidied", lambda self, dataset_id: frozenset())
        return evaluate(rules, data)


def assert_same(result: mayak.Result, expected: mayak.Result) -> None:
    assert result.indicators.equals(expected.indicators)
    assert result.variables.equals(expected.variables)
    assert result.recommendations.equals(expected.recommendations)
    assert result.problems == expected.problems


def test_the_plan_knows_which_columns_expressions_read(rules: mayak.Ruleset) -> None:
    assert dict(rules.plan.columns_read) == {"participation": {"teacher_id"},
                                             "teachers": {"methodist"}}


def test_untidy_level_keys_give_the_tidied_result(rules: mayak.Ruleset,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    places = [" Гурьевский ", "Гурьевский", "нет данных", "", None, "Н/Д", "Светлый\t"] * 3
    subjects = ["Математика", " Математика", "—", "История", "", None, "история"] * 3
    data = frames(places, subjects)
    result = evaluate(rules, data)
    assert_same(result, evaluate(rules, {k: tidied(v) for k, v in data.items()}))
    assert_same(result, eagerly(rules, data, monkeypatch))
    keys = result.indicators.filter((pl.col("level") == "municipality")
                                    & (pl.col("indicator") == "share"))["key"].to_list()
    assert keys == ["Гурьевский", "Светлый", None]


def test_an_unread_untidy_column_changes_nothing(rules: mayak.Ruleset,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    places = ["Гурьевский", "Светлый", None] * 4
    subjects = ["Математика", "История", "Физика", None] * 3
    notes = [" пробел ", "", "нет данных", None] * 3
    data = frames(places, subjects, notes)
    result = evaluate(rules, data)
    assert_same(result, evaluate(rules, {k: tidied(v) for k, v in data.items()}))
    assert_same(result, eagerly(rules, data, monkeypatch))


def test_a_column_expressions_read_is_tidied_first(rules: mayak.Ruleset) -> None:
    data = frames(["Гурьевский"] * 4, ["Математика"] * 4)
    data["participation"] = pl.DataFrame({
        "teacher_id": ["T1", " T1", "T1 ", "нет данных", ""], "municipality": "Гурьевский"})
    variables = evaluate(rules, data).variables.filter(pl.col("level") == "total")
    assert variables.filter(pl.col("variable") == "S").select("value", "unknown").row(0) == (
        1.0, 2)


def test_bad_cells_are_still_reported_in_frames(rules: mayak.Ruleset) -> None:
    data = frames(["Гурьевский", " Светлый"], ["Математика", "История"])
    data["participation"] = data["participation"].with_columns(
        event_date=pl.lit("01.13.2023"))
    problems = [p for p in evaluate(rules, data).problems if p.severity == "error"]
    assert [(p.location.row, p.location.column) for p in problems
            if p.location is not None] == [(1, "event_date")]
    assert len(problems) == 1


KEYS = st.sampled_from([
    "Гурьевский", " Гурьевский", "Гурьевский ", "\tГурьевский", "Светлый", "гурьевский",
    "Гурьевский район", "", " ", "\u00a0", *UNKNOWN_MARKERS, "НЕТ ДАННЫХ", "Нет данных",
    " н/д ", "Нет Данных", None])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(KEYS, KEYS), min_size=1, max_size=12))
def test_deferred_tidying_is_eager_tidying(rules: mayak.Ruleset,
                                           monkeypatch: pytest.MonkeyPatch,
                                           rows: list[tuple[str | None, str | None]]) -> None:
    data = frames([m for m, _ in rows], [s for _, s in rows], [s for _, s in rows])
    assert_same(evaluate(rules, data), eagerly(rules, data, monkeypatch))


def test_read_still_tidies_every_column(rules: mayak.Ruleset, tmp_path: Path) -> None:
    data = frames([" Гурьевский "], ["Математика"], [" пробел "])
    folder = tmp_path / "data"
    folder.mkdir()
    for name, frame in data.items():
        frame.write_parquet(folder / f"{name}.parquet")
    read = rules.read(folder)
    teachers = read.frames["teachers"].collect()
    assert teachers.row(0, named=True)["note"] == "пробел"
    assert teachers.row(0, named=True)["municipality"] == "Гурьевский"
