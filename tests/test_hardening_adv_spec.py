"""Second adversarial round over specs and expressions: what still crashed or passed
silently wrong."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES

Write = Callable[[str, str], Path]

TEACHERS = """
    kind: dataset
    id: teachers
    title: Педагоги
    columns:
      teacher_id: {type: string, required: true}
      municipality: {type: string}
      rma_member: {type: boolean}
"""
FRAME = pl.DataFrame({"teacher_id": ["1", "2", "3"], "municipality": ["А", "А", "Б"],
                      "rma_member": ["да", "нет", "нет"]})


def _recommendations(write: Write, variables: str, values: str, text: str) -> Path:
    write("teachers.yaml", TEACHERS)
    write("share.yaml", f"""
        kind: indicator
        id: share
        title: Доля
        unit: number
        variables: {{{variables}}}
        formula: A / Z
    """)
    write("targets.yaml", """
        kind: targets
        id: t
        title: T
        period: 2023
        targets:
          share:
            planned: не менее 0,9
    """)
    return write("recs.yaml", f"""
        kind: recommendations
        id: advice
        title: Рекомендации
        indicator: share
        level: municipality
        audience: Институту
        values: {{{values}}}
        rules:
          - {{id: r, when: "True", text: "{text}"}}
    """)


# -- recommendations: names of the spec never collide with the columns rows are built from --


def test_a_variable_named_like_an_internal_column_keeps_its_own_value(write: Write) -> None:
    """``planned_value`` used to be overwritten by the planned value."""
    recs = _recommendations(write, "A: {count: teachers, where: rma_member}, "
                            "Z: {count: teachers}, planned_value: {count: teachers}",
                            "double: planned_value * 2",
                            "{key}: {planned_value}, {double}, план {planned}")
    result = mayak.load(recs.parent).evaluate({"teachers": FRAME})
    texts = sorted(result.recommendations["text"].to_list())
    assert texts == ["А: 2, 4, план 0,9", "Б: 1, 2, план 0,9"]


@pytest.mark.parametrize("variable", ["key", "value", "planned"])
def test_a_variable_named_like_a_builtin_name_is_refused(write: Write, variable: str) -> None:
    """``key`` crashed the report; ``value`` and ``planned`` were silently the other thing."""
    recs = _recommendations(write, f"A: {{count: teachers, where: rma_member}}, "
                            f"Z: {{count: teachers}}, {variable}: {{count: teachers}}",
                            "gap: Z - A", "{key}: {gap}")
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(recs.parent)
    assert f"есть переменная «{variable}», а в рекомендациях" in caught.value.render("ru")


@pytest.mark.parametrize("name", ["key", "value", "planned", "Z"])
def test_a_computed_value_named_like_a_taken_name_is_refused(write: Write, name: str) -> None:
    """A value named ``key`` replaced the group's name in every text, silently."""
    recs = _recommendations(write, "A: {count: teachers, where: rma_member}, "
                            "Z: {count: teachers}", f"{name}: \\\"'x'\\\"", "{A}")
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(recs.parent)
    assert f"values.{name}: имя «{name}» в рекомендациях уже означает" in \
        caught.value.render("ru")


# -- outputs: a column title from a spec is a CSV header cell like any other ------------------


def test_a_formula_looking_column_title_is_quoted_in_the_csv_header(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(KALININGRAD_RULES, rules / "kaliningrad")
    shutil.copytree(KALININGRAD_RULES.parent.parent / "indicators", tmp_path / "indicators")
    shutil.copytree(KALININGRAD_RULES.parent / "order-908-1", tmp_path / "rules" / "order-908-1")
    apps = rules / "kaliningrad" / "applications.yaml"
    apps.write_text(apps.read_text("utf-8").replace("    title: ФИО\n",
                                                    '    title: "=HYPERLINK(1)"\n'), "utf-8")
    result = CliRunner().invoke(main, ["screen", "--rules", str(rules / "kaliningrad"),
                                       str(KALININGRAD_DATA / "applications.xlsx"),
                                       "--format", "csv"])
    table = "".join(line for line in result.stdout.lstrip("\ufeff").splitlines(keepends=True)
                    if not line.startswith("#"))  # the provenance's lines above the table
    header = next(csv.reader(io.StringIO(table)))
    assert "'=HYPERLINK(1)" in header and "=HYPERLINK(1)" not in header


def test_two_recommendation_rules_with_one_code_are_refused(write: Write) -> None:
    """They were accepted, and the output could not tell their recommendations apart."""
    recs = _recommendations(write, "A: {count: teachers, where: rma_member}, "
                            "Z: {count: teachers}", "gap: Z - A", "{key}: {gap}")
    body = recs.read_text("utf-8")
    recs.write_text(body + '  - {id: r, when: "A > 0", text: "{key}"}\n', "utf-8")
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(recs.parent)
    assert "rules[1].id: код правила «r» уже есть выше" in caught.value.render("ru")
