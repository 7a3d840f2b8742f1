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


def _rows(spec: Recommendations, indicator: Indicator, indicators: pl.DataFrame,
          variables: pl.DataFrame, planned: Planned | None) -> pl.DataFrame:
    """One row per key: value, planned value and the indicator's variables side by side."""
    at = (pl.col("indicator") == spec.indicator) & (pl.col("level") == spec.level)
    wide = (variables.filter(at)
            .select(pl.col("key").alias(_KEY),
                    ("_var." + pl.col("variable")).alias("variable"), "value")
            .pivot(on="variable", index=_KEY, values="value")
            if not variables.is_empty() else pl.DataFrame({_KEY: []}))
    rows = indicators.filter(at).select(pl.col("key").alias(_KEY), pl.col("value").alias(_VALUE))
    rows = rows.join(wide, on=_KEY, how="left", nulls_equal=True, maintain_order="left")
    missing = [rec_variable(v) for v in indicator.variables if rec_variable(v) not in rows.columns]
    return rows.with_columns(
        pl.lit(planned.low if planned else None, dtype=pl.Float64).alias(_PLANNED),
        *[pl.lit(None, dtype=pl.Float64).alias(v) for v in missing])


def recommend(plans: Mapping[str, RecommendationsPlan], *, planned: Mapping[str, Planned],
              indicators: pl.DataFrame, variables: pl.DataFrame,
              lang: Lang) -> tuple[pl.DataFrame, list[Problem]]:
    """The recommendations of every compiled spec on the evaluated rows, and a warning per
    spec whose rows have an unknown key."""
    frames: list[pl.LazyFrame] = []
    problems: list[Problem] = []
    for compiled in plans.values():
        spec, indicator = compiled.spec, compiled.indicator
        rows = _rows(spec, indicator, indicators, variables, planned.get(spec.indicator))
        if rows.is_empty():
            continue
        # The total has one row and no key; at a level, a row without a key is addressed
        # to no one.
        keyed = spec.level == TOTAL_LEVEL or rows.get_column(_KEY).null_count() == 0
        if not keyed:
            problems.append(Problem("recommend.unknown_key", {"id": spec.id,
                                                              "level": spec.level},
                                    spec.source.at("level"), "warning"))
        query = rows.lazy()
        for name, typed in compiled.values.items():
            query = query.with_columns(ok(typed).expr.alias(rec_computed(name)))
        addressed = query if keyed else query.filter(pl.col(_KEY).is_not_null())
        # {value} reads as in the report: 1,10 when the indicator is rounded to 2 decimals.
        shown = {} if indicator.rounding.digits is None else {"value": indicator.rounding.digits}
        for rule, when, template in zip(spec.rules, compiled.when, compiled.texts, strict=True):
            frames.append(addressed.filter(ok(when).expr).select(
                pl.lit(spec.id).alias("recommendations"), pl.lit(rule.id).alias("rule"),
                pl.lit(rule.audience or spec.audience).alias("audience"),
                pl.lit(spec.indicator).alias("indicator"), pl.lit(spec.level).alias("level"),
                pl.col(_KEY).cast(pl.String).alias("key"),
                ok(template).expr(lang, shown).alias("text")))
    empty = pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    return (collect_small(pl.concat([empty.lazy(), *frames]))[0] if frames else empty), problems
