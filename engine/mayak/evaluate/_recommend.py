"""Targeted recommendations: a condition and a text template per rule, evaluated on the
rows of one indicator at one level (e.g. every subject area)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.expr._compile import Name
from mayak.expr._scope import compile_in
from mayak.expr._template import compile_template
from mayak.messages._catalogue import Lang
from mayak.messages._problems import Problem
from mayak.spec._model import TOTAL_LEVEL, Indicator, Recommendations
from mayak.spec._planned import Planned

COLUMNS = ("recommendations", "rule", "audience", "indicator", "level", "key", "text")
BUILTIN = ("value", "planned", "key")  # names every rule may use besides the variables

# Each kind of name has columns of its own, so that no spec name can collide with another
# or with a column the rows are built from.
_VALUE, _PLANNED, _KEY = "_rec.value", "_rec.planned", "_rec.key"


def _variable(name: str) -> str:
    return f"_var.{name}"


def _computed(name: str) -> str:
    return f"_val.{name}"


def base_scope(indicator: Indicator) -> dict[str, Name]:
    """Names every rule may use: the indicator's variables, value, planned and key."""
    names = {var: Name(pl.col(_variable(var)), "number") for var in indicator.variables}
    names.update({"value": Name(pl.col(_VALUE), "number"),
                  "planned": Name(pl.col(_PLANNED), "number"),
                  "key": Name(pl.col(_KEY), "string")})
    return names


def scope(spec: Recommendations, indicator: Indicator) -> dict[str, Name]:
    """The base names plus the spec's ``values`` (each may use the earlier ones)."""
    names = base_scope(indicator)
    for name, expression in spec.values.items():
        names[name] = Name(pl.col(_computed(name)), compile_in(expression, names).kind)
    return names


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
    missing = [_variable(v) for v in indicator.variables if _variable(v) not in rows.columns]
    return rows.with_columns(
        pl.lit(planned.low if planned else None, dtype=pl.Float64).alias(_PLANNED),
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
            rows = rows.with_columns(compile_in(expression, names).expr.alias(_computed(name)))
        # {value} reads as in the report: 1,10 when the indicator is rounded to 2 decimals.
        shown = {} if indicator.rounding.digits is None else {"value": indicator.rounding.digits}
        addressed = rows
        if spec.level != TOTAL_LEVEL:  # the total has one row and no key
            addressed = rows.filter(pl.col(_KEY).is_not_null())
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
                pl.col(_KEY).cast(pl.String).alias("key"), message.alias("text")))
    empty = pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    return (pl.concat([empty, *frames]) if frames else empty), problems
