"""The compile step: every expression compiled once while loading, never afterwards; the
results handed out cannot be changed; the stages import only the stages below them."""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import mayak
import polars as pl
import pytest
from mayak.expr import _scope

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES

APPLICATIONS = KALININGRAD_DATA / "applications.xlsx"
ENGINE = Path(mayak.__file__).resolve().parent
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _sites(rules: mayak.Ruleset) -> Iterator[str]:
    """Every expression the specs hold (a template's placeholders one by one), plus the
    values an explanation left to Mayak shows."""
    for indicator in rules.indicators.values():
        for variable in indicator.variables.values():
            yield from (text for text in (variable.where, variable.of) if text)
        yield indicator.formula
    for admission in rules.admissions.values():
        yield from admission.derive.values()
        scope = set(rules.datasets[admission.dataset].columns) | set(admission.derive)
        for criterion in admission.criteria:
            yield criterion.rule
            if criterion.explain:
                yield from _PLACEHOLDER.findall(criterion.explain)
            else:
                yield from sorted(n for n in mayak_names(criterion.rule) if n in scope)
        if isinstance(admission.decision, str) and admission.decision != "all":
            yield admission.decision
    for spec in rules.recommendations.values():
        yield from spec.values.values()
        for rule in spec.rules:
            yield rule.when
            yield from _PLACEHOLDER.findall(rule.text)


def mayak_names(text: str) -> set[str]:
    tree = ast.parse(text, mode="eval")
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts given to the compiler, in order."""
    calls: list[str] = []
    real: Callable[..., Any] = _scope.compile_expression

    def counting(text: str, *args: Any) -> Any:
        calls.append(text)
        return real(text, *args)

    monkeypatch.setattr(_scope, "compile_expression", counting)
    return calls


def test_each_expression_is_compiled_once_while_loading_and_never_after(
        compiled: list[str]) -> None:
    # The base rule set's indicators not chosen are checked (compiled) too, once.
    base = Counter(_sites(mayak.load(KALININGRAD_RULES.parent / "order-908-1")))
    compiled.clear()
    rules = mayak.load(KALININGRAD_RULES)
    assert Counter(compiled) == Counter(_sites(rules)) + base
    assert rules.recommendations, "the example has recommendations to give"
    loaded = len(compiled)
    result = rules.evaluate(rules.read(KALININGRAD_DATA), levels=["municipality"],
                            lang="en")
    screening = rules.screen(APPLICATIONS)
    assert result.recommendations.height > 0
    assert screening.candidates.height > 0
    assert len(compiled) == loaded


def test_a_result_cannot_be_changed() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    data = rules.read(KALININGRAD_DATA)
    result = rules.evaluate(data, levels=["municipality"])
    before = result.indicators[1, "value"]
    result.indicators[1, "value"] = 999.0
    assert result.indicators[1, "value"] == before
    result.variables[0, "value"] = 999.0
    assert result.variables[0, "value"] != 999.0
    with pytest.raises(AttributeError):
        result.indicators = pl.DataFrame()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.period = 2024  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.level_titles["total"] = "x"  # type: ignore[index]


def test_a_screening_cannot_be_changed() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    screening = rules.screen(APPLICATIONS)
    before = screening.candidates[0, "outcome"]
    screening.candidates[0, "outcome"] = "admitted" if before != "admitted" else "reserve"
    assert screening.candidates[0, "outcome"] == before
    summary = screening.summary
    assert summary is not None
    summary[0, "applications"] = 10**6
    assert screening.summary is not None and screening.summary[0, "applications"] != 10**6
    with pytest.raises(AttributeError):
        screening.problems = ()  # type: ignore[misc]


def test_input_data_cannot_be_changed() -> None:
    rules = mayak.load(KALININGRAD_RULES)
    data = rules.read(KALININGRAD_DATA)
    with pytest.raises(TypeError):
        data.frames["teachers"] = pl.LazyFrame()  # type: ignore[index]
    with pytest.raises(TypeError):
        data.files["teachers"] = Path("x")  # type: ignore[index]
    with pytest.raises(TypeError):
        data.heights["teachers"] = 0  # type: ignore[index]
    with pytest.raises(AttributeError):
        data.problems = ()  # type: ignore[misc]


def test_input_data_knows_the_rows_it_read() -> None:
    """The rows of each dataset read, so that evaluate need not count them again: the same
    as counting the frames, for every dataset (the screening result read from its
    applications too)."""
    rules = mayak.load(KALININGRAD_RULES)
    data = rules.read(KALININGRAD_DATA)
    counted = {name: frame.select(pl.len()).collect().item()
               for name, frame in data.frames.items()}
    assert dict(data.heights) == counted
    given = {name: frame.collect() for name, frame in data.frames.items()}
    assert rules.evaluate(data).indicators.equals(rules.evaluate(given).indicators)
