"""An expert review computed: per unit and period the total, the percentages of the
maxima and the rank; averages over all units and per class; changes since the earlier
period, both paired (per unit) and as a difference of averages."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import polars as pl
from msgspec import Struct

from mayak.evaluate._classes import Classed
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


class Scored(Struct, frozen=True):
    """One review computed: ``units`` (one row per unit and period) and ``averages`` (one
    row per period and group: all units, then each class)."""

    units: pl.DataFrame
    averages: pl.DataFrame


class Asked(Struct, frozen=True):
    """The first step of a review: in each period computed (``periods``: the reporting
    one, then the one compared with), the units that submitted and those expected; in long
    form, the section names written (``queries``, to collect)."""

    spec: Scoring
    periods: tuple[Period | None, ...]
    now: Period | None
    queries: tuple[pl.LazyFrame, ...]


def asked(spec: Scoring, datasets: Mapping[str, Dataset], frames: Mapping[str, pl.LazyFrame],
          periods: Sequence[Period | None]) -> Asked:
    """The units of ``spec`` in the reporting period and the one compared with
    (``periods``; a dataset without a period column is of the reporting period only)."""
    dataset = datasets[spec.dataset]
    unit = unit_of(spec.unit, dataset)
    assert unit is not None  # the checks require one
    computed = [p for n, p in enumerate(periods)
                if n == 0 or (p is not None and dataset.period is not None)]
    queries: list[pl.LazyFrame] = []
    for period in computed:
        queries.append(submitted(spec, dataset, frames[spec.dataset], unit, period).query)
        listed = expected(spec, datasets, frames, period)
        queries.append(listed if listed is not None
                       else pl.LazyFrame(schema={UNIT: pl.String, MATCH: pl.String}))
    if spec.long:  # the section names written, to name those that are no section
        assert spec.section_column is not None
        queries.append(frames[spec.dataset].select(
            unit_key(pl.col(spec.section_column)).alias("name"), ROW)
            .group_by("name", maintain_order=True).agg(pl.col(ROW).min()))
    return Asked(spec, tuple(computed), periods[0] if periods else None, tuple(queries))


class Computed(Struct, frozen=True):
    """The second step: the queries of each period's units' rows and each period's
    checks; ``problems``: those found already."""

    asked: Asked
    units: tuple[pl.LazyFrame, ...]
    checks: tuple[PeriodChecks, ...]
    problems: tuple[Problem, ...]

    def queries(self) -> list[pl.LazyFrame]:
        """Each period's units' rows, then each period's checks."""
        return [*self.units, *(q for c in self.checks for q in c.queries())]


def computed(step: Asked, found: Sequence[pl.DataFrame], datasets: Mapping[str, Dataset],
             classes: Classed, *, labels: Mapping[str, str]) -> Computed:
    """The units' rows and checks from what ``step`` found (``found``: its queries
    collected); ``classes``: the units' classes."""
    spec = step.spec
    dataset = datasets[spec.dataset]
    # Units that submitted in some period are expected in every one, without a units table.
    seen = None if spec.units is not None else pl.concat(
        [found[2 * n].select(UNIT, MATCH) for n in range(len(step.periods))])
    file = labels.get(spec.dataset, f"<{spec.dataset}>")
    problems = unknown_sections(spec, dataset, found[-1], file) if spec.long else []
    per_period: list[pl.LazyFrame] = []
    checks: list[PeriodChecks] = []
    for n, period in enumerate(step.periods):
        wanted = found[2 * n + 1] if seen is None else seen
        table, period_checks = _one_period(spec, dataset, found[2 * n], wanted, period=period,
                                           file=file)
        checks.append(period_checks)
        per_period.append(_with_classes(table, spec, classes, period=period, now=step.now))
    return Computed(step, tuple(per_period), tuple(checks), tuple(problems))


