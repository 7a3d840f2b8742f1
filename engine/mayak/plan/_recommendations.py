"""The compiled form of a recommendations spec: computed values, conditions, text templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import get_args

import polars as pl

from mayak.expr._compile import CompileError, Kind, Name
from mayak.expr._scope import base_scope, rec_computed
from mayak.expr._template import Placeholder, Template
from mayak.messages._catalogue import Lang
from mayak.plan._outcome import Outcome, TemplateOutcome, attempt, attempt_template
from mayak.spec._model import Indicator, Recommendations, frozen


@dataclass(frozen=True, eq=False)
class RecommendationsPlan:
    """``values`` in spec order (each may use the earlier ones); ``when`` and ``texts``
    follow the rules. Names read the columns of the rows recommendations are built from.
    ``shown``: per language, each rule's text as an expression, its ``{value}`` with the
    indicator's decimals (None: a template does not compile); its placeholders read the
    columns of ``placeholders``, computed first (each once, however often it is shown)."""

    spec: Recommendations
    indicator: Indicator
    values: Mapping[str, Outcome]
    when: tuple[Outcome, ...]
    texts: tuple[TemplateOutcome, ...]
    shown: Mapping[str, tuple[pl.Expr, ...]] | None  # by language
    placeholders: tuple[pl.Expr, ...] = ()


def plan_recommendations(spec: Recommendations, indicator: Indicator) -> RecommendationsPlan:
    """Compile every expression of ``spec`` once (``indicator``: the one it is about)."""
    names = base_scope(indicator)
    values: dict[str, Outcome] = {}
    for name, expression in spec.values.items():
        values[name] = typed = attempt(expression, names)
        kind: Kind = "number" if isinstance(typed, CompileError) else typed.kind
        names[name] = Name(pl.col(rec_computed(name)), kind)
    when = tuple(attempt(rule.when, names) for rule in spec.rules)
    texts = tuple(attempt_template(rule.text, names) for rule in spec.rules)
    # {value} reads as in the report: 1,10 when the indicator is rounded to 2 decimals.
    digits = {} if indicator.rounding.digits is None else {"value": indicator.rounding.digits}
    compiled = [t for t in texts if not isinstance(t, CompileError)]
    if len(compiled) < len(texts):
        return RecommendationsPlan(spec, indicator, frozen(values), when, texts, None)
    placeholders, staged = _staged(compiled)
    shown = frozen({lang: tuple(t.expr(lang, digits) for t in staged) for lang in get_args(Lang)})
    return RecommendationsPlan(spec, indicator, frozen(values), when, texts, shown,
                               placeholders)


def _staged(texts: list[Template]) -> tuple[tuple[pl.Expr, ...], list[Template]]:
    """Each distinct computed placeholder as a column, and the templates reading those
    columns: a value is formatted from several copies of itself (its sign, whole and
    fraction), and copies of an expression are each computed."""
    columns: dict[str, str] = {}  # placeholder text -> its column
    exprs: list[pl.Expr] = []
    staged: list[Template] = []
    for template in texts:
        parts: list[str | Placeholder] = []
        for part in template.parts:
            if isinstance(part, str) or part.typed.expr.meta.is_column():
                parts.append(part)
                continue
            if part.text not in columns:
                columns[part.text] = name = f"_shown.{len(columns)}"
                exprs.append(part.typed.expr.alias(name))
            parts.append(Placeholder(part.text,
                                     replace(part.typed, expr=pl.col(columns[part.text]))))
        staged.append(Template(tuple(parts)))
    return tuple(exprs), staged


def plan_all_recommendations(specs: Mapping[str, Recommendations],
                             indicators: Mapping[str, Indicator]
                             ) -> dict[str, RecommendationsPlan]:
    """Those of ``specs`` whose indicator exists, compiled."""
    return {spec.id: plan_recommendations(spec, indicators[spec.indicator])
            for spec in specs.values() if spec.indicator in indicators}
