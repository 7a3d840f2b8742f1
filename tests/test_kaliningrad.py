"""End to end: the Kaliningrad 2023 monitoring recomputed from the example data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import mayak
import polars as pl
import pytest

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES

GENERATOR = KALININGRAD_DATA.parent / "generate.py"


@pytest.fixture(scope="module")
def result() -> mayak.Result:
    rules = mayak.load(KALININGRAD_RULES)
    return rules.evaluate(rules.read(KALININGRAD_DATA), levels=["municipality"])


def test_the_five_indicators_of_the_report(result: mayak.Result) -> None:
    total = result.indicators.filter(pl.col("level") == "total")
    values = dict(total.select("indicator", "value").iter_rows())
    assert values == {
        "rma_curator_share": 0.5,          # 51 of 10 000, rounded to 0,1
        "teachers_per_methodist": 196.0,   # 10 000 / 51
        "expert_share_in_events": 20.0,    # 32 of 160
        "community_participation_share": 52.0,  # 5 200 distinct teachers of 10 000
        "community_growth": 1.1,           # 23 / 21 = 1,095 -> 1,10
    }
    assert set(total["status"].to_list()) == {"met"}


def test_counts_behind_the_values(result: mayak.Result) -> None:
    total = result.variables.filter(pl.col("level") == "total")
    counts = {(r["indicator"], r["variable"]): r["value"] for r in
              total.select("indicator", "variable", "value").to_dicts()}
    assert counts[("teachers_per_methodist", "Z")] == 10_000
    assert counts[("teachers_per_methodist", "M")] == 51
    assert counts[("expert_share_in_events", "E_m")] == 32
    assert counts[("community_growth", "d1")] == 23
    assert counts[("community_growth", "d2")] == 21
    assert total["unknown"].sum() == 0


def test_printed_growth_coefficient_is_reported_as_differing(result: mayak.Result) -> None:
    differs = [p for p in result.problems if p.code == "report.published_differs"]
    assert [p.params["indicator"] for p in differs] == ["community_growth"]
    assert "1,09" in differs[0].render() and "1,1" in differs[0].render()


def test_municipal_counts_add_up_to_the_total(result: mayak.Result) -> None:
    municipal = result.variables.filter(pl.col("level") == "municipality")
    members = municipal.filter((pl.col("indicator") == "teachers_per_methodist")
                               & (pl.col("variable") == "M"))
    assert members["value"].sum() == 51
    assert members.height == 22
    # municipalities without a methodist: teachers per methodist is unknown, not infinite;
    # the target applies to the region and subject areas only
    municipal = result.indicators.filter((pl.col("level") == "municipality")
                                         & (pl.col("indicator") == "teachers_per_methodist"))
    without = members.filter(pl.col("value") == 0)["key"].sort().to_list()
    assert without
    assert municipal.filter(pl.col("value").is_null())["key"].sort().to_list() == without
    assert set(municipal["status"].to_list()) == {"no_target"}


def test_growth_is_not_computed_per_municipality(result: mayak.Result) -> None:
    unavailable = {p.params["indicator"] for p in result.problems
                   if p.code == "level.unavailable_dataset"}
    assert unavailable == {"community_growth"}


def test_generator_reproduces_the_committed_data(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("kaliningrad_generate", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path / "data")
    committed = [*KALININGRAD_DATA.iterdir(), KALININGRAD_DATA.parent / "table1-published.csv"]
    for path in committed:
        fresh = tmp_path / path.relative_to(KALININGRAD_DATA.parent)
        assert fresh.read_bytes() == path.read_bytes(), path.name


def test_one_level_may_be_given_as_a_string() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    result = rules.evaluate(rules.read(KALININGRAD_DATA), levels="municipality")
    assert "municipality" in set(result.indicators["level"].to_list())
