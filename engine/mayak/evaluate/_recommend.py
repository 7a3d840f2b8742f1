"""Targeted recommendations: a condition and a text template per rule, evaluated on the
rows of one indicator at one level (e.g. every subject area)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

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
    frames: list[pl.DataFrame] = []
    problems: list[Problem] = []
    for compiled in plans.values():
        spec, indicator = compiled.spec, compiled.indicator
        rows = _rows(spec, indicator, indicators, variables, planned.get(spec.indicator))
        if rows.is_empty():
            continue
        for name, typed in compiled.values.items():
            rows = rows.with_columns(ok(typed).expr.alias(rec_computed(name)))
        # {value} reads as in the report: 1,10 when the indicator is rounded to 2 decimals.
        shown = {} if indicator.rounding.digits is None else {"value": indicator.rounding.digits}
        addressed = rows
        if spec.level != TOTAL_LEVEL:  # the total has one row and no key
            addressed = rows.filter(pl.col(_KEY).is_not_null())
            if addressed.height < rows.height:
                problems.append(Problem("recommend.unknown_key", {"id": spec.id,
                                                                  "level": spec.level},
                                        spec.source.at("level"), "warning"))
        for rule, when, template in zip(spec.rules, compiled.when, compiled.texts, strict=True):
            condition = ok(when).expr
            message = ok(template).expr(lang, shown)
            frames.append(addressed.filter(condition).select(
                pl.lit(spec.id).alias("recommendations"), pl.lit(rule.id).alias("rule"),
                pl.lit(rule.audience or spec.audience).alias("audience"),
                pl.lit(spec.indicator).alias("indicator"), pl.lit(spec.level).alias("level"),
                pl.col(_KEY).cast(pl.String).alias("key"), message.alias("text")))
    empty = pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    return (pl.concat([empty, *frames]) if frames else empty), problems
