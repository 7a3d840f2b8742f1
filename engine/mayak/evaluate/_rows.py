"""The rows of a result, built over the stacked aggregates of every level: indicator values
with their targets and statuses (a row per norm), the variables behind them, the groups a
formula left out of range, the published values that differ, the ``figure`` variables
without exactly one row, and the groups with rows in the period."""

from __future__ import annotations

import math
from collections.abc import Mapping

import polars as pl

from mayak.evaluate._periods import with_rows
from mayak.expr._scope import raw_column, value_column, variable_column
from mayak.messages._catalogue import Key, Lang
from mayak.messages._problems import Problem
from mayak.plan._columns import out_of_range_column, rows_column, unknown_column
from mayak.plan._indicators import IndicatorPlan, VariablePlan
from mayak.spec._model import TOTAL_LEVEL, Indicator, Target
from mayak.spec._planned import Planned

STATUSES = ("met", "not_met", "no_data", "no_target")


STATUS = pl.Enum(list(STATUSES))


def figure_counts(computed: pl.LazyFrame, levels: list[str],
             chosen: list[list[IndicatorPlan]]) -> pl.LazyFrame | None:
    """Per level, the ``figure`` variables whose group found no row or several: level,
    key, indicator, variable and the rows found (None: the rule set has no figures)."""
    found = [(n, i.indicator.id, v.variable.name, rows_column(v.column))
             for n, at_level in enumerate(chosen) for i in at_level
             for v in i.variables.values() if v.variable.aggregation == "figure"]
    if not found:  # most rule sets: the schema is not resolved for nothing
        return None
    names = set(computed.collect_schema().names())
    found = [f for f in found if f[3] in names]
    if not found:
        return None
    counted = _long(computed, {c: pl.col(c) for c in dict.fromkeys(f[3] for f in found)},
                    "_column")
    pairs = pl.LazyFrame({LEVEL: [f[0] for f in found], "_column": [f[3] for f in found],
                          "indicator": [f[1] for f in found], "variable": [f[2] for f in found],
                          "level": [levels[f[0]] for f in found]},
                         schema={LEVEL: pl.Int64, "_column": pl.String, "indicator": pl.String,
                                 "variable": pl.String, "level": pl.String})
    return (counted.join(pairs, on=[LEVEL, "_column"], how="inner", maintain_order="right_left")
            .filter(pl.col("_v").fill_null(0) != 1)
            .select("indicator", "variable", "level", pl.col(KEY).alias("key"),
                    pl.col("_v").fill_null(0).alias("rows")))


def present_keys(computed: pl.LazyFrame, levels: list[str],
                 variables: list[VariablePlan]) -> pl.LazyFrame:
    """The (level, key) groups with rows of the reporting period itself (a group of the
    report for its rows of the period before only is not)."""
    level = pl.col(LEVEL).replace_strict(dict(enumerate(levels)), return_dtype=pl.String)
    return (computed.filter(with_rows(variables, before=False))
            .select(level.alias("level"), pl.col(KEY).alias("key"))
            .filter(pl.col("level") != TOTAL_LEVEL))


LEVEL = "_level"  # which level a row of the stacked aggregates belongs to


KEY = "key_of"  # its key as text (null for the total)


MAX_OUT_OF_RANGE_SHOWN = 10


def _long(computed: pl.LazyFrame, columns: Mapping[str, pl.Expr], name: str) -> pl.LazyFrame:
    """One row per stacked row and column of ``columns`` (named by its key in ``name``),
    the column's value in ``_v``."""
    return computed.select(LEVEL, KEY, *(e.alias(c) for c, e in columns.items())).unpivot(
        on=list(columns), index=[LEVEL, KEY], variable_name=name, value_name="_v")


def _pairs(levels: list[str], chosen: list[list[IndicatorPlan]],
           columns: Mapping[str, object]) -> pl.LazyFrame:
    """The (level, indicator) pairs computed, in the order of the result rows, with
    ``columns`` of literal values per pair (lists in that order)."""
    return pl.LazyFrame({
        LEVEL: [n for n, at_level in enumerate(chosen) for _ in at_level],
        "indicator": [i.indicator.id for at_level in chosen for i in at_level],
        "level": [level for level, at_level in zip(levels, chosen, strict=True)
                  for _ in at_level],
        **columns}, schema_overrides={LEVEL: pl.Int64, "indicator": pl.String,
                                      "level": pl.String})


