"""Targeted recommendations: a condition and a text template per rule, evaluated on the
rows of one indicator at one level (e.g. every subject area)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.evaluate._evaluate import collect_small
from mayak.expr._scope import REC_KEY as _KEY
from mayak.expr._scope import REC_PLANNED as _PLANNED
from mayak.expr._scope import REC_VALUE as _VALUE
from mayak.expr._scope import rec_computed, rec_variable
from mayak.messages._catalogue import Lang
from mayak.messages._problems import Problem
from mayak.plan._outcome import ok
from mayak.plan._recommendations import RecommendationsPlan
from mayak.spec._model import TOTAL_LEVEL, Indicator, Recommendations
from mayak.spec._planned import Planned

COLUMNS = ("recommendations", "rule", "audience", "indicator", "level", "key", "text")


def _rows(spec: Recommendations, indicator: Indicator, indicators: pl.LazyFrame,
          variables: pl.LazyFrame, planned: Planned | None) -> pl.LazyFrame:
    """One row per key: value, planned value and the indicator's variables side by side."""
    at = (pl.col("indicator") == spec.indicator) & (pl.col("level") == spec.level)
    rows = indicators.filter(at).select(pl.col("key").alias(_KEY), pl.col("value").alias(_VALUE))
    for name in indicator.variables:  # a variable without rows is unknown
        counts = variables.filter(at & (pl.col("variable") == name)).select(
            pl.col("key").alias(_KEY), pl.col("value").alias(rec_variable(name)))
        rows = rows.join(counts, on=_KEY, how="left", nulls_equal=True, maintain_order="left")
    return rows.with_columns(
        pl.lit(planned.low if planned else None, dtype=pl.Float64).alias(_PLANNED))


def recommend(plans: Mapping[str, RecommendationsPlan], *, planned: Mapping[str, Planned],
              indicators: pl.DataFrame, variables: pl.DataFrame,
              lang: Lang) -> tuple[pl.DataFrame, list[Problem]]:
    """The recommendations of every compiled spec on the evaluated rows, and a warning per
    spec whose rows have an unknown key. One collect for all of them."""
    empty = pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    if not plans or indicators.is_empty():
        return empty, []
    frames: list[pl.LazyFrame] = [empty.lazy()]
    unknown_keys: list[pl.LazyFrame] = []  # per spec at a level: rows without a key
    for compiled in plans.values():
        spec, indicator = compiled.spec, compiled.indicator
        query = _rows(spec, indicator, indicators.lazy(), variables.lazy(),
                      planned.get(spec.indicator))
        for name, typed in compiled.values.items():
            query = query.with_columns(ok(typed).expr.alias(rec_computed(name)))
        if compiled.placeholders is not None and compiled.placeholders[lang]:
            query = query.with_columns(*compiled.placeholders[lang])
        query = query.cache()  # read by every rule and the unknown-key count: computed once
        # The total has one row and no key; at a level, a row without a key is addressed
        # to no one.
        if spec.level != TOTAL_LEVEL:
            unknown_keys.append(query.select(pl.col(_KEY).null_count()))
            query = query.filter(pl.col(_KEY).is_not_null())
        texts = compiled.shown[lang] if compiled.shown is not None else tuple(
            ok(t).expr(lang) for t in compiled.texts)  # raises the template's error
        for rule, when, text in zip(spec.rules, compiled.when, texts, strict=True):
            frames.append(query.filter(ok(when).expr).select(
                pl.lit(spec.id).alias("recommendations"), pl.lit(rule.id).alias("rule"),
                pl.lit(rule.audience or spec.audience).alias("audience"),
                pl.lit(spec.indicator).alias("indicator"), pl.lit(spec.level).alias("level"),
                pl.col(_KEY).cast(pl.String).alias("key"),
                text.alias("text")))
    advice, *missing = collect_small(pl.concat(frames), *unknown_keys)
    leveled = [c.spec for c in plans.values() if c.spec.level != TOTAL_LEVEL]
    problems = [Problem("recommend.unknown_key", {"id": spec.id, "level": spec.level},
                        spec.source.at("level"), "warning")
                for spec, count in zip(leveled, missing, strict=True) if count.item()]
    return advice, problems
