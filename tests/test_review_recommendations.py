"""Recommendations on an expert review: rules over each unit, each class or the whole
review, grouped by class in the md report; the checks of the spec."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from mayak.render._report import render_markdown

Write = Callable[[str, str], Path]
MAXIMA = {"a": 10, "b": 20}
# Class ids in spec order on purpose not alphabetical: the report follows the spec.
KINDS = ("сельские", "городские")
UNITS = pl.DataFrame({"unit": ["Альфа", "Бета", "Гамма", "Дельта", "Эпсилон"],
                      "kind": ["городские", "сельские", "городские", "сельские",
                               "городские"]})
SCORES = pl.DataFrame({"unit": ["Альфа", "Бета", "Гамма", "Дельта", "Эпсилон"],
                       "year": [2023] * 5, "a": [9, 2, 4, 8, 1], "b": [18, 5, 6, 15, 3]})

SPECS = {
    "expertise.yaml": """
        kind: dataset
        id: expertise
        title: Баллы
        key: unit
        period: year
        columns:
          unit: {type: string, required: true}
          year: {type: integer}
          a: {type: integer}
          b: {type: integer}
    """,
    "units.yaml": """
        kind: dataset
        id: units
        title: Единицы
        key: unit
        columns:
          unit: {type: string, required: true}
          kind: {type: string}
    """,
    "kind.yaml": """
        kind: classification
        id: kind_class
        title: Тип территории
        dataset: units
        attribute: kind
        classes:
          - {id: сельские, values: [сельские]}
          - {id: городские, values: [городские]}
    """,
    "review.yaml": """
        kind: scoring
        id: review
        title: Экспертиза
        dataset: expertise
        units: units
        classes: [kind_class]
        sections:
          - {id: a, title: Раздел А, max: 10}
          - {id: b, title: Раздел Б, max: 20}
    """,
}
ADVICE = """
    kind: recommendations
    id: advice
    title: Рекомендации
    scoring: {scoring}
    level: {level}
    {by}
    audience: ЦНППМ
    rules:
      - id: low
        when: {when}
        text: "Поддержать: {{key}}"
"""


def _rules(write: Write, tmp_path: Path, **advice: str) -> mayak.Ruleset:
    for name, body in SPECS.items():
        write(name, body)
    fields = {"scoring": "review", "level": "unit", "by": "", "when": "percent < 50"}
    write("advice.yaml", ADVICE.format(**{**fields, **advice}))
    return mayak.load(tmp_path)


def _evaluate(rules: mayak.Ruleset) -> mayak.Result:
    return rules.evaluate({"expertise": SCORES, "units": UNITS}, period=2023)


def _percent(row: dict[str, int]) -> float:
    return (row["a"] + row["b"]) / sum(MAXIMA.values()) * 100


def _keys(result: mayak.Result) -> list[str | None]:
    return result.recommendations.filter(pl.col("recommendations") == "advice")["key"].to_list()


def test_a_rule_over_each_unit(write: Write, tmp_path: Path) -> None:
    result = _evaluate(_rules(write, tmp_path))
    low = {r["unit"] for r in SCORES.iter_rows(named=True) if _percent(r) < 50}
    assert set(_keys(result)) == low and len(_keys(result)) == len(low)
    texts = result.recommendations["text"].to_list()
    assert sorted(texts) == sorted(f"Поддержать: {unit}" for unit in low)


def test_a_rule_over_each_class(write: Write, tmp_path: Path) -> None:
    result = _evaluate(_rules(write, tmp_path, level="kind_class", when="total < 20"))
    kinds = dict(UNITS.iter_rows())
    totals: dict[str, list[int]] = {}
    for row in SCORES.iter_rows(named=True):
        totals.setdefault(kinds[row["unit"]], []).append(row["a"] + row["b"])
    low = {k for k, v in totals.items() if sum(v) / len(v) < 20}
    assert low and set(_keys(result)) == low


def test_a_rule_over_the_whole_review(write: Write, tmp_path: Path) -> None:
    average = sum(_percent(r) for r in SCORES.iter_rows(named=True)) / SCORES.height
    result = _evaluate(_rules(write, tmp_path, level="total",
                              when=f"percent > {average - 1} and units == {UNITS.height}"))
    assert _keys(result) == [None]
    none = _evaluate(_rules(write, tmp_path, level="total", when=f"percent > {average + 1}"))
    assert _keys(none) == []


def test_by_groups_the_md_output_by_class_in_spec_order(write: Write, tmp_path: Path) -> None:
    result = _evaluate(_rules(write, tmp_path, by="by: kind_class"))
    kinds = dict(UNITS.iter_rows())
    low = [r["unit"] for r in SCORES.iter_rows(named=True) if _percent(r) < 50]
    assert {kinds[u] for u in low} == set(KINDS)  # both classes have advice
    md = render_markdown(result, "ru")
    section = md[md.index("## Адресные рекомендации"):].split("\n\n")[1].splitlines()
    assert section[0] == "- ЦНППМ:"
    headings = [line.strip() for line in section if line.strip().endswith(":")][1:]
    assert headings == [f"{k}:" for k in KINDS]
    for kind in KINDS:
        start = section.index(f"   {kind}:")
        items = []
        for line in section[start + 1:]:
            if not line.startswith("      "):
                break
            items.append(line)
        assert sorted(i.split("Поддержать: ")[1] for i in items) == sorted(
            u for u in low if kinds[u] == kind)


@pytest.mark.parametrize(("advice", "fragments"), [
    ({"scoring": "reveiw"}, ["scoring", "«reveiw»", "«review»"]),
    ({"level": "kind_clas"}, ["level", "«kind_clas»", "«kind_class»", "total"]),
    ({"level": "expertise"}, ["level", "«expertise»"]),
    ({"by": "by: kind_clas"}, ["by", "«kind_clas»", "«kind_class»"]),
    ({"when": "percnt < 50"}, ["rules[0].when", "«percnt»", "«percent»"]),
])
def test_spec_errors(write: Write, tmp_path: Path, advice: dict[str, str],
                     fragments: list[str]) -> None:
    with pytest.raises(mayak.SpecError) as caught:
        _rules(write, tmp_path, **advice)
    text = caught.value.render("ru")
    assert "advice.yaml:" in text
    missing = [f for f in fragments if f not in text]
    assert not missing, text
    assert all(p.location is not None and p.location.line is not None
               for p in caught.value.problems)
