"""Targeted recommendations: a condition and a text template per rule, evaluated on the
rows of one indicator at one level (e.g. every subject area)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from msgspec import Struct, field

from mayak.evaluate._evaluate import collect_small
from mayak.expr._scope import REC_KEY as _KEY
from mayak.expr._scope import REC_PLANNED as _PLANNED
from mayak.expr._scope import REC_VALUE as _VALUE
from mayak.expr._scope import rec_computed, rec_variable
from mayak.messages._catalogue import Lang
from mayak.messages._problems import Problem
from mayak.plan._outcome import ok
from mayak.plan._recommendations import RecommendationsPlan, score_column
from mayak.spec._model import TOTAL_LEVEL, Indicator, Recommendations
from mayak.spec._planned import Planned

_CLASS = "_rec.class"  # the class a recommendation is grouped under (``by``)
COLUMNS = ("recommendations", "rule", "audience", "indicator", "scoring", "level", "key",
           "class", "text")


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


def _score_rows(compiled: RecommendationsPlan, reviewed: Reviewed) -> pl.LazyFrame:
    """One row per unit of the reporting period (or per class, or over all units), each
    name the rules use in its own column."""
    spec, review = compiled.spec, compiled.review
    assert review is not None
    at = pl.col("period") == reviewed.period if reviewed.period else pl.col("period").is_null()
    if spec.level in review.classes or spec.level == TOTAL_LEVEL:
        rows = reviewed.averages[review.id].lazy().filter(
            at & (pl.col("classification") == spec.level if spec.level != TOTAL_LEVEL
                  else pl.col("classification").is_null()))
        grouped = pl.col("class") if spec.by == spec.level else pl.lit(None, pl.String)
    else:
        rows = reviewed.scores[review.id].lazy().filter(at).with_columns(
            (pl.col("status") != "not_submitted").alias("submitted"))
        grouped = pl.col(spec.by) if spec.by in review.classes else pl.lit(None, pl.String)
    return rows.select(
        *[pl.col(source).alias(score_column(name)) for name, source in compiled.sources.items()],
        pl.col(compiled.sources["key"]).alias(_KEY), grouped.alias(_CLASS))


class Reviewed(Struct, frozen=True):
    """The reviews computed, which recommendations on a review read: the units' rows and
    the averages by review id, and the reporting period's code."""

    scores: Mapping[str, pl.DataFrame] = field(default_factory=dict)
    averages: Mapping[str, pl.DataFrame] = field(default_factory=dict)
    period: str | None = None
    # Per recommendations spec on a classification, the rows it is given on.
    class_rows: Mapping[str, pl.DataFrame] = field(default_factory=dict)


def recommend(plans: Mapping[str, RecommendationsPlan], *, planned: Mapping[str, Planned],
              indicators: pl.DataFrame, variables: pl.DataFrame,
              lang: Lang, reviewed: Reviewed | None = None) -> tuple[pl.DataFrame, list[Problem]]:
    """The recommendations of every compiled spec on the evaluated rows (or on the
    reviews' units and classes), and a warning per spec whose rows have an unknown key.
    One collect for all of them."""
    empty = pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    reviewed = reviewed or Reviewed()
    if not plans or (indicators.is_empty() and not reviewed.scores
                     and not reviewed.class_rows):
        return empty, []
    frames: list[pl.LazyFrame] = [empty.lazy()]
    unknown_keys: list[pl.LazyFrame] = []  # per spec at a level: rows without a key
    leveled = []
    for compiled in plans.values():
        spec, indicator = compiled.spec, compiled.indicator
        if spec.classification is not None:
            if spec.id not in reviewed.class_rows:
                continue
            query = reviewed.class_rows[spec.id].lazy().select(
                *[pl.col(source).alias(score_column(name))
                  for name, source in compiled.sources.items()],
                pl.col("key").alias(_KEY), pl.col("class").alias(_CLASS))
        elif indicator is None:
            if compiled.review is None or compiled.review.id not in reviewed.scores:
                continue
            query = _score_rows(compiled, reviewed)
        elif indicators.is_empty():
            continue
        else:
            query = _rows(spec, indicator, indicators.lazy(), variables.lazy(),
                          planned.get(indicator.id)).with_columns(
                pl.lit(None, pl.String).alias(_CLASS))
        for name, typed in compiled.values.items():
            query = query.with_columns(ok(typed).expr.alias(rec_computed(name)))
        if compiled.placeholders is not None and compiled.placeholders[lang]:
            query = query.with_columns(*compiled.placeholders[lang])
        query = query.cache()  # read by every rule and the unknown-key count: computed once
        # The total has one row and no key; at a level, a row without a key is addressed
        # to no one.
        if spec.level != TOTAL_LEVEL:
            leveled.append(spec)
            unknown_keys.append(query.select(pl.col(_KEY).null_count()))
            query = query.filter(pl.col(_KEY).is_not_null())
        texts = compiled.shown[lang] if compiled.shown is not None else tuple(
            ok(t).expr(lang) for t in compiled.texts)  # raises the template's error
        for rule, when, text in zip(spec.rules, compiled.when, texts, strict=True):
            frames.append(query.filter(ok(when).expr).select(
                pl.lit(spec.id).alias("recommendations"), pl.lit(rule.id).alias("rule"),
                pl.lit(rule.audience or spec.audience).alias("audience"),
                pl.lit(spec.indicator, pl.String).alias("indicator"),
                pl.lit(spec.scoring, pl.String).alias("scoring"),
                pl.lit(spec.level).alias("level"),
                pl.col(_KEY).cast(pl.String).alias("key"),
                pl.col(_CLASS).alias("class"),
                text.alias("text")))
    advice, *missing = collect_small(pl.concat(frames), *unknown_keys)
    problems = [Problem("recommend.unknown_key", {"id": spec.id, "level": spec.level},
                        spec.source.at("level"), "warning")
                for spec, count in zip(leveled, missing, strict=True) if count.item()]
    return advice, problems
