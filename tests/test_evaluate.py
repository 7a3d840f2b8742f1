"""Indicator evaluation on small frames whose right answers are evident from the rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest

from tests.conftest import write_period_indicator

Write = Callable[[str, str], Path]


@pytest.fixture
def rules(write: Write, tmp_path: Path) -> mayak.Ruleset:
    write("people.yaml", """
        kind: dataset
        id: people
        title: Люди
        columns:
          person_id: {type: string, required: true}
          town: {type: string}
          member: {type: boolean}
          hours: {type: number}
    """)
    write("visits.yaml", """
        kind: dataset
        id: visits
        title: Посещения
        columns:
          person_id: {type: string, required: true}
          town: {type: string}
    """)
    write("indicators.yaml", """
        kind: indicator
        id: member_share
        title: Доля членов
        unit: percent
        variables:
          A: {count: people, where: member}
          Z: {count: people}
        formula: A / Z * 100
        rounding: 1
    """)
    write("per_member.yaml", """
        kind: indicator
        id: people_per_member
        title: Людей на одного члена
        unit: number
        variables:
          Z: {count: people}
          M: {count: people, where: member}
        formula: Z / M
        rounding: 0
    """)
    write("hours.yaml", """
        kind: indicator
        id: mean_hours
        title: Среднее число часов
        unit: number
        variables:
          H: {mean: people, of: hours, where: member, unknown: skip}
          S: {sum: people, of: hours, unknown: skip}
        formula: H
    """)
    write("reach.yaml", """
        kind: indicator
        id: reach
        title: Охват
        unit: percent
        variables:
          V: {distinct: visits, of: person_id}
          Z: {count: people}
        formula: V / Z * 100
    """)
    write("derived.yaml", """
        kind: indicator
        id: double_share
        title: Удвоенная доля
        unit: number
        variables:
          one: {count: people, where: "1 == 1"}
        formula: member_share * 2 * one / one
    """)
    write("targets.yaml", """
        kind: targets
        id: t
        title: Цели
        targets:
          member_share: {planned: не менее 50, published: 40}
          people_per_member: {planned: не более 2, levels: [town]}
          reach: ">= 50"
    """)
    return mayak.load(tmp_path)


PEOPLE = pl.DataFrame({
    "person_id": ["p1", "p2", "p3", "p4", "p5"],
    "town": ["A", "A", "A", "B", "B"],
    "member": [True, False, None, False, False],
    "hours": [10.0, None, 4.0, 2.0, None],
})
VISITS = pl.DataFrame({"person_id": ["p1", "p1", "p2", "p4"], "town": ["A", "A", "A", "B"]})


def test_total_values_statuses_and_unknowns(rules: mayak.Ruleset) -> None:
    result = rules.evaluate({"people": PEOPLE, "visits": VISITS})
    # one member of five; p3's membership is unknown: counted as unknown, not as "no"
    assert result.value("member_share") == 20.0
    assert result.value("people_per_member") == 5.0
    assert result.value("mean_hours") == 10.0
    assert result.value("reach") == 60.0  # p1, p2, p4 of five; p1 twice counts once
    assert result.value("double_share") == 40.0
    statuses = dict(result.indicators.filter(pl.col("level") == "total")
                    .select("indicator", "status").iter_rows())
    assert statuses == {"member_share": "not_met", "people_per_member": "no_target",
                        "reach": "met", "mean_hours": "no_target",
                        "double_share": "no_target"}
    unknown = result.variables.filter((pl.col("level") == "total")
                                      & (pl.col("indicator") == "member_share")
                                      & (pl.col("variable") == "A"))["unknown"].item()
    assert unknown == 1
    sums = result.variables.filter((pl.col("level") == "total")
                                   & (pl.col("indicator") == "mean_hours")
                                   & (pl.col("variable") == "S"))
    assert sums["value"].item() == 16.0 and sums["unknown"].item() == 2


def test_published_value_that_differs_is_reported(rules: mayak.Ruleset) -> None:
    result = rules.evaluate({"people": PEOPLE, "visits": VISITS})
    differs = [p for p in result.problems if p.code == "report.published_differs"]
    assert len(differs) == 1
    assert "40" in differs[0].render() and "20" in differs[0].render()


def test_levels_zero_denominator_and_missing_groups(rules: mayak.Ruleset) -> None:
    result = rules.evaluate({"people": PEOPLE, "visits": VISITS}, levels=["town"])
    town = result.indicators.filter(pl.col("level") == "town")
    per_member = dict(town.filter(pl.col("indicator") == "people_per_member")
                      .select("key", "value").iter_rows())
    assert per_member == {"A": 3.0, "B": None}  # B has no member: no data, not inf
    status = dict(town.filter(pl.col("indicator") == "people_per_member")
                  .select("key", "status").iter_rows())
    assert status == {"A": "not_met", "B": "no_data"}
    reach = dict(town.filter(pl.col("indicator") == "reach").select("key", "value").iter_rows())
    assert reach == {"A": pytest.approx(200 / 3), "B": 50.0}


def test_group_missing_from_one_dataset_counts_zero(rules: mayak.Ruleset) -> None:
    people = pl.concat([PEOPLE, pl.DataFrame({"person_id": ["p6"], "town": ["C"],
                                              "member": [True], "hours": [1.0]})])
    result = rules.evaluate({"people": people, "visits": VISITS}, levels=["town"])
    reach = result.value("reach", "town", "C")
    assert reach == 0.0  # nobody from C visited: zero, not unknown


def test_level_unknown_column_and_unavailable_indicator(rules: mayak.Ruleset,
                                                        write: Write) -> None:
    with pytest.raises(mayak.DataError, match="«tow»"):
        rules.evaluate({"people": PEOPLE, "visits": VISITS}, levels=["tow"])
    result = rules.evaluate({"people": PEOPLE, "visits": VISITS.drop("town")},
                            levels=["hours"])
    assert any(p.code == "level.unavailable_dataset" for p in result.problems)


def test_missing_dataset_and_wrong_type(rules: mayak.Ruleset) -> None:
    with pytest.raises(mayak.DataError, match="visits"):
        rules.evaluate({"people": PEOPLE})
    with pytest.raises(mayak.DataError, match="visits"):
        rules.evaluate({"people": PEOPLE, "visits": [1, 2]})  # type: ignore[dict-item]


def test_string_columns_from_code_are_coerced_with_row_numbers(rules: mayak.Ruleset) -> None:
    people = PEOPLE.with_columns(pl.col("hours").cast(pl.String)).with_columns(
        pl.when(pl.col("person_id") == "p4").then(pl.lit("много")).otherwise(pl.col("hours"))
        .alias("hours"))
    result = rules.evaluate({"people": people, "visits": VISITS})
    bad = [p for p in result.errors if p.code == "data.bad_value"]
    assert len(bad) == 1 and bad[0].location is not None
    assert (bad[0].location.row, bad[0].location.column) == (4, "hours")


def test_lazy_frames_are_accepted(rules: mayak.Ruleset) -> None:
    result = rules.evaluate({"people": PEOPLE.lazy(), "visits": VISITS.lazy()})
    assert result.value("member_share") == 20.0


def test_all_unknown_count_is_unknown_and_empty_sum_is_zero(rules: mayak.Ruleset) -> None:
    people = PEOPLE.with_columns(pl.lit(None, dtype=pl.Boolean).alias("member"))
    result = rules.evaluate({"people": people, "visits": VISITS})
    assert result.value("member_share") is None  # nobody's membership is known
    assert result.indicators.filter(
        (pl.col("indicator") == "member_share") & (pl.col("level") == "total")
    )["status"].item() == "no_data"
    nobody = PEOPLE.with_columns(pl.lit(False).alias("member"))
    sums = rules.evaluate({"people": nobody, "visits": VISITS}).variables.filter(
        (pl.col("level") == "total") & (pl.col("variable") == "H"))
    assert sums["value"].item() is None  # mean of no rows: unknown


def test_rounding_modes(write: Write, tmp_path: Path) -> None:
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {x: {type: number}}\n")
    for mode in ("half_up", "half_even", "down", "up"):
        write(f"{mode}.yaml", f"""
            kind: indicator
            id: r_{mode}
            title: R
            unit: number
            variables: {{S: {{sum: d, of: x}}}}
            formula: S
            rounding: {{digits: 1, mode: {mode}}}
        """)
    rules = mayak.load(tmp_path)
    for data, expected in (([1.25], (1.3, 1.2, 1.2, 1.3)), ([-1.25], (-1.3, -1.2, -1.2, -1.3)),
                           ([1.21], (1.2, 1.2, 1.2, 1.3))):
        result = rules.evaluate({"d": pl.DataFrame({"x": data})})
        got = tuple(result.value(f"r_{m}") for m in ("half_up", "half_even", "down", "up"))
        assert got == pytest.approx(expected), data
    # Values that binary floats hold slightly off (0.7 * 10 = 7.000000000000001) are cut
    # as written, and come out exact.
    for data, expected in (([0.7], (0.7, 0.7, 0.7, 0.7)), ([2.3], (2.3, 2.3, 2.3, 2.3)),
                           ([-4.35], (-4.4, -4.4, -4.3, -4.4))):
        result = rules.evaluate({"d": pl.DataFrame({"x": data})})
        assert tuple(result.value(f"r_{m}") for m in ("half_up", "half_even", "down",
                                                      "up")) == expected, data


def test_formulas_use_other_indicators_unrounded(write: Write, tmp_path: Path) -> None:
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {x: {type: number}}\n")
    write("a.yaml", """
        kind: indicator
        id: third
        title: A
        unit: number
        variables: {N: {count: d}}
        formula: 1 / (N + 2)
        rounding: 0
    """)
    write("b.yaml", """
        kind: indicator
        id: whole
        title: B
        unit: number
        variables: {N: {count: d}}
        formula: third * 3 * N
    """)
    result = mayak.load(tmp_path).evaluate({"d": pl.DataFrame({"x": [1.0]})})
    assert result.value("third") == 0.0
    assert result.value("whole") == pytest.approx(1.0)


def test_period_is_required_when_indicators_use_it(write: Write, tmp_path: Path) -> None:
    write_period_indicator(write)
    write("t1.yaml", "kind: targets\nid: with\ntitle: T\nperiod: 2023\ntargets: {i: '>= 1'}\n")
    write("t2.yaml", "kind: targets\nid: without\ntitle: T\ntargets: {i: '>= 1'}\n")
    rules = mayak.load(tmp_path)
    frame = pl.DataFrame({"year": [2023, 2022]})
    assert rules.evaluate({"d": frame}, targets="with").value("i") == 1
    with pytest.raises(mayak.DataError, match="period"):
        rules.evaluate({"d": frame}, targets="without")


def test_unknown_conditions_and_missing_groups_in_sums(write: Write, tmp_path: Path) -> None:
    write("a.yaml", "kind: dataset\nid: a\ntitle: A\n"
                    "columns: {g: {type: string}, v: {type: number}, f: {type: boolean}}\n")
    write("b.yaml", "kind: dataset\nid: b\ntitle: B\ncolumns: {g: {type: string}, "
                    "w: {type: number}}\n")
    write("i.yaml", """
        kind: indicator
        id: ind
        title: I
        unit: number
        variables:
          S: {sum: a, of: v, where: f, unknown: skip}
          C: {count: a, where: f}
          D: {distinct: a, of: v, where: f}
          W: {sum: b, of: w}
        formula: S + C + D + W
    """)
    a = pl.DataFrame({"g": ["x", "x", "y", "y", "z"], "v": [1.0, None, 2.0, 3.0, 5.0],
                      "f": [True, True, None, None, False]})
    b = pl.DataFrame({"g": ["x", "q"], "w": [0.5, 1.5]})
    result = mayak.load(tmp_path).evaluate({"a": a, "b": b}, levels=["g"])
    counts = (result.variables.filter(pl.col("level") == "g")
              .pivot(on="variable", index="key", values="value").sort("key"))
    assert counts.rows() == [
        ("q", 0.0, 0.0, 0.0, 1.5),      # no rows in a: zero, not unknown
        ("x", 1.0, 2.0, 1.0, 0.5),
        ("y", None, None, None, 0.0),   # every condition unknown: unknown, not zero
        ("z", 0.0, 0.0, 0.0, 0.0),      # condition false everywhere: zero
    ]
    assert dict(result.indicators.filter(pl.col("level") == "g")
                .select("key", "value").iter_rows()) == {"q": 1.5, "x": 4.5, "y": None,
                                                          "z": 0.0}


def test_arguments_an_embedder_gets_wrong_are_said_plainly(write: Write, tmp_path: Path) -> None:
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {x: {type: number}}\n")
    rules = mayak.load(tmp_path)
    with pytest.raises(TypeError, match=r"mayak\.read"):
        rules.evaluate(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"«ru» или «en», а не 'xx'"):
        rules.evaluate({"d": pl.DataFrame({"x": [1.0]})}, lang="xx")  # type: ignore[arg-type]
