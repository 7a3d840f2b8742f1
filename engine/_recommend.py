"""Targeted recommendations: a condition and a text template per rule, evaluated on the
rows of one indicator at one level (e.g. every subject area)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from mayak._expr import Name
from mayak._messages import Lang
from mayak._planned import Planned
from mayak._problems import Problem
from mayak._scope import compile_in
from mayak._specs import TOTAL_LEVEL, Indicator, Recommendations
from mayak._template import compile_template

COLUMNS = ("recommendations", "rule", "audience", "indicator", "level", "key", "text")


def base_scope(indicator: Indicator) -> dict[str, Name]:
    """Names every rule may use: the indicator's variables, value, planned and key."""
    names = {var: Name(pl.col(var), "number") for var in indicator.variables}
    names.update({"value": Name(pl.col("value"), "number"),
                  "planned": Name(pl.col("planned_value"), "number"),
                  "key": Name(pl.col("key"), "string")})
    return names


def scope(spec: Recommendations, indicator: Indicator) -> dict[str, Name]:
    """The base names plus the spec's ``values`` (each may use the earlier ones)."""
    names = base_scope(indicator)
    for name, expression in spec.values.items():
        names[name] = Name(pl.col(name), compile_in(expression, names).kind)
    return names


def _rows(spec: Recommendations, indicator: Indicator, indicators: pl.DataFrame,
          variables: pl.DataFrame, planned: Planned | None) -> pl.DataFrame:
    """One row per key: value, planned value and the indicator's variables side by side."""
    at = (pl.col("indicator") == spec.indicator) & (pl.col("level") == spec.level)
    wide = (variables.filter(at).pivot(on="variable", index="key", values="value")
            if not variables.is_empty() else pl.DataFrame({"key": []}))
    rows = indicators.filter(at).select("key", "value").join(
        wide, on="key", how="left", nulls_equal=True, maintain_order="left")
    missing = [v for v in indicator.variables if v not in rows.columns]
    return rows.with_columns(
        pl.lit(planned.low if planned else None, dtype=pl.Float64).alias("planned_value"),
        *[pl.lit(None, dtype=pl.Float64).alias(v) for v in missing])


def recommend(specs: Mapping[str, Recommendations], indicators_spec: Mapping[str, Indicator], *,
              planned: Mapping[str, Planned], indicators: pl.DataFrame,
              variables: pl.DataFrame, lang: Lang) -> tuple[pl.DataFrame, list[Problem]]:
    frames: list[pl.DataFrame] = []
    problems: list[Problem] = []
    for spec in specs.values():
        indicator = indicators_spec[spec.indicator]
        names = scope(spec, indicator)
        rows = _rows(spec, indicator, indicators, variables, planned.get(spec.indicator))
        if rows.is_empty():
            continue
        for name, expression in spec.values.items():
            rows = rows.with_columns(compile_in(expression, names).expr.alias(name))
        # {value} reads as in the report: 1,10 when the indicator is rounded to 2 decimals.
        shown = {} if indicator.rounding.digits is None else {"value": indicator.rounding.digits}
        addressed = rows
        if spec.level != TOTAL_LEVEL:  # the total has one row and no key
            addressed = rows.filter(pl.col("key").is_not_null())
            if addressed.height < rows.height:
                problems.append(Problem("recommend.unknown_key", {"id": spec.id,
                                                                  "level": spec.level},
                                        spec.source.at("level"), "warning"))
        for rule in spec.rules:
            condition = compile_in(rule.when, names).expr
            message = compile_template(rule.text, names, lang, digits=shown)
            frames.append(addressed.filter(condition).select(
                pl.lit(spec.id).alias("recommendations"), pl.lit(rule.id).alias("rule"),
                pl.lit(rule.audience or spec.audience).alias("audience"),
                pl.lit(spec.indicator).alias("indicator"), pl.lit(spec.level).alias("level"),
                pl.col("key").cast(pl.String), message.alias("text")))
    empty = pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    return (pl.concat([empty, *frames]) if frames else empty), problems