def flagged_keys(computed: pl.LazyFrame, levels: list[str],
             chosen: list[list[IndicatorPlan]]) -> pl.LazyFrame:
    """The keys of the groups whose formula gave a value out of range (now unknown)."""
    used = dict.fromkeys(i.indicator.id for at_level in chosen for i in at_level)
    flags = _long(computed, {i: pl.col(out_of_range_column(i)) for i in used}, "indicator")
    return (flags.filter(pl.col("_v"))
            .join(_pairs(levels, chosen, {}), on=[LEVEL, "indicator"], how="inner",
                  maintain_order="right_left")
            .select("level", "indicator", pl.col(KEY).alias("key")))


def out_of_range(flagged: pl.DataFrame, indicator: Indicator, level: str) -> list[Problem]:
    """A located warning per group whose formula gave a value out of range (now unknown)."""
    if flagged.is_empty():
        return []
    keys = flagged.filter((pl.col("level") == level)
                          & (pl.col("indicator") == indicator.id))["key"]
    at = indicator.source.at("formula")
    found = [Problem("eval.out_of_range_total" if level == TOTAL_LEVEL else "eval.out_of_range",
                     {"indicator": indicator.id} if level == TOTAL_LEVEL else
                     {"indicator": indicator.id, "level": level,
                      "key": Key("value.unknown") if key is None else key},
                     at, "warning") for key in keys.head(MAX_OUT_OF_RANGE_SHOWN)]
    if len(keys) > MAX_OUT_OF_RANGE_SHOWN:
        found.append(Problem("eval.more_out_of_range",
                             {"count": len(keys) - MAX_OUT_OF_RANGE_SHOWN,
                              "indicator": indicator.id, "level": level}, at, "warning"))
    return found


def key_of(level: str) -> pl.Expr:
    """A level's key as text (null for the total)."""
    return (pl.lit(None, dtype=pl.String) if level == TOTAL_LEVEL
            else pl.col(level).cast(pl.String)).alias("key")


def value_rows(computed: pl.LazyFrame, levels: list[str], chosen: list[list[IndicatorPlan]],
                targets: Mapping[str, Target], *, lang: Lang, order: list[str]
                ) -> pl.LazyFrame:
    """Per level, per indicator chosen there (in ``order``), its value at each key (sorted
    as text), with its title and target."""
    used = dict.fromkeys(i.indicator.id for at_level in chosen for i in at_level)
    values = _long(computed, {i: pl.struct(pl.col(value_column(i)).alias("value"),
                                           pl.col(raw_column(i)).alias("raw"))
                              for i in used}, "indicator")
    rank = {name: n for n, name in enumerate(dict.fromkeys(order))}
    # Each level's rows are sorted by key already (its aggregates are): the pairs in the
    # order of the targets make the rows' order.
    ranked = [sorted(at_level, key=lambda i: rank[i.indicator.id]) for at_level in chosen]
    # The targets and titles as literal columns per pair (and norm: an indicator with
    # several norms has a row per norm), one status expression for all.
    found = [(n, level, i.indicator, norm)
             for n, (level, at_level) in enumerate(zip(levels, ranked, strict=True))
             for i in at_level
             for norm in _norms(targets.get(i.indicator.id), level)]
    bounds = [_bounds(t.planned) if t else (None, None, None, None) for *_, t in found]
    named = any(t is not None and t.norm is not None for *_, t in found)
    pairs = pl.LazyFrame({
        LEVEL: [n for n, *_ in found], "indicator": [i.id for _, _, i, _ in found],
        "level": [level for _, level, _, _ in found],
        "title": [i.title for _, _, i, _ in found], "unit": [i.unit for _, _, i, _ in found],
        "digits": [i.rounding.digits for _, _, i, _ in found],
        "planned": [t.planned.shown(lang) if t else None for *_, t in found],
        "planned_op": [t.planned.op if t else None for *_, t in found],
        "planned_low": [t.planned.low if t else None for *_, t in found],
        "planned_high": [t.planned.high if t else None for *_, t in found],
        "note": [t.note if t else None for *_, t in found],
        "norm": [t.norm if t else None for *_, t in found],
        "published": [t.published if t else None for *_, t in found],
        "_targeted": [t is not None and (t.levels is None or level in t.levels)
                      for _, level, _, t in found],
        **{name: [b[n] for b in bounds] for n, name in enumerate(_BOUNDS)}},
        schema=_PAIRS_SCHEMA)
    value = pl.col("value")
    return (values.join(pairs, on=[LEVEL, "indicator"], how="inner",
                        maintain_order="right_left")
            .unnest("_v")
            .select("indicator", "title", "unit", "level", pl.col(KEY).alias("key"),
                    "value", "raw", "digits", "planned", *(["norm"] if named else []),
                    _status(value).alias("status"), "published", "planned_op",
                    "planned_low", "planned_high", "note"))


