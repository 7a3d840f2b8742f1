from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from mayak.spec._schema import KINDS, editor_schemas, schema
from msgspec.structs import replace

from tests.conftest import KALININGRAD_RULES, write_period_indicator

Write = Callable[[str, str], Path]


def test_kaliningrad_rules_load_through_the_ruleset_include() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    assert set(rules.indicators) == {
        "rma_curator_share", "teachers_per_methodist", "expert_share_in_events",
        "community_participation_share", "community_growth"}
    assert set(rules.datasets) == {"teachers", "event_staff", "community_participation",
                                   "community_agreements", "applications", "rma"}
    assert set(rules.admissions) == {"rma"}
    assert set(rules.recommendations) == {"rma-coverage"}
    assert rules.targets["kaliningrad-2023"].period == mayak.Period.of("year", 2023)


def test_specs_are_immutable() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    indicator = rules.indicators["teachers_per_methodist"]
    with pytest.raises(AttributeError):
        indicator.formula = "1"  # type: ignore[misc]
    with pytest.raises(TypeError):
        rules.indicators["x"] = indicator  # type: ignore[index]
    assert indicator.rounding.digits == 0
    assert indicator.variables["M"].dataset == "rma"


def test_a_changed_copy_is_read_only_too() -> None:
    """``msgspec.structs.replace`` runs ``__post_init__``, which makes mappings read-only."""
    rules = mayak.load(KALININGRAD_RULES)
    specs = replace(rules.specs, indicators={"only": rules.indicators["teachers_per_methodist"]})
    problem = replace(mayak.Problem("data.unused_file", {}), params={"file": "x.csv"})
    for mapping in (specs.indicators, problem.params):
        with pytest.raises(TypeError):
            mapping["other"] = None  # type: ignore[index]


def test_indicators_are_ordered_by_dependency(write: Write, tmp_path: Path) -> None:
    write("d.yaml", """
        kind: dataset
        id: d
        title: D
        columns: {x: {type: number}}
    """)
    write("a.yaml", """
        kind: indicator
        id: aa_uses_b
        title: A
        unit: number
        variables: {N: {count: d}}
        formula: N + zz_base
    """)
    write("z.yaml", """
        kind: indicator
        id: zz_base
        title: Z
        unit: number
        variables: {N: {count: d}}
        formula: N
    """)
    rules = mayak.load(tmp_path)
    assert list(rules.indicators) == ["zz_base", "aa_uses_b"]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(mayak.SpecError, match="путь не найден"):
        mayak.load(tmp_path / "nope")
    with pytest.raises(mayak.SpecError, match=r"нет файлов \.yaml"):
        mayak.load(tmp_path)


def test_include_that_does_not_exist(write: Write, tmp_path: Path) -> None:
    write("ruleset.yaml", """
        kind: ruleset
        id: r
        title: R
        include: [../missing]
    """)
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(tmp_path)
    assert "ruleset.yaml:4:" in str(caught.value) and "«../missing»" in str(caught.value)


def test_messages_in_english(write: Write, tmp_path: Path) -> None:
    write("x.yaml", "kind: indicator\nid: x\ntitle: X\n")
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(tmp_path)
    assert "required field 'unit' is missing" in caught.value.render("en")
    assert "не хватает обязательного поля «unit»" in caught.value.render("ru")


def test_period_without_targets_is_asked_for_when_evaluating(write: Write,
                                                              tmp_path: Path) -> None:
    # The period may come from the command: the rules load, evaluation asks for it.
    write_period_indicator(write)
    rules = mayak.load(tmp_path)
    frame = pl.DataFrame({"year": [2022, 2023, 2023]})
    with pytest.raises(mayak.DataError, match="--period"):
        rules.evaluate({"d": frame})
    assert rules.evaluate({"d": frame}, period=2023).value("i") == 2
    assert rules.evaluate({"d": frame}, period="2022 г.").value("i") == 1


def test_packaged_schemas_match_the_spec_kinds() -> None:
    for kind in KINDS:
        assert schema(kind)["properties"]["kind"]["const"] == kind
    assert set(editor_schemas()) == {f"{k}.schema.json" for k in KINDS} | {"mayak.schema.json"}