class Checked(Struct, frozen=True):
    """The third step: the units' rows of both periods (with the changes), what each
    period's checks found, and the queries of the units' rows and of the averages."""

    computed: Computed
    units: pl.LazyFrame  # cached: computed once for the averages, which read it thrice
    found: tuple[Sequence[pl.DataFrame], ...]  # per period, what its checks' queries gave

    def queries(self) -> list[pl.LazyFrame]:
        """The units' rows, then the averages."""
        step = self.computed.asked
        averages = _averages(self.units, step.spec,
                             [p.code if p else None for p in step.periods])
        return [self.units, averages]


def checked(step: Computed, done: Sequence[pl.DataFrame]) -> Checked:
    """What ``Computed.queries`` gave (``done``)."""
    periods = len(step.units)
    # The periods' rows collected apart, then stacked with the changes: as one query the
    # earlier period's rows, read twice, were computed twice (a cache of each costs more
    # than a step of its own).
    units = _with_changes([frame.lazy() for frame in done[:periods]], step.asked.spec).cache()
    found = tuple(done[periods + 2 * n:periods + 2 * n + 2] for n in range(len(step.checks)))
    return Checked(step, units, found)


def scored(step: Checked, done: Sequence[pl.DataFrame]) -> tuple[Scored, list[Problem]]:
    """The review computed and its problems (``done``: ``Checked.queries`` collected)."""
    problems = list(step.computed.problems)
    for check, found in zip(step.computed.checks, step.found, strict=True):
        problems.extend(check.problems(*found))
    return Scored(done[0], done[1]), problems


def _one_period(spec: Scoring, dataset: Dataset, rows: pl.DataFrame, wanted: pl.DataFrame,
                *, period: Period | None, file: str) -> tuple[pl.LazyFrame, PeriodChecks]:
    """One period's row per unit (a query) and the checks of its scores."""
    maxima = {s.id: s.max_in(period) for s in spec.sections}
    flagged = rows.lazy().with_columns(out_of_range(maxima))
    checks = score_checks(spec, dataset, flagged, wanted, maxima=maxima, period=period,
                          file=file)
    computed = _computed(tuple(maxima.items()))
    # Matched as tables are (case and edge spaces aside), named as the units table names them.
    units = (wanted.lazy().unique(MATCH, keep="first", maintain_order=True)
        .join(flagged.with_columns(computed.kept), on=MATCH, how="full", coalesce=True,
              maintain_order="left_right", suffix="._given")
        .with_columns(pl.coalesce(UNIT, f"{UNIT}._given").alias(UNIT), computed.known))
    units = units.select(
        pl.lit(spec.id).alias("scoring"),
        pl.lit(period.code if period else None, pl.String).alias("period"),
        UNIT, MATCH, computed.status, pl.col(ROW).alias("row"), *maxima, *computed.total)
    return units.with_columns(computed.percents), checks


class _Computed(Struct, frozen=True):
    """What is computed of one period's scores, given each section's maximum then: built
    once per review and maxima, and asked for in every evaluation (an expression is
    immutable)."""

    kept: tuple[pl.Expr, ...]  # each score, unknown where out of range
    known: pl.Expr  # whether every section is scored (``_known``), read by the next two
    status: pl.Expr
    total: tuple[pl.Expr, pl.Expr]  # the total and the maximum total
    percents: tuple[pl.Expr, ...]  # of each section, of the total; then the rank


@functools.lru_cache(maxsize=64)
def _computed(maxima: tuple[tuple[str, float | None], ...]) -> _Computed:
    sections = [section for section, _ in maxima]
    # A score out of range counts as no score: that unit's total is unknown.
    kept = tuple(pl.when(~pl.col(f"{s}._bad")).then(pl.col(s)).alias(s) for s in sections)
    # Computed once, a step before the status and the total that both ask it.
    known = pl.col("_known")
    status = (pl.when(pl.col(ROW).is_null()).then(pl.lit("not_submitted"))
              .when(known).then(pl.lit("scored")).otherwise(pl.lit("no_data")))
    tops = [top for _, top in maxima]
    max_total = sum(t for t in tops if t is not None) if all(t is not None for t in tops) else None
    # A unit with a section unscored keeps its known scores; its total is unknown.
    total = pl.when(known).then(pl.sum_horizontal(sections))
    percents = (
        # Times 100 first: 6 * 100 / 10 is 60, where 6 / 10 * 100 is 60.00000000000001.
        *[(pl.col(s) * 100 / top if top else pl.lit(None, pl.Float64)).alias(percent_column(s))
          for s, top in maxima],
        (pl.col(TOTAL) * 100 / pl.col(MAX_TOTAL)).alias(PERCENT),
        pl.col(TOTAL).rank("min", descending=True).cast(pl.Int64).alias(RANK))
    every = pl.all_horizontal(pl.col(s).is_not_null() for s in sections).alias("_known")
    return _Computed(kept, every, status.alias(STATUS),
                     (total.alias(TOTAL), pl.lit(max_total, pl.Float64).alias(MAX_TOTAL)),
                     percents)


