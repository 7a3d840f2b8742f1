"""Recommendations specs: levels, language of the texts, what is addressed."""

from __future__ import annotations

import shutil
from pathlib import Path

import mayak
import polars as pl
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES

GROWTH_ADVICE = """\
kind: recommendations
id: growth-advice
title: Рекомендации по сообществам
indicator: community_growth
level: total
audience: ЦНППМ
rules:
  - id: keep_growing
    when: value >= planned
    text: "Динамика {value} при плане {planned}; новых соглашений: {d1 - d2}; рост есть: {d1 > d2}"
"""


def _rules_with_growth_advice(tmp_path: Path) -> Path:
    rules = tmp_path / "rules" / "kaliningrad"
    shutil.copytree(KALININGRAD_RULES, rules)
    shutil.copytree(KALININGRAD_RULES.parent.parent / "indicators", tmp_path / "indicators")
    shutil.copytree(KALININGRAD_RULES.parent / "order-908-1", tmp_path / "rules" / "order-908-1")
    (rules / "recommendations-growth.yaml").write_text(GROWTH_ADVICE, encoding="utf-8")
    return rules


def test_a_recommendation_on_the_whole_region(tmp_path: Path) -> None:
    rules = mayak.load(_rules_with_growth_advice(tmp_path))
    result = rules.evaluate(rules.read(KALININGRAD_DATA))
    growth = result.recommendations.filter(pl.col("recommendations") == "growth-advice")
    assert growth["text"].to_list() == [
        "Динамика 1,10 при плане 1; новых соглашений: 2; рост есть: да"]
    assert growth["key"].to_list() == [None]
    warned = [p for p in result.problems if p.code == "recommend.unknown_key"]
    assert [p.params["id"] for p in warned] == ["rma-coverage"]  # not the total's


def test_report_writes_recommendations_in_the_language_asked(tmp_path: Path) -> None:
    rules = _rules_with_growth_advice(tmp_path)
    result = CliRunner().invoke(main, ["--lang", "en", "report", "--rules", str(rules),
                                       "--data", str(KALININGRAD_DATA)])
    assert result.exit_code == 0, result.output
    assert "Динамика 1.10 при плане 1; новых соглашений: 2; рост есть: yes" in result.stdout


def test_recommendations_go_rule_by_rule_each_in_key_order() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    advice = rules.evaluate(rules.read(KALININGRAD_DATA)).recommendations.filter(
        pl.col("recommendations") == "rma-coverage")
    order = [rule.id for rule in rules.recommendations["rma-coverage"].rules]
    listed = advice["rule"].to_list()
    assert set(listed) == set(order)  # both rules speak, so their order shows
    assert listed == sorted(listed, key=order.index)
    keys = {rule: advice.filter(pl.col("rule") == rule)["key"].to_list() for rule in order}
    assert all(found == sorted(found) for found in keys.values())
    # Not one key order for all: an area of the second rule sorts before one of the first.
    assert min(keys[order[1]]) < max(keys[order[0]])
