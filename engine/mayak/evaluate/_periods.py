"""The reporting period in the data: the columns expressions read it from, which rows of a
dataset with a period column lie in it, and what a dataset says about its periods (no rows
in the period, rows naming no period)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import polars as pl
from msgspec import Struct
from msgspec.structs import replace

from mayak.expr._scope import IN_PERIOD, PERIOD, period_column
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Localised
from mayak.messages._problems import DataError, Location, Problem
from mayak.plan._indicators import VariablePlan
from mayak.plan._plan import Plan
from mayak.spec._model import Column, Dataset
from mayak.spec._period import Period, parse_period

ROWS_LISTED = 20  # rows named per dataset whose period is not given


class PeriodRows(Struct, frozen=True):
    """What a dataset with a period column holds: rows in the period (``current``), in the
    one before (``previous``), and rows naming no period (``missing``, the first of them
    ``listed``). ``query`` computes these; the other fields are filled from its result."""

    dataset: str
    query: pl.LazyFrame | None  # None: a dataset without a period column, not of the period
    current: bool = True
    previous: bool = True
    missing: int = 0
    listed: tuple[int, ...] = ()


def label(period: Period) -> Localised:
    """A period as a message shows it."""
    return Localised(period.label("ru"), period.label("en"))


def label_or_all(period: Period | None) -> Localised:
    """A period as a message shows it; without one, the data as a whole."""
    return label(period) if period is not None else Localised("все данные", "all the data")


def _months(name: str, kind: str) -> tuple[pl.Expr, pl.Expr]:
    """The first and last month (``year * 12 + month - 1``) of each row's period, from its
    period column (``name``, of type ``kind``): a period label, a year or a date within the
    period."""
    cell = pl.col(name)
    if kind == "integer":
        first = cell * 12
        return first, first + 11
    if kind == "date":
        first = cell.dt.year().cast(pl.Int64) * 12 + cell.dt.month().cast(pl.Int64) - 1
        return first, first
    # A label as the reader wrote it: 2023, 2024-H1, 2024-Q3, 2024-03 (``Period.code``).
    year = cell.str.slice(0, 4).cast(pl.Int64, strict=False)
    tag, number = cell.str.slice(5, 1), cell.str.slice(6).cast(pl.Int64, strict=False)
    whole_year = cell.str.len_chars() == 4
    length = (pl.when(whole_year).then(12).when(tag == "H").then(6).when(tag == "Q").then(3)
              .otherwise(1))
    start = (pl.when(whole_year).then(0).when(tag.is_in(["H", "Q"])).then((number - 1) * length)
             .otherwise(cell.str.slice(5).cast(pl.Int64, strict=False) - 1))
    first = year * 12 + start
    return first, first + length - 1


def _month_start(month: int) -> date:
    """The first day of a month counted as ``year * 12 + month - 1``."""
    return date(month // 12, month % 12 + 1, 1)


def within(column: Column, period: Period) -> pl.Expr:
    """Whether each row's period (from its period column) lies inside ``period``."""
    return _within(column.name, column.type, period.first, period.last)


# Asked for again by every query over a dataset with periods, in every evaluation: the
# expression is built once per column and period (an expression is immutable).
@functools.lru_cache(maxsize=256)
def _within(name: str, kind: str, first_month: int, last_month: int) -> pl.Expr:
    if kind == "date":
        # The same test as by months, on the dates themselves: a date's year and month cost
        # a calendar conversion per row, a comparison with two dates almost nothing.
        cell = pl.col(name)
        inside = ((cell >= pl.lit(_month_start(first_month)))
                  & (cell < pl.lit(_month_start(last_month + 1))))
        return inside.fill_null(False)
    first, last = _months(name, kind)
    return ((first >= first_month) & (last <= last_month)).fill_null(False)


def _literals(period: Period, *, previous: bool) -> list[pl.Expr]:
    """The names ``period``, ``period_start`` and ``period_end`` as columns of one value."""
    end = _month_start(period.last + 1) - timedelta(days=1)
    return [pl.lit(period.year, dtype=pl.Int64).alias(period_column(PERIOD, previous=previous)),
            pl.lit(_month_start(period.first)).alias(period_column("period_start",
                                                                   previous=previous)),
            pl.lit(end).alias(period_column("period_end", previous=previous))]


