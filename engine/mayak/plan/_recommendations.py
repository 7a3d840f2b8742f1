"""The compiled form of a recommendations spec: computed values, conditions, text templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import get_args

import polars as pl

from mayak.expr._compile import CompileError, Kind, Name
from mayak.expr._scope import base_scope, rec_computed
from mayak.expr._template import Template, joined, shown
from mayak.messages._catalogue import Lang
from mayak.plan._outcome import Outcome, TemplateOutcome, attempt, attempt_template
from mayak.spec._model import Indicator, Recommendations, frozen


@dataclass(frozen=True, eq=False)
class RecommendationsPlan:
    """``values`` in spec order (each may use the earlier ones); ``when`` and ``texts``
    follow the rules. Names read the columns of the rows recommendations are built from.
    ``shown``: per language, each rule's text as an expression, its ``{value}`` with the
    indicator's decimals (None: a template does not compile); it joins the columns of
    ``placeholders`` (per language), computed first: each placeholder once, as text,
    however many rules show it."""

    spec: Recommendations
    indicator: Indicator
    values: Mapping[str, Outcome]
    when: tuple[Outcome, ...]
    texts: tuple[TemplateOutcome, ...]
    shown: Mapping[str, tuple[pl.Expr, ...]] | None  # by language
    placeholders: Mapping[str, tuple[pl.Expr, ...]] | None = None  # by language


def plan_recommendations(spec: Recommendations, indicator: Indicator) -> RecommendationsPlan:
    """Compile every expression of ``spec`` once (``indicator``: the one it is about)."""
    names = base_scope(indicator)
    values: dict[str, Outcome] = {}
    for name, expression in spec.values.items():
        values[name] = typed = attempt(expression, names)
        kind: Kind = "number" if isinstance(typed, CompileError) else typed.kind
        # A compiled number is finite or unknown: its column needs no check.
        names[name] = Name(pl.col(rec_computed(name)), kind, finite=True)
    when = tuple(attempt(rule.when, names) for rule in spec.rules)
    texts = tuple(attempt_template(rule.text, names) for rule in spec.rules)
    # {value} reads as in the report: 1,10 when the indicator is rounded to 2 decimals.
    digits = {} if indicator.rounding.digits is None else {"value": indicator.rounding.digits}
    compiled = [t for t in texts if not isinstance(t, CompileError)]
    if len(compiled) < len(texts):
        return RecommendationsPlan(spec, indicator, frozen(values), when, texts, None)
    staged = {lang: _staged(compiled, lang, digits) for lang in get_args(Lang)}
    return RecommendationsPlan(spec, indicator, frozen(values), when, texts,
                               frozen({lang: shown for lang, (_, shown) in staged.items()}),
                               frozen({lang: columns for lang, (columns, _) in staged.items()}))


def _staged(texts: list[Template], lang: Lang, digits: Mapping[str, int]
            ) -> tuple[tuple[pl.Expr, ...], tuple[pl.Expr, ...]]:
    """Each distinct placeholder shown as text in a column of its own, and the texts
    joining those columns: a placeholder shown by several rules is formatted once."""
    columns: dict[str, str] = {}  # placeholder text -> its column
    exprs: list[pl.Expr] = []
    staged: list[pl.Expr] = []
    for template in texts:
        parts: list[pl.Expr] = []
        for part in template.parts:
            if isinstance(part, str):
                parts.append(pl.lit(part))
                continue
            if part.text not in columns:
                columns[part.text] = name = f"_shown.{len(columns)}"
                exprs.append(shown(part, lang, digits).alias(name))
            parts.append(pl.col(columns[part.text]))
        staged.append(joined(parts))
    return tuple(exprs), tuple(staged)


def plan_all_recommendations(specs: Mapping[str, Recommendations],
                             indicators: Mapping[str, Indicator]
                             ) -> dict[str, RecommendationsPlan]:
    """Those of ``specs`` whose indicator exists, compiled."""
    return {spec.id: plan_recommendations(spec, indicators[spec.indicator])
            for spec in specs.values() if spec.indicator in indicators}
