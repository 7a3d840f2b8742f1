"""An expert review computed: per unit and period the total, the percentages of the
maxima and the rank; averages over all units and per class; changes since the earlier
period, both paired (per unit) and as a difference of averages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from mayak.evaluate._evaluate import Engine
from mayak.evaluate._score_checks import PeriodChecks, score_checks, unknown_sections
from mayak.evaluate._scores import (
    MATCH,
    STATUS,
    UNIT,
    expected,
    out_of_range,
    submitted,
    unit_key,
)
from mayak.io._coerce import ROW
from mayak.messages._problems import Problem
from mayak.plan._classes import unit_of
from mayak.spec._model import Dataset, Scoring
from mayak.spec._period import Period

TOTAL, MAX_TOTAL, PERCENT, RANK = "total", "max_total", "percent", "rank"
CHANGE, PERCENT_CHANGE = "change", "percent_change"
GROUP_COLUMNS = ("classification", "class")


def percent_column(section: str) -> str:
    """The column with a section's score as a percentage of its maximum."""
    return f"{section}_percent"


@dataclass(frozen=True)
class Scored:
    """One review computed: ``units`` (one row per unit and period) and ``averages`` (one
    row per period and group: all units, then each class)."""

    units: pl.DataFrame
    averages: pl.DataFrame


def score(spec: Scoring, datasets: Mapping[str, Dataset], frames: Mapping[str, pl.LazyFrame],
          classes: pl.DataFrame, periods: Sequence[Period | None], *,
          labels: Mapping[str, str], engine: Engine) -> tuple[Scored, list[Problem]]:
    """Compute ``spec`` for the reporting period and the one compared with (``periods``;
    a dataset without a period column is of the reporting period only). Two batches of
    queries: each period's units submitted and expected; then the units' rows, the
    averages and the checks together (a third names the units of checks that found some)."""
    dataset = datasets[spec.dataset]
    unit = unit_of(spec.unit, dataset)
    assert unit is not None  # the checks require one
    asked = [p for n, p in enumerate(periods)
             if n == 0 or (p is not None and dataset.period is not None)]
    queries: list[pl.LazyFrame] = []
    for period in asked:
        queries.append(submitted(spec, dataset, frames[spec.dataset], unit, period).query)
        listed = expected(spec, datasets, frames, period)
        queries.append(listed if listed is not None
                       else pl.LazyFrame(schema={UNIT: pl.String, MATCH: pl.String}))
    if spec.long:  # the section names written, to name those that are no section
        assert spec.section_column is not None
        queries.append(frames[spec.dataset].select(
            unit_key(pl.col(spec.section_column)).alias("name"), ROW)
            .group_by("name", maintain_order=True).agg(pl.col(ROW).min()))
    found = pl.collect_all(queries, engine=engine)
    # Units that submitted in some period are expected in every one, without a units table.
    seen = pl.concat([found[2 * n].select(UNIT, MATCH) for n in range(len(asked))])
    problems: list[Problem] = []
    file = labels.get(spec.dataset, f"<{spec.dataset}>")
    if spec.long:
        problems.extend(unknown_sections(spec, dataset, found[-1], file))
    per_period: list[pl.LazyFrame] = []
    checks: list[PeriodChecks] = []
    # The (classification, period) pairs that have classes: a few, not data rows.
    classed = set(classes.select("classification", "period").unique().iter_rows())
    for n, period in enumerate(asked):
        wanted = found[2 * n + 1] if spec.units is not None else seen
        table, period_checks = _one_period(spec, dataset, found[2 * n], wanted, period=period,
                                           file=file)
        checks.append(period_checks)
        per_period.append(_with_classes(table, spec, classes, classed=classed, period=period,
                                        now=periods[0]))
    asked_checks = [c.queries() for c in checks]
    done = pl.collect_all([_with_changes(per_period, spec),
                           *(q for c in asked_checks for q in c)], engine=engine)
    # The averages read the units three times: from the units collected, not their query.
    units = done[0]
    averages = _averages(units.lazy(), spec, [p.code if p else None for p in asked]).collect(
        engine=engine)
    results, at = [], 1
    for period_queries in asked_checks:
        results.append(done[at:at + len(period_queries)])
        at += len(period_queries)
    details = [c.details(r) for c, r in zip(checks, results, strict=True)]
    named = iter(pl.collect_all([d for d in details if d is not None], engine=engine)
                 if any(d is not None for d in details) else [])
    for c, r, d in zip(checks, results, details, strict=True):
        problems.extend(c.problems(r, None if d is None else next(named)))
    return Scored(units, averages), problems