def in_periods(plan: Plan, datasets: Mapping[str, Dataset], frames: Mapping[str, pl.LazyFrame],
               period: Period | None, *, undated: bool = True
               ) -> tuple[dict[str, pl.LazyFrame], list[PeriodRows]]:
    """The frames with the columns the plan reads the period from, and for each dataset
    with a period column the query saying which periods it has rows in. Only datasets that
    need them get columns: a frame left as given is scanned directly by every query.
    ``undated``: whether the rows of datasets without a period column are of ``period``
    (they are of the reporting period, not of the one it is compared with). When they are
    not (an earlier period compared), such a dataset is not aggregated at all, and only
    the rows of the period and the one before are kept of the others: no other row can
    change a value or a group with rows in the period."""
    variables = [v for i in plan.indicators.values() for v in i.variables.values()]
    naming = {v.variable.dataset for v in variables if v.period_fields}
    out: dict[str, pl.LazyFrame] = {}
    presence: list[PeriodRows] = []
    for name, frame in frames.items():
        dataset = datasets.get(name)
        added: list[pl.Expr] = []
        if period is not None and name in naming:
            added += [*_literals(period, previous=False),
                      *_literals(period.previous(), previous=True)]
        if dataset is not None and dataset.period is not None:
            column = dataset.columns[dataset.period]
            current = (within(column, period) if period is not None
                       else pl.col(column.name).is_not_null())
            before = (within(column, period.previous()) if period is not None
                      else pl.lit(False))
            added += [current.alias(period_column(IN_PERIOD)),
                      before.alias(period_column(IN_PERIOD, previous=True))]
            unnamed = pl.col(column.name).is_null()
            presence.append(PeriodRows(name, frame.select(
                current.any().alias("current"), before.any().alias("previous"),
                unnamed.sum().cast(pl.Int64).alias("missing"),
                pl.col(ROW).filter(unnamed).head(ROWS_LISTED).implode().alias("listed"))))
            if not undated:
                # Filtered before the columns are added: the filter then reaches below the
                # looked-up columns, which are mapped for the rows kept only.
                out[name] = frame.filter(current | before).with_columns(added)
                continue
        elif not undated:
            presence.append(PeriodRows(name, None, current=False, previous=False))
            # No row of it is of the period: its variables are unknown, nothing to aggregate.
            out[name] = frame.clear().with_columns(added) if added else frame.clear()
            continue
        out[name] = frame.with_columns(added) if added else frame
    return out, presence


def found(rows: PeriodRows, frame: pl.DataFrame) -> PeriodRows:
    """``rows`` with what its query found (one row)."""
    current, previous, missing, listed = frame.row(0)
    return replace(rows, current=bool(current), previous=bool(previous), missing=missing,
                   listed=tuple(listed or ()))


def has_rows_column(dataset: str, *, previous: bool = False) -> str:
    """The aggregate column saying whether a group has rows of ``dataset`` in the period."""
    return f"_has{'_previous' if previous else ''}.{dataset}"


def has_rows(dataset: Dataset) -> list[pl.Expr]:
    """Whether each group has rows of ``dataset`` in the period and, for a dataset with a
    period column, in the one before (aggregated with its variables). Every row of a
    dataset without a period column is of the period."""
    if dataset.period is None:
        return [(pl.len() > 0).alias(has_rows_column(dataset.id))]
    return [pl.col(period_column(IN_PERIOD, previous=previous)).any()
            .alias(has_rows_column(dataset.id, previous=previous)) for previous in (False, True)]


def unknown_without_rows(variables: Iterable[VariablePlan],
                         rows: Iterable[PeriodRows]) -> list[pl.Expr]:
    """The variables of a dataset with no rows in their period made unknown, not zero:
    that period's data was not given (a whole period missing, a dataset without a period
    column in the period compared with). Where the dataset has rows in the period, a group
    without any counts zero there, as in data of one period."""
    empty = {(r.dataset, previous) for r in rows
             for previous, has in ((False, r.current), (True, r.previous)) if not has}
    return [pl.when(pl.lit(False)).then(pl.col(column)).alias(column)
            for column in dict.fromkeys(v.column for v in variables
                                        if (v.variable.dataset, v.variable.previous) in empty)]


