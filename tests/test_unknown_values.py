"""A sum, mean, min or max over rows of which some cannot say is unknown, with a warning
naming the rows; ``unknown: skip`` leaves such rows out and says how many."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mayak.render._report import display_frame

Write = Callable[[str, str], Path]

DATASET = """
    kind: dataset
    id: d
    title: D
    columns: {g: {type: string}, v: {type: number}, f: {type: boolean}}
"""


def _rules(write: Write, tmp_path: Path, aggregation: str, extra: str = "") -> mayak.Ruleset:
    write("d.yaml", DATASET)
    write("i.yaml", f"""
        kind: indicator
        id: ind
        title: I
        unit: number
        variables:
          X: {{{aggregation}: d, of: v{extra}}}
        formula: X
    """)
    return mayak.load(tmp_path)


FRAME = pl.DataFrame({"g": ["a", "a", "b", "b", "c"], "v": [1.0, None, 2.0, 3.0, None],
                      "f": [True, True, True, None, True]})


@pytest.mark.parametrize("aggregation", ["sum", "mean", "min", "max"])
def test_one_unknown_value_makes_the_aggregate_unknown(write: Write, tmp_path: Path,
                                                       aggregation: str) -> None:
    rules = _rules(write, tmp_path, aggregation)
    result = rules.evaluate({"d": FRAME}, levels=["g"])
    rows = result.indicators.select("level", "key", "value", "status").rows()
    known = {"sum": 5.0, "mean": 2.5, "min": 2.0, "max": 3.0}[aggregation]
    assert rows == [("total", None, None, "no_target"), ("g", "a", None, "no_target"),
                    ("g", "b", known, "no_target"), ("g", "c", None, "no_target")]
    found = [p for p in result.problems if p.code == "eval.unknown_values"]
    assert len(found) == 1 and found[0].severity == "warning"
    problem = found[0]
    assert problem.params["rows"] == "2, 5" and problem.params["count"] == 2
    assert problem.location is not None and problem.location.row == 2
    assert problem.location.file == "<d>"
    assert "нет данных" in problem.message("ru") and "unknown: skip" in problem.message("ru")


def test_status_is_no_data_never_a_number(write: Write, tmp_path: Path) -> None:
    _rules(write, tmp_path, "sum")
    write("t.yaml", "kind: targets\nid: t\ntitle: T\ntargets: {ind: не менее 50}\n")
    result = mayak.load(tmp_path).evaluate({"d": FRAME})
    assert result.indicators["status"].to_list() == ["no_data"]


def test_unknown_condition_makes_the_sum_unknown_too(write: Write, tmp_path: Path) -> None:
    rules = _rules(write, tmp_path, "sum", ", where: f")
    result = rules.evaluate({"d": FRAME.with_columns(pl.col("v").fill_null(1.0))},
                            levels=["g"])
    values = dict(result.indicators.filter(pl.col("level") == "g")
                  .select("key", "value").iter_rows())
    assert values == {"a": 2.0, "b": None, "c": 1.0}  # row 4's condition is unknown
    found = [p for p in result.problems if p.code == "eval.unknown_values"]
    assert [p.params["rows"] for p in found] == ["4"]


def test_skip_leaves_unknown_rows_out_and_says_how_many(write: Write, tmp_path: Path) -> None:
    rules = _rules(write, tmp_path, "sum", ", unknown: skip")
    result = rules.evaluate({"d": FRAME}, levels=["g"])
    assert dict(result.indicators.select("key", "value").iter_rows()) == {
        None: 6.0, "a": 1.0, "b": 5.0, "c": None}  # every value of c unknown: still unknown
    assert not [p for p in result.problems if p.code == "eval.unknown_values"]
    skipped = [p for p in result.problems if p.code == "eval.skipped_unknown"]
    assert len(skipped) == 1 and skipped[0].params["count"] == 2
    assert result.skipping == frozenset({("ind", "X")})
    shown = display_frame(result, "ru")
    assert "X = 6 (пропущено строк без данных: 2)" in " ".join(map(str, shown.row(0)))
    assert "skipped, no data: 2" in " ".join(map(str, display_frame(result, "en").row(0)))


def test_default_report_says_unknown_rows(write: Write, tmp_path: Path) -> None:
    result = _rules(write, tmp_path, "sum").evaluate({"d": FRAME})
    assert "(неизв.: 2)" in " ".join(map(str, display_frame(result, "ru").row(0)))


def test_count_and_distinct_count_what_is_known_and_say_what_they_left_out(
        write: Write, tmp_path: Path) -> None:
    write("d.yaml", DATASET)
    write("i.yaml", """
        kind: indicator
        id: ind
        title: I
        unit: number
        variables:
          C: {count: d, where: f}
          D: {distinct: d, of: v}
        formula: C * 10 + D
    """)
    result = mayak.load(tmp_path).evaluate({"d": FRAME})
    assert result.value("ind") == 43.0  # four rows where f holds; 1, 2 and 3
    # Not made unknown, but not silent: the rows left out are named (f unknown in row 4; v
    # unknown in rows 2 and 5).
    left_out = {p.params["variable"]: (p.params["rows"], p.location.row if p.location else None)
                for p in result.problems if p.code == "eval.uncounted_rows"}
    unknown = FRAME.with_row_index("row", offset=1)
    assert left_out == {
        "C": (", ".join(map(str, unknown.filter(pl.col("f").is_null())["row"])), 4),
        "D": (", ".join(map(str, unknown.filter(pl.col("v").is_null())["row"])), 2)}


def test_skip_on_count_is_a_spec_error(write: Write, tmp_path: Path) -> None:
    write("d.yaml", DATASET)
    write("i.yaml", """
        kind: indicator
        id: ind
        title: I
        unit: number
        variables:
          C: {count: d, unknown: skip}
        formula: C
    """)
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(tmp_path)
    assert [p.code for p in caught.value.problems] == ["ref.skip_not_aggregate"]


def test_a_group_missing_from_a_dataset_still_sums_to_zero(write: Write,
                                                          tmp_path: Path) -> None:
    write("d.yaml", DATASET)
    write("e.yaml", "kind: dataset\nid: e\ntitle: E\ncolumns: {g: {type: string}}\n")
    write("i.yaml", """
        kind: indicator
        id: ind
        title: I
        unit: number
        variables:
          S: {sum: d, of: v}
          N: {count: e}
        formula: S + N
    """)
    data = {"d": pl.DataFrame({"g": ["a"], "v": [None]}, schema={"g": pl.String,
                                                               "v": pl.Float64}),
            "e": pl.DataFrame({"g": ["a", "z"]})}
    result = mayak.load(tmp_path).evaluate(data, levels=["g"])
    assert dict(result.indicators.filter(pl.col("level") == "g")
                .select("key", "value").iter_rows()) == {"a": None, "z": 1.0}


def test_rows_are_named_by_the_file_they_were_read_from(write: Write, tmp_path: Path) -> None:
    rules = _rules(write, tmp_path, "sum")
    data = tmp_path / "data"
    data.mkdir()
    (data / "d.csv").write_text("g;v;f\na;1;да\na;н/д;да\nb;2;да\n", encoding="utf-8")
    result = rules.evaluate(rules.read(data))
    assert result.value("ind") is None
    found = [p for p in result.problems if p.code == "eval.unknown_values"]
    assert len(found) == 1 and found[0].location is not None
    assert found[0].location.file.endswith("d.csv") and found[0].location.row == 3


def _reference(values: list[float | None], aggregation: str, skip: bool) -> float | None:
    """Row by row: what the aggregate of one group should be."""
    known = [v for v in values if v is not None]
    if len(known) < len(values) and (not skip or not known):
        return None
    if not known:
        return 0.0 if aggregation == "sum" else None
    return sum(known) if aggregation == "sum" else sum(known) / len(known)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> mayak.Ruleset:
    folder = tmp_path_factory.mktemp("rules")
    (folder / "d.yaml").write_text(textwrap.dedent(DATASET), encoding="utf-8")
    variables = {f"{agg}_{policy}": f"{{{agg}: d, of: v{extra}}}"
                 for agg in ("sum", "mean")
                 for policy, extra in (("unknown", ""), ("skip", ", unknown: skip"))}
    for name, variable in variables.items():
        (folder / f"{name}.yaml").write_text(
            f"kind: indicator\nid: {name.replace('_', '-')}\ntitle: T\nunit: number\n"
            f"variables:\n  X: {variable}\nformula: X\n", encoding="utf-8")
    return mayak.load(folder)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]),
                          st.one_of(st.none(), st.integers(-1000, 1000).map(float))),
                max_size=12))
def test_compiled_aggregates_equal_a_row_by_row_reference(
        compiled: mayak.Ruleset, rows: list[tuple[str, float | None]]) -> None:
    frame = pl.DataFrame({"g": [g for g, _ in rows], "v": [v for _, v in rows]},
                         schema={"g": pl.String, "v": pl.Float64})
    result = compiled.evaluate({"d": frame}, levels=["g"])
    for aggregation in ("sum", "mean"):
        for policy in ("unknown", "skip"):
            indicator = f"{aggregation}-{policy}"
            skip = policy == "skip"
            expected: dict[str | None, float | None] = {
                None: _reference([v for _, v in rows], aggregation, skip)}
            for group in sorted({g for g, _ in rows}):
                expected[group] = _reference([v for g, v in rows if g == group], aggregation,
                                             skip)
            got = dict(result.indicators.filter(pl.col("indicator") == indicator)
                       .select("key", "value").iter_rows())
            assert got.keys() == expected.keys()
            for key, value in expected.items():
                if value is None:
                    assert got[key] is None, (indicator, key)
                else:
                    assert got[key] is not None and math.isclose(got[key], value), (
                        indicator, key)