def _one_period(spec: Scoring, dataset: Dataset, rows: pl.DataFrame, wanted: pl.DataFrame,
                *, period: Period | None, file: str) -> tuple[pl.LazyFrame, PeriodChecks]:
    """One period's row per unit (a query) and the checks of its scores."""
    maxima = {s.id: s.max_in(period) for s in spec.sections}
    flagged = rows.lazy().with_columns(out_of_range(spec, maxima))
    checks = score_checks(spec, dataset, flagged, wanted, maxima=maxima, period=period,
                          file=file)
    sections = [s.id for s in spec.sections]
    # A score out of range counts as no score: that unit's total is unknown.
    kept = flagged.with_columns(pl.when(~pl.col(f"{s}._bad")).then(pl.col(s)).alias(s)
                                for s in sections)
    # Matched as tables are (case and edge spaces aside), named as the units table names them.
    units = (wanted.lazy().unique(MATCH, keep="first", maintain_order=True)
        .join(kept, on=MATCH, how="full", coalesce=True, maintain_order="left_right",
              suffix="._given")
        .with_columns(pl.coalesce(UNIT, f"{UNIT}._given").alias(UNIT)))
    known = pl.all_horizontal(pl.col(s).is_not_null() for s in sections)
    status = (pl.when(pl.col(ROW).is_null()).then(pl.lit("not_submitted"))
              .when(known).then(pl.lit("scored")).otherwise(pl.lit("no_data")))
    tops = list(maxima.values())
    max_total = sum(t for t in tops if t is not None) if all(t is not None for t in tops) else None
    total = pl.when(known).then(pl.sum_horizontal(sections))
    units = units.select(
        pl.lit(spec.id).alias("scoring"),
        pl.lit(period.code if period else None, pl.String).alias("period"),
        UNIT, MATCH, status.alias(STATUS), pl.col(ROW).alias("row"),
        # A unit with a section unscored keeps its known scores; its total is unknown.
        *sections,
        total.alias(TOTAL), pl.lit(max_total, pl.Float64).alias(MAX_TOTAL))
    units = units.with_columns(
        # Times 100 first: 6 * 100 / 10 is 60, where 6 / 10 * 100 is 60.00000000000001.
        *[(pl.col(s) * 100 / top if top else pl.lit(None, pl.Float64)).alias(percent_column(s))
          for s, top in maxima.items()],
        (pl.col(TOTAL) * 100 / pl.col(MAX_TOTAL)).alias(PERCENT),
        pl.col(TOTAL).rank("min", descending=True).cast(pl.Int64).alias(RANK))
    return units, checks


def _with_classes(units: pl.LazyFrame, spec: Scoring, classes: pl.DataFrame, *,
                  classed: set[tuple[object, ...]], period: Period | None,
                  now: Period | None) -> pl.LazyFrame:
    """Each unit's class in each of the review's classifications, in its period (a units
    table without periods classes every period alike). ``classed``: the (classification,
    period) pairs of ``classes``."""
    if not spec.classes:
        return units.drop(MATCH)
    picked = []  # per classification, its rows in the period it is read in
    for name in spec.classes:
        code = period.code if period else None
        if code is None or (name, code) not in classed:
            code = now.code if now else None
        picked.append((pl.col("classification") == name)
                      & (pl.col("period") == code if code else pl.col("period").is_null()))
    # Every classification's classes in one table: its first class per unit as matched
    # (the units' names are trimmed already), a column per classification.
    table = (classes.lazy().filter(pl.any_horizontal(picked))
             .group_by(pl.col("unit").str.to_lowercase().alias(MATCH), maintain_order=True)
             .agg(pl.col("class").filter(mine).first().alias(name)
                  for name, mine in zip(spec.classes, picked, strict=True)))
    units = units.join(table, on=MATCH, how="left", maintain_order="left")
    return units.drop(MATCH).select("scoring", "period", UNIT, *spec.classes,
                                    pl.exclude("scoring", "period", UNIT, *spec.classes))