def _with_classes(units: pl.LazyFrame, spec: Scoring, classes: Classed, *,
                  period: Period | None, now: Period | None) -> pl.LazyFrame:
    """Each unit's class in each of the review's classifications, in its period (a units
    table without periods classes every period alike)."""
    wanted = []
    for name in spec.classes:
        code = period.code if period else None
        if code is None or (name, code) not in classes.present:
            code = now.code if now else None
        wanted.append((name, code))
    found = set()
    for table, names in classes.lookups(wanted):  # a table per units table and period
        units = units.join(table, on=MATCH, how="left", maintain_order="left")
        found.update(names)
    units = units.with_columns(pl.lit(None, pl.String).alias(name)
                               for name in spec.classes if name not in found)
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
    zeros, aggregates = _aggregates(tuple(s.id for s in spec.sections), spec.missing)
    rows = units.with_columns(zeros) if zeros else units
    # All units, then each classification's classed units, stacked and grouped once: one
    # grouping costs half of one per classification.
    groups = [rows.with_columns(pl.lit(None, pl.String).alias("classification"),
                                pl.lit(None, pl.String).alias("class"))]
    groups += [rows.filter(pl.col(name).is_not_null())
               .with_columns(pl.lit(name, pl.String).alias("classification"),
                             pl.col(name).cast(pl.String).alias("class"))
               for name in spec.classes]  # a few classifications, not data rows
    averages = (pl.concat(groups, how="vertical")
                .group_by("period", *GROUP_COLUMNS, maintain_order=True).agg(*aggregates)
                .select(pl.lit(spec.id).alias("scoring"), "period", *GROUP_COLUMNS,
                        pl.exclude("period", *GROUP_COLUMNS)))
    return _difference_of_averages(averages.cache(), periods)


@functools.lru_cache(maxsize=64)  # per review, in every evaluation
def _aggregates(sections: tuple[str, ...], missing: str
                ) -> tuple[tuple[pl.Expr, ...], tuple[pl.Expr, ...]]:
    """The averages' aggregations over a group's units (``missing``: the review's policy
    for units that did not submit), and the columns set to zero first (policy ``zero``)."""
    measured = [*sections, *map(percent_column, sections), TOTAL, PERCENT]
    counted = pl.col(STATUS) == "scored"
    zeros: tuple[pl.Expr, ...] = ()
    if missing == "zero":  # a unit that did not submit counts as zero
        counted = counted | (pl.col(STATUS) == "not_submitted")
        zeros = tuple(
            pl.when(pl.col(STATUS) == "not_submitted").then(0.0).otherwise(pl.col(c)).alias(c)
            for c in measured)
    # when/then rather than filter: the same means, without a filtered copy per group.
    return zeros, (
        pl.len().alias("units"),
        (pl.col(STATUS) != "not_submitted").sum().alias("submitted"),
        (pl.col(STATUS) == "no_data").sum().alias("no_data"),
        counted.sum().alias("averaged"),
        *[pl.when(counted).then(pl.col(c)).mean().alias(c) for c in measured],
        pl.when(counted).then(pl.col(CHANGE)).mean().alias("paired_change"),
        pl.when(counted).then(pl.col(PERCENT_CHANGE)).mean().alias("paired_percent_change"),
    )


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
