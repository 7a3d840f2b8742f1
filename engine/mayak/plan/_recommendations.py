"""The compiled form of a recommendations spec: computed values, conditions, text templates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import get_args

import polars as pl
from msgspec import Struct, field
from msgspec.structs import replace

from mayak._frozen import Frozen
from mayak.expr._compile import CompileError, Kind, Name
from mayak.expr._scope import base_scope, rec_computed
from mayak.expr._template import Template, joined, shown
from mayak.messages._catalogue import Lang
from mayak.plan._outcome import Outcome, TemplateOutcome, attempt, attempt_template
from mayak.spec._model import (
    TOTAL_LEVEL,
    Classification,
    Dataset,
    Indicator,
    Recommendations,
    Scoring,
    SpecSet,
)


class RecommendationsPlan(Struct, frozen=True, eq=False):
    """``values`` in spec order (each may use the earlier ones); ``when`` and ``texts``
    follow the rules. Names read the columns of the rows recommendations are built from.
    ``shown``: per language, each rule's text as an expression, its ``{value}`` with the
    indicator's decimals (None: a template does not compile); it joins the columns of
    ``placeholders`` (per language), computed first: each placeholder once, as text,
    however many rules show it."""

    spec: Recommendations
    indicator: Indicator | None
    values: Mapping[str, Outcome]
    when: tuple[Outcome, ...]
    texts: tuple[TemplateOutcome, ...]
    shown: Mapping[str, tuple[pl.Expr, ...]] | None  # by language
    placeholders: Mapping[str, tuple[pl.Expr, ...]] | None = None  # by language
    # Given on a review's rows: the review, and each name's column in its results.
    review: Scoring | None = None
    sources: Mapping[str, str] = field(default_factory=Frozen)


def score_column(name: str) -> str:
    """The column of a review's result a recommendation rule reads as ``name``."""
    return f"_s.{name}"


def score_names(review: Scoring, level: str,
                classifications: Mapping[str, Classification]) -> dict[str, tuple[str, Kind]]:
    """The names rules on a review's rows may use, each with the column of the review's
    result it reads and its kind: per unit (``level`` is the unit column), or per class
    (``level`` is a classification) or over all units (``total``)."""
    sections = [s.id for s in review.sections]
    numbers = [*sections, *(f"{s}_percent" for s in sections), "total", "percent"]
    names: dict[str, tuple[str, Kind]] = {n: (n, "number") for n in numbers}
    if level == TOTAL_LEVEL or level in classifications:
        names.update({n: (n, "number") for n in ("units", "averaged", "paired_change",
                                                 "paired_percent_change")})
        names["change"] = ("change_of_averages", "number")
        names["percent_change"] = ("percent_change_of_averages", "number")
        names["key"] = ("class", "string")
        return names
    names.update({n: (n, "number") for n in ("max_total", "rank", "change", "percent_change")})
    names.update({c: (c, "string") for c in review.classes})
    names["key"] = ("unit", "string")
    names["submitted"] = ("submitted", "boolean")
    return names


def plan_scoring_recommendations(spec: Recommendations, review: Scoring,
                                 classifications: Mapping[str, Classification]
                                 ) -> RecommendationsPlan:
    """Compile every expression of ``spec``, given on ``review``'s units or classes."""
    found = score_names(review, spec.level, classifications)
    names = {}
    for name, (_, kind) in found.items():
        categories = (tuple(r.id for r in classifications[name].classes)
                      if name in classifications else None)
        names[name] = Name(pl.col(score_column(name)), kind, categories)
    planned = _compiled(spec, names, {})
    return replace(planned, indicator=None, review=review,
                   sources=Frozen({n: column for n, (column, _) in found.items()}))


def class_names(spec: Classification, level: str, unit: str | None
                ) -> dict[str, tuple[str, Kind]]:
    """The names rules on a classification's units may use, with their columns: per unit
    (``level`` is the unit column) the unit's class; per group of units (another column, or
    ``total``) a class and the number of its units there."""
    names: dict[str, tuple[str, Kind]] = {spec.id: ("class", "string"),
                                          "class": ("class", "string"),
                                          "key": ("key", "string")}
    if level != unit:
        names["units"] = ("units", "number")
    return names


def plan_class_recommendations(spec: Recommendations, classification: Classification,
                               dataset: Dataset) -> RecommendationsPlan:
    """Compile every expression of ``spec``, given on ``classification``'s units or on its
    classes within groups of units (``level``)."""
    found = class_names(classification, spec.level, classification.unit or dataset.key)
    categories = tuple(r.id for r in classification.classes)
    names = {name: Name(pl.col(score_column(name)), kind,
                        categories if column == "class" else None)
             for name, (column, kind) in found.items()}
    planned = _compiled(spec, names, {})
    return replace(planned, sources=Frozen({n: column for n, (column, _) in found.items()}))


def plan_recommendations(spec: Recommendations, indicator: Indicator) -> RecommendationsPlan:
    """Compile every expression of ``spec`` once (``indicator``: the one it is about)."""
    # {value} reads as in the report: 1,10 when the indicator is rounded to 2 decimals.
    digits = {} if indicator.rounding.digits is None else {"value": indicator.rounding.digits}
    return replace(_compiled(spec, base_scope(indicator), digits), indicator=indicator)


def _compiled(spec: Recommendations, names: dict[str, Name], digits: Mapping[str, int]
              ) -> RecommendationsPlan:
    values: dict[str, Outcome] = {}
    for name, expression in spec.values.items():
        values[name] = typed = attempt(expression, names)
        kind: Kind = "number" if isinstance(typed, CompileError) else typed.kind
        # A compiled number is finite or unknown: its column needs no check.
        names[name] = Name(pl.col(rec_computed(name)), kind, finite=True)
    when = tuple(attempt(rule.when, names) for rule in spec.rules)
    texts = tuple(attempt_template(rule.text, names) for rule in spec.rules)
    compiled = [t for t in texts if not isinstance(t, CompileError)]
    if len(compiled) < len(texts):
        return RecommendationsPlan(spec, None, Frozen(values), when, texts, None)
    staged = {lang: _staged(compiled, lang, digits) for lang in get_args(Lang)}
    return RecommendationsPlan(spec, None, Frozen(values), when, texts,
                               Frozen({lang: shown for lang, (_, shown) in staged.items()}),
                               Frozen({lang: columns for lang, (columns, _) in staged.items()}))


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


def plan_all_recommendations(specs: SpecSet) -> dict[str, RecommendationsPlan]:
    """Those recommendations whose indicator or review exists, compiled."""
    plans = {}
    for spec in specs.recommendations.values():
        if spec.indicator is not None and spec.indicator in specs.indicators:
            plans[spec.id] = plan_recommendations(spec, specs.indicators[spec.indicator])
        elif spec.scoring is not None and spec.scoring in specs.scorings:
            plans[spec.id] = plan_scoring_recommendations(
                spec, specs.scorings[spec.scoring], specs.classifications)
        elif (spec.classification is not None and spec.classification in specs.classifications
              and specs.classifications[spec.classification].dataset in specs.datasets):
            classification = specs.classifications[spec.classification]
            plans[spec.id] = plan_class_recommendations(
                spec, classification, specs.datasets[classification.dataset])
    return plans
