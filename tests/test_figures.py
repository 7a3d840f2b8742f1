"""``figure``: one printed figure per group. No row or several rows give «нет данных» and a
warning naming the group, never 0 or a sum."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl

Write = Callable[[str, str], Path]

FIGURES = pl.DataFrame({
    "municipality": ["Гурьевский", "Гурьевский", "Светлогорский", "Зеленоградский",
                     "Зеленоградский", "Зеленоградский", "Неманский", "Неманский"],
    "component": ["A", "Z", "Z", "A", "A", "Z", "A", "Z"],
    "value": [10.0, 40.0, 20.0, 3.0, 3.0, 30.0, None, 50.0],
})


def _rules(write: Write, tmp_path: Path) -> mayak.Ruleset:
    write("d.yaml", """
        kind: dataset
        id: figures
        title: Цифры
        columns:
          municipality: {type: string}
          component: {type: string}
          value: {type: number}
    """)
    write("i.yaml", """
        kind: indicator
        id: share
        title: Доля
        unit: percent
        variables:
          A: {figure: figures, of: value, where: component == "A"}
          Z: {figure: figures, of: value, where: component == "Z"}
        formula: A / Z * 100
    """)
    return mayak.load(tmp_path)


def test_a_figure_is_the_value_of_its_one_row(write: Write, tmp_path: Path) -> None:
    result = _rules(write, tmp_path).evaluate({"figures": FIGURES}, levels="municipality")
    # By hand: per municipality, a component's value where exactly one row gives it.
    single = (FIGURES.group_by("municipality", "component")
              .agg(pl.when(pl.len() == 1).then(pl.col("value").first()).alias("v"))
              .pivot("component", index="municipality", values="v"))
    expected = dict(single.select("municipality", pl.col("A") / pl.col("Z") * 100).iter_rows())
    rows = result.indicators.filter(pl.col("level") == "municipality")
    assert dict(zip(rows["key"], rows["value"], strict=True)) == expected
    assert result.value("share") is None  # four rows of each component: no single figure
    codes = [(p.code, p.params.get("where")) for p in result.problems
             if p.code.startswith("eval.figure")]
    assert ("eval.figure_missing", "municipality: Светлогорский") in codes
    assert ("eval.figure_repeated", "municipality: Зеленоградский") in codes
    # An unknown figure («н/д») is unknown, named as unknown values are.
    assert any(p.code == "eval.unknown_values" and p.params["variable"] == "A"
               for p in result.problems)


def test_a_figure_shared_by_two_indicators_is_named_for_both(write: Write,
                                                             tmp_path: Path) -> None:
    """Two indicators with the same figure (one column computed, copied to the other): the
    missing figure is named for each of them."""
    write("j.yaml", """
        kind: indicator
        id: other_share
        title: Другая доля
        unit: percent
        variables:
          B: {figure: figures, of: value, where: component == "A"}
          Z: {figure: figures, of: value, where: component == "Z"}
        formula: B / Z * 100
    """)
    result = _rules(write, tmp_path).evaluate({"figures": FIGURES}, levels="municipality")
    missing = {(p.params["indicator"], p.params["variable"]) for p in result.problems
               if p.code == "eval.figure_missing"
               and p.params["where"] == "municipality: Светлогорский"}
    assert missing == {("share", "A"), ("other_share", "B")}
    repeated = {(p.params["indicator"], p.params["variable"]) for p in result.problems
                if p.code == "eval.figure_repeated"
                and p.params["where"] == "municipality: Зеленоградский"}
    assert repeated == {("share", "A"), ("other_share", "B")}