def with_rows(variables: Iterable[VariablePlan], *, before: bool = True) -> pl.Expr:
    """Whether a group has rows in some dataset ``variables`` read, in the period each
    reads (the reporting period, or with ``before`` the one before for a variable of the
    previous period): a group found only in other periods' rows is not part of the report."""
    columns = {has_rows_column(v.variable.dataset, previous=before and v.variable.previous)
               for v in variables}
    if not columns:  # nothing read: no group to leave out
        return pl.lit(True)
    return pl.any_horizontal(pl.col(c).fill_null(False) for c in sorted(columns))


def period_problems(rows: Iterable[PeriodRows], period: Period | None,
                    labels: Mapping[str, str], datasets: Mapping[str, Dataset],
                    wanted: Iterable[VariablePlan]) -> list[Problem]:
    """Rows naming no period; a dataset with no rows in a period its variables read."""
    reads = {(v.variable.dataset, v.variable.previous) for v in wanted}
    problems = []
    for found_rows in rows:
        name = found_rows.dataset
        file = labels.get(name, f"<{name}>")
        dataset = datasets[name]
        column = dataset.period or ""
        column = dataset.columns[column].title or column if column in dataset.columns else column
        if found_rows.missing:
            shown = ", ".join(map(str, found_rows.listed))
            problems.append(Problem(
                "data.rows_without_period",
                {"count": found_rows.missing, "column": column,
                 "rows": shown + (", …" if found_rows.missing > len(found_rows.listed) else "")},
                Location(file, row=found_rows.listed[0] if found_rows.listed else None,
                         column=column), "warning"))
        if period is None:
            continue
        for previous, has, which in ((False, found_rows.current, period),
                                     (True, found_rows.previous, period.previous())):
            if not has and (name, previous) in reads:
                problems.append(Problem("data.period_empty",
                                        {"dataset": name, "period": label(which)},
                                        Location(file), "warning"))
    return problems


def rows_in_period(frame: pl.LazyFrame, dataset: Dataset, period: Period | None,
                   file: str) -> tuple[pl.LazyFrame | None, list[Problem]]:
    """The rows of ``dataset`` in ``period``, as a screening's summary counts its population:
    all rows of a dataset without a period column; all rows, with a warning, when it has
    one and no period is named; None, with a warning, when the period has no rows (the
    population is then unknown, not zero)."""
    if dataset.period is None:
        return frame, []
    column = dataset.columns[dataset.period]
    if period is None:
        return frame, [Problem("screen.population_all_periods",
                               {"dataset": dataset.id, "column": column.title or column.name},
                               Location(file), "warning")]
    kept = frame.filter(within(column, period)).collect()
    if kept.is_empty():
        return None, [Problem("screen.population_period_empty",
                              {"dataset": dataset.id, "period": label(period)},
                              Location(file), "warning")]
    return kept.lazy(), []


def period_of(raw: Period | str | int, name: str) -> Period:
    """The period ``raw`` names; DataError naming what is accepted when it names none."""
    found = raw if isinstance(raw, Period) else parse_period(raw)
    if found is None:
        raise DataError([Problem("ref.period_label", {"value": raw}, Location(name))])
    return found


def reporting_periods(period: Period | str | int | None, compare: Period | str | int | bool,
                      *, defaults: tuple[Period | None, ...], needed: bool,
                      targets: str | None) -> tuple[Period | None, Period | None]:
    """The reporting period (the one given, else the first default) and the earlier one
    to compare with (None: no comparison). DataError when the rules need a period and
    none is given, or the comparison period is not earlier."""
    now = period_of(period, "--period") if period is not None else next(
        (p for p in defaults if p is not None), None)
    if now is None:
        if needed or compare:
            raise DataError([Problem("data.no_period",
                                     {"targets": f" ({targets})" if targets else ""})])
        return None, None
    if isinstance(compare, bool):
        return now, now.previous() if compare else None
    then = period_of(compare, "--compare-to")
    if then.first >= now.first:
        raise DataError([Problem("data.compare_not_earlier",
                                 {"compare": label(then), "period": label(now)})])
    return now, then