def _norms(target: Target | None, level: str) -> tuple[Target | None, ...]:
    """A target's norms at ``level``: the first, and each further one that applies there
    (an indicator without a target: one row, no norm)."""
    if target is None:
        return (None,)
    return (target, *(n for n in target.also if n.levels is None or level in n.levels))


_BOUNDS = ("_above", "_from", "_below", "_to")  # a target as an interval
# The (level, indicator, norm) rows of ``value_rows``: what each result row says besides
# its value.
_PAIRS_SCHEMA = {LEVEL: pl.Int64, "indicator": pl.String, "level": pl.String,
                 "title": pl.String, "unit": pl.String, "digits": pl.Int64,
                 "planned": pl.String, "planned_op": pl.String, "planned_low": pl.Float64,
                 "planned_high": pl.Float64, "note": pl.String, "norm": pl.String,
                 "published": pl.Float64, "_targeted": pl.Boolean, "_above": pl.Float64,
                 "_from": pl.Boolean, "_below": pl.Float64, "_to": pl.Boolean}


def _bounds(planned: Planned) -> tuple[float, bool, float, bool]:
    """The values that meet ``planned`` as an interval, as ``Planned.met`` compares: its
    lower bound and whether the bound itself meets it, then the same for the upper one."""
    low, high = planned.low, planned.high if planned.high is not None else planned.low
    return {">=": (low, True, math.inf, False), "<=": (-math.inf, False, low, True),
            ">": (low, False, math.inf, False), "<": (-math.inf, False, low, False),
            "==": (low, True, low, True), "between": (low, True, high, True)}[planned.op]


def differences(values: pl.LazyFrame) -> pl.LazyFrame:
    """The totals that differ from the published value."""
    # An indicator with several norms: its first norm's published value (the value is the
    # same on each norm's row).
    return values.filter((pl.col("level") == TOTAL_LEVEL) & pl.col("published").is_not_null()
                         & ((pl.col("value") - pl.col("published")).abs() > 1e-9)
                         ).select("indicator", "published", "value", "digits"
                                  ).unique("indicator", keep="first", maintain_order=True)


def _status(value: pl.Expr) -> pl.Expr:
    """Met, not met, no data or no target, from the pair's target columns (a value is a
    finite number or unknown)."""
    above, below = pl.col("_above"), pl.col("_below")
    met = (((value > above) | (pl.col("_from") & (value == above)))
           & ((value < below) | (pl.col("_to") & (value == below))))
    return (pl.when(~pl.col("_targeted")).then(pl.lit("no_target"))
            .when(value.is_null()).then(pl.lit("no_data"))
            .when(met).then(pl.lit("met"))
            .otherwise(pl.lit("not_met")).cast(STATUS))


def variable_rows(computed: pl.LazyFrame, levels: list[str],
                   chosen: list[list[IndicatorPlan]]) -> pl.LazyFrame:
    """Per level, per indicator chosen there (in order), each variable at each key."""
    used = {variable_column(i.indicator.id, name): None
            for at_level in chosen for i in at_level for name in i.indicator.variables}
    counts = _long(computed, {c: pl.struct(pl.col(c).cast(pl.Float64).alias("value"),
                                           pl.col(unknown_column(c)).alias("unknown"))
                              for c in used}, "_column")
    rows = [(n, level, i.indicator.id, name)
            for n, (level, at_level) in enumerate(zip(levels, chosen, strict=True))
            for i in at_level for name in i.indicator.variables]
    pairs = pl.LazyFrame(
        {LEVEL: [r[0] for r in rows], "_column": [variable_column(r[2], r[3]) for r in rows],
         "indicator": [r[2] for r in rows], "level": [r[1] for r in rows],
         "variable": [r[3] for r in rows]},
        schema={LEVEL: pl.Int64, "_column": pl.String, "indicator": pl.String,
                "level": pl.String, "variable": pl.String})
    return (counts.join(pairs, on=[LEVEL, "_column"], how="inner", maintain_order="right_left")
            .unnest("_v")
            .select("indicator", "level", pl.col(KEY).alias("key"), "variable", "value",
                    "unknown"))