def _with_changes(per_period: list[pl.LazyFrame], spec: Scoring) -> pl.LazyFrame:
    """The periods stacked, the reporting one first, its rows with the paired change of
    each unit's total and percentage since the earlier period."""
    now = per_period[0]
    if len(per_period) < 2:
        return now.with_columns(pl.lit(None, pl.Float64).alias(CHANGE),
                                pl.lit(None, pl.Float64).alias(PERCENT_CHANGE))
    then = per_period[1].select(UNIT, pl.col(TOTAL).alias("_before"),
                                pl.col(PERCENT).alias("_before_percent"))
    now = now.join(then, on=UNIT, how="left", maintain_order="left").with_columns(
        (pl.col(TOTAL) - pl.col("_before")).alias(CHANGE),
        (pl.col(PERCENT) - pl.col("_before_percent")).alias(PERCENT_CHANGE),
    ).drop("_before", "_before_percent")
    earlier = per_period[1].with_columns(pl.lit(None, pl.Float64).alias(CHANGE),
                                         pl.lit(None, pl.Float64).alias(PERCENT_CHANGE))
    return pl.concat([now, earlier], how="diagonal_relaxed")


def _averages(units: pl.LazyFrame, spec: Scoring, periods: list[str | None]) -> pl.LazyFrame:
    """Per period, the averages over all units and over each class: of each section, of
    the total and of the percentages; and on the reporting period's rows the change of the
    averages and the average of the paired changes (``periods``: the codes of the
    reporting period and of the one compared with, if any)."""
    sections = [s.id for s in spec.sections]
    measured = [*sections, *map(percent_column, sections), TOTAL, PERCENT]
    rows = units
    counted = pl.col(STATUS) == "scored"
    if spec.missing == "zero":  # a unit that did not submit counts as zero
        counted = counted | (pl.col(STATUS) == "not_submitted")
        rows = rows.with_columns(
            pl.when(pl.col(STATUS) == "not_submitted").then(0.0).otherwise(pl.col(c)).alias(c)
            for c in measured)
    # when/then rather than filter: the same means, without a filtered copy per group.
    aggregates = [
        pl.len().alias("units"),
        (pl.col(STATUS) != "not_submitted").sum().alias("submitted"),
        (pl.col(STATUS) == "no_data").sum().alias("no_data"),
        counted.sum().alias("averaged"),
        *[pl.when(counted).then(pl.col(c)).mean().alias(c) for c in measured],
        pl.when(counted).then(pl.col(CHANGE)).mean().alias("paired_change"),
        pl.when(counted).then(pl.col(PERCENT_CHANGE)).mean().alias("paired_percent_change"),
    ]
    # All units, then each classification's classed units, stacked and grouped once: one
    # grouping costs half of one per classification.
    groups = [rows.with_columns(pl.lit(None, pl.String).alias("classification"),
                                pl.lit(None, pl.String).alias("class"))]
    groups += [rows.filter(pl.col(name).is_not_null())
               .with_columns(pl.lit(name, pl.String).alias("classification"),
                             pl.col(name).cast(pl.String).alias("class"))
               for name in spec.classes]  # a few classifications, not data rows
    averages = (pl.concat(groups, how="vertical")
                .group_by("period", *GROUP_COLUMNS, maintain_order=True).agg(aggregates)
                .select(pl.lit(spec.id).alias("scoring"), "period", *GROUP_COLUMNS,
                        pl.exclude("period", *GROUP_COLUMNS)))
    return _difference_of_averages(averages.cache(), periods)


def _difference_of_averages(averages: pl.LazyFrame, periods: list[str | None]
                            ) -> pl.LazyFrame:
    """The change of each group's average total and percentage between the periods (a
    period without units has no averages: then there is no change)."""
    if len(periods) < 2:
        return averages.with_columns(pl.lit(None, pl.Float64).alias("change_of_averages"),
                                     pl.lit(None, pl.Float64).alias("percent_change_of_averages"))
    before = averages.filter(pl.col("period") == periods[1]).select(
        *GROUP_COLUMNS, pl.col(TOTAL).alias("_t"), pl.col(PERCENT).alias("_p"))
    joined = averages.join(before, on=list(GROUP_COLUMNS), how="left", nulls_equal=True,
                           maintain_order="left")
    now = pl.col("period") == periods[0]
    return joined.with_columns(
        pl.when(now).then(pl.col(TOTAL) - pl.col("_t")).alias("change_of_averages"),
        pl.when(now).then(pl.col(PERCENT) - pl.col("_p")).alias("percent_change_of_averages"),
        pl.when(now).then(pl.col("paired_change")).alias("paired_change"),
        pl.when(now).then(pl.col("paired_percent_change")).alias("paired_percent_change"),
    ).drop("_t", "_p")
