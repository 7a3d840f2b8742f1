"""Each unit's class in each period, and what a methodologist must hear about it: a unit in
two classes or in none, a unit whose value is unknown, a class with no units, a unit whose
class changed between the compared periods."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import polars as pl
from msgspec import Struct

from mayak.evaluate._periods import label, label_or_all, within
from mayak.evaluate._result import CLASSES_SCHEMA
from mayak.evaluate._scores import MATCH, matched, number_text
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Localised
from mayak.messages._problems import Location, Problem
from mayak.plan._classes import ClassificationPlan, unit_of
from mayak.spec._model import Dataset
from mayak.spec._period import Period

LISTED = 20  # units named per message


class _Query(Struct, frozen=True):
    plan: ClassificationPlan
    period: Period | None
    prefix: str  # of the plan's columns in its group's grouped rows


def _as_text(shown: pl.Expr, *, numeric: bool, comma: bool) -> pl.Expr:
    """What a unit is classed by (``shown``), as text (``numeric``: a number, with the
    reader's decimal mark)."""
    return number_text(shown, comma=comma) if numeric else shown.cast(pl.String)


def _grouped(queries: Sequence[_Query], dataset: Dataset, frame: pl.LazyFrame,
             unit: str) -> pl.LazyFrame:
    """One row per period and unit for the classifications of one dataset and unit column
    (``queries``, all in the same periods): per classification its distinct classes, its
    class and status, and what the unit is classed by (``<prefix>classes``,
    ``<prefix>class``, ``<prefix>status``, ``<prefix>shown``), and the unit's first row.
    The periods' rows are stacked and grouped once: a grouping per classification and
    period costs each its own pass over the rows. The class and status are computed here
    once: every query of the classes reads them."""
    plans = list({id(q.plan): q for q in queries}.values())
    periods = list({q.period.code if q.period else None: q.period for q in queries}.values())
    # What a unit is classed by is computed per row before grouping (within the grouping
    # each group would compute it apart, far slower), and shown as text only for the few
    # units a warning names.
    per_row = [pl.col(unit).cast(pl.String).str.strip_chars().alias("unit"), pl.col(ROW)]
    for q in plans:
        assert q.plan.shown is not None  # as ``grouping`` asks
        per_row += [pl.col(q.plan.spec.id).alias(f"{q.prefix}class"),
                    q.plan.shown.alias(f"{q.prefix}shown")]
    stacked = pl.concat([
        (frame.filter(within(dataset.columns[dataset.period], period))
         if dataset.period is not None and period is not None else frame)
        .filter(pl.col(unit).is_not_null())
        .select(pl.lit(period.code if period else None, pl.String).alias("period"), *per_row)
        for period in periods])
    aggregates = [pl.col(ROW).min().alias("row")]
    for q in plans:
        aggregates += [pl.col(f"{q.prefix}class").drop_nulls().unique(maintain_order=True)
                       .alias(f"{q.prefix}classes"),
                       pl.col(f"{q.prefix}shown").first()]
    return stacked.group_by("period", "unit", maintain_order=True).agg(aggregates).with_columns(
        *(column for q in plans for column in _class_and_status(q.prefix)))


class Grouping(Struct, frozen=True):
    """The first step of classing: per dataset and unit column (``groups``) the
    classifications and periods classed there, and the query grouping its units
    (``queries``, to collect); ``classed``: every (classification, period), in the order
    of the plans, then of the periods."""

    plans: tuple[ClassificationPlan, ...]
    periods: tuple[Period | None, ...]
    groups: Mapping[tuple[str, str], tuple[_Query, ...]]
    classed: tuple[_Query, ...]
    queries: tuple[pl.LazyFrame, ...]


def grouping(plans: Sequence[ClassificationPlan], datasets: Mapping[str, Dataset],
             frames: Mapping[str, pl.LazyFrame], periods: Sequence[Period | None]) -> Grouping:
    """The units of every classification grouped, once per dataset and unit column, in
    ``periods`` (the reporting period, then the one compared with; a dataset without a
    period column is classed in the reporting period only)."""
    assert len(periods) <= 2  # as ``_periods_present`` reads the grouped units
    groups: dict[tuple[str, str], list[_Query]] = {}
    for n_plan, plan in enumerate(plans):
        dataset = datasets[plan.spec.dataset]
        unit = unit_of(plan.spec.unit, dataset)
        if unit is None or plan.shown is None:
            continue
        for n, period in enumerate(periods):
            if n and (period is None or dataset.period is None):  # no earlier period to class
                continue
            groups.setdefault((dataset.id, unit), []).append(
                _Query(plan, period, f"_{n_plan}."))
    classed = tuple(q for plan in plans for found in groups.values() for q in found
                    if q.plan is plan)
    return Grouping(tuple(plans), tuple(periods), {k: tuple(v) for k, v in groups.items()},
                    classed, tuple(_grouped(found, datasets[d], frames[d], unit)
                                   for (d, unit), found in groups.items()))


class Classed(Struct, frozen=True):
    """The second step: the classes of every unit (``classes``, ``CLASSES_SCHEMA``, a
    query over the grouped units), the (classification, period) pairs with units
    (``present``), and the queries of the warnings' counts and of the class changes."""

    grouping: Grouping
    grouped: tuple[pl.LazyFrame, ...]  # the units grouped, per ``Grouping.groups``
    tables: tuple[pl.LazyFrame, ...]  # per classification and period (``Grouping.classed``)
    changes: tuple[tuple[ClassificationPlan, pl.LazyFrame], ...]
    classes: pl.LazyFrame
    present: frozenset[tuple[str, str | None]]

    def lookups(self, wanted: Sequence[tuple[str, str | None]]
                ) -> list[tuple[pl.LazyFrame, list[str]]]:
        """Each unit's class (a column per classification) in the (classification, period
        code) pairs ``wanted``, by the unit as matched (``MATCH``), its first row if
        repeated: a table per dataset, unit column and period, with the classes of all its
        classifications side by side (with their names). A classification not classed has
        no table."""
        grouping = self.grouping
        tables: dict[tuple[int, str | None], dict[str, pl.Expr]] = {}
        for name, code in wanted:
            for n, found in enumerate(grouping.groups.values()):
                mine = next((q for q in found if q.plan.spec.id == name), None)
                if mine is not None:
                    tables.setdefault((n, code), {})[name] = _class(mine.prefix).alias(name)
        frames = list(self.grouped)
        return [(_in_period(frames[n], code)
                 .select(matched("unit"), *classes.values()).unique(MATCH, keep="first"),
                 list(classes)) for (n, code), classes in tables.items()]

    def queries(self) -> list[pl.LazyFrame]:
        """The classes; the counts of what to warn of, a row per table; the units warned
        of, as named; the changes, a row per classification classed in both periods. One
        query each, not one per table: each query has a cost of its own, more than these
        small ones' work."""
        out = [self.classes]
        if self.tables:
            out += [pl.concat([_counts(t) for t in self.tables]),
                    pl.concat([_warned_rows(n, q, t) for n, (q, t)
                               in enumerate(zip(self.grouping.classed, self.tables,
                                                strict=True))])]
        if self.changes:  # only between tables
            out.append(pl.concat([moved for _, moved in self.changes]))
        return out


def classed(grouping: Grouping, grouped: Sequence[pl.DataFrame]) -> Classed:
    """The classes from the units grouped (``grouped``: ``Grouping.queries`` collected)."""
    at = {}
    present: set[tuple[str, str | None]] = set()
    for found, frame in zip(grouping.groups.values(), grouped, strict=True):
        codes = _periods_present(frame.get_column("period"))
        for q in found:
            at[id(q)] = frame.lazy()
            code = q.period.code if q.period else None
            if code in codes:
                present.add((q.plan.spec.id, code))
    tables = tuple(_table(q, at[id(q)]) for q in grouping.classed)
    classes = (pl.concat([t.select(list(CLASSES_SCHEMA)) for t in tables]) if tables
               else pl.LazyFrame(schema=CLASSES_SCHEMA))
    changes = _changes(grouping.plans, grouping.classed, tables, grouping.periods)
    return Classed(grouping, tuple(frame.lazy() for frame in grouped), tables, tuple(changes),
                   classes, frozenset(present))


def _periods_present(periods: pl.Series) -> set[str | None]:
    """The period codes of the units grouped (at most two periods, their rows stacked in
    turn and grouped keeping that order): the first row's and the last row's. Two items
    read, where the distinct values of the column would cost a query."""
    return {periods[0], periods[-1]} if periods.len() else set()


def warned(found: Classed, done: Sequence[pl.DataFrame], datasets: Mapping[str, Dataset],
           labels: Mapping[str, str]) -> list[Problem]:
    """The warnings, from what ``Classed.queries`` found (``done``): per table, the units
    in two classes, in none or with an unknown value, and the classes with no units; the
    units whose class changed."""
    grouping = found.grouping
    problems: list[Problem] = []
    if found.tables:
        counts, warned_rows = done[1], done[2]
        for n, (query, row) in enumerate(zip(grouping.classed, counts.iter_rows(named=True),
                                             strict=True)):
            spec = query.plan.spec
            problems.extend(_warnings(
                query, row, functools.partial(_first_named, warned_rows, n),
                datasets[spec.dataset], labels.get(spec.dataset, f"<{spec.dataset}>")))
    if found.changes:
        problems.extend(_changed([plan for plan, _ in found.changes],
                                 list(done[3].iter_rows(named=True)), grouping.periods))
    return problems


def _in_period(grouped: pl.LazyFrame, code: str | None) -> pl.LazyFrame:
    return grouped.filter(pl.col("period") == code if code else pl.col("period").is_null())


def _class(prefix: str) -> pl.Expr:
    """A unit's class: its only class (none with two), as ``_grouped`` computed it."""
    return pl.col(f"{prefix}class")


@functools.lru_cache(maxsize=256)  # per classification, in every evaluation
def _class_and_status(prefix: str) -> tuple[pl.Expr, pl.Expr]:
    """A unit's class (its only class; none with two) and status, from its distinct
    classes and what it is classed by."""
    classes = pl.col(f"{prefix}classes")
    count = classes.list.len()
    return (pl.when(count == 1).then(classes.list.first()).alias(f"{prefix}class"),
            pl.when(count == 1).then(pl.lit("classed"))
            .when(count > 1).then(pl.lit("two_classes"))
            .when(pl.col(f"{prefix}shown").is_null()).then(pl.lit("unknown"))
            .otherwise(pl.lit("no_class")).alias(f"{prefix}status"))


def _table(query: _Query, grouped: pl.LazyFrame) -> pl.LazyFrame:
    """A row per unit: its class and status, what it was classed by, its first row."""
    code = query.period.code if query.period else None
    return _in_period(grouped, code).select(_table_columns(query.plan.spec.id, code,
                                                           query.prefix))


@functools.lru_cache(maxsize=256)  # per classification and period, in every evaluation
def _table_columns(classification: str, code: str | None, prefix: str) -> tuple[pl.Expr, ...]:
    return (pl.lit(classification).alias("classification"),
            pl.lit(code, pl.String).alias("period"),
            pl.col("unit"),
            _class(prefix).alias("class"),
            pl.col(f"{prefix}status").alias("status"),
            pl.col(f"{prefix}shown").alias("shown"), pl.col("row"),
            pl.col(f"{prefix}classes").alias("classes"))


def _listed(first: str, count: int) -> str:
    return first + (", …" if count > LISTED else "")


def _suffix(*, numeric: bool, comma: bool) -> pl.Expr:
    """What follows a unit's name where a warning names it: its classes (``two_classes``)
    or what it is classed by (``no_class``, ``numeric``: a number with the reader's
    decimal mark), after a colon; nothing for a unit with an unknown value."""
    return (pl.when(pl.col("status") == "two_classes")
            .then(": " + pl.col("classes").list.join(", "))
            .when(pl.col("status") == "no_class")
            .then(": " + _as_text(pl.col("shown"), numeric=numeric, comma=comma))
            .otherwise(pl.lit("")))


# Per status warned of, the message.
WARNED: tuple[tuple[str, str], ...] = (
    ("two_classes", "class.two_classes"), ("no_class", "class.no_class"),
    ("unknown", "class.unknown_value"))


def _counts(table: pl.LazyFrame) -> pl.LazyFrame:
    """One row: per status warned of, the units' count and first row; the classes used
    and the number of units."""
    return table.select(_count_columns())


@functools.cache  # the same in every evaluation
def _count_columns() -> tuple[pl.Expr, ...]:
    out = [pl.len().alias("units"), pl.col("class").drop_nulls().unique().implode().alias("used")]
    for status, _ in WARNED:
        mine = pl.col("status") == status
        out += [mine.sum().alias(f"{status}.count"),
                pl.col("row").filter(mine).min().alias(f"{status}.row")]
    return tuple(out)


def _warned_rows(number: int, query: _Query, table: pl.LazyFrame) -> pl.LazyFrame:
    """The units of a table (the ``number``-th) that a warning names, in its order: each
    as named, «unit» (row), and what follows its name (``suffix.en``, ``.ru``). Mostly
    none: the text is made for these rows only."""
    return table.filter(pl.col("status") != "classed").select(
        pl.lit(number, pl.Int64).alias("table"), "status",
        ("«" + pl.col("unit") + "» (" + pl.col("row").cast(pl.String) + ")").alias("named"),
        *_suffixes(numeric=query.plan.value is not None))


@functools.cache  # the same in every evaluation
def _suffixes(*, numeric: bool) -> tuple[pl.Expr, pl.Expr]:
    return (_suffix(numeric=numeric, comma=False).alias("suffix.en"),
            _suffix(numeric=numeric, comma=True).alias("suffix.ru"))


def _first_named(warned: pl.DataFrame, number: int, status: str) -> Localised:
    """The first units of a status in the ``number``-th table as a warning names them,
    in both languages: Series operations on the few units warned of."""
    mine = (warned.get_column("table") == number) & (warned.get_column("status") == status)
    named = warned.get_column("named").filter(mine).head(LISTED).to_list()
    texts = {lang: ", ".join(n + s for n, s in zip(named, warned.get_column(f"suffix.{lang}")
                                                   .filter(mine).head(LISTED).to_list(),
                                                   strict=True))
             for lang in ("ru", "en")}
    return Localised(texts["ru"], texts["en"])


def _warnings(query: _Query, summary: Mapping[str, Any], named: Callable[[str], Localised],
              dataset: Dataset, file: str) -> list[Problem]:
    """The units in two classes, in none, or with an unknown value (``summary``: the
    table's counts; ``named``: the first units of a status as named); the empty
    classes."""
    spec = query.plan.spec
    when = label_or_all(query.period)
    unit = unit_of(spec.unit, dataset) or ""
    column = dataset.header(unit)
    base = {"classification": spec.title, "period": when}
    problems = []
    for status, key in WARNED:
        count = summary[f"{status}.count"]
        if count:
            first = named(status)
            units = Localised(_listed(first.ru, count), _listed(first.en, count))
            problems.append(Problem(key, {**base, "count": count, "units": units},
                                    Location(file, row=summary[f"{status}.row"],
                                             column=column), "warning"))
    used = set(summary["used"])
    empty = [f"«{rule.shown}»" for rule in spec.classes if rule.id not in used]
    if empty and summary["units"]:
        problems.append(Problem("class.empty", {**base, "classes": ", ".join(empty)},
                                spec.source.at("classes"), "warning"))
    return problems


def _changes(plans: Sequence[ClassificationPlan], queries: Sequence[_Query],
             tables: Sequence[pl.LazyFrame], periods: Sequence[Period | None]
             ) -> list[tuple[ClassificationPlan, pl.LazyFrame]]:
    """Per classification classed in both compared periods, the query of its units whose
    class in the reporting period differs from the earlier one's: their count and the
    first of them as shown."""
    if len(periods) < 2 or periods[0] is None or periods[1] is None:
        return []
    now, then = periods[0], periods[1]
    out = []
    for plan in plans:  # a few classifications, not data rows
        at = {q.period.code: t for q, t in zip(queries, tables, strict=True)
              if q.plan is plan and q.period is not None}
        if now.code not in at or then.code not in at:
            continue
        before, changed, summary = _change_columns()
        # In the reporting period's order: a hash join's own order varies from run to run.
        moved = at[now.code].select("unit", "class").join(
            at[then.code].select(before), on="unit", maintain_order="left").filter(changed)
        out.append((plan, moved.select(summary)))
    return out


@functools.cache  # the same in every evaluation
def _change_columns() -> tuple[tuple[pl.Expr, ...], pl.Expr, tuple[pl.Expr, ...]]:
    """The earlier class (with the unit), the test of a change, and the changes counted
    with the first of them as shown."""
    changed = (pl.col("class").is_not_null() & pl.col("before").is_not_null()
               & (pl.col("class") != pl.col("before")))
    shown = "«" + pl.col("unit") + "»: " + pl.col("before") + " → " + pl.col("class")
    return ((pl.col("unit"), pl.col("class").alias("before")), changed,
            (pl.len().alias("count"), shown.head(LISTED).str.join(", ").alias("units")))


def _changed(plans: Sequence[ClassificationPlan], moved: Sequence[Mapping[str, Any]],
             periods: Sequence[Period | None]) -> list[Problem]:
    """The units whose class in the reporting period differs from the earlier one's
    (``moved``: per classification, their count and the first as shown)."""
    problems = []
    for plan, found in zip(plans, moved, strict=True):
        count = found["count"]
        if count:
            assert periods[0] is not None and periods[1] is not None  # as _changes asks
            problems.append(Problem("class.changed",
                                    {"classification": plan.spec.title, "count": count,
                                     "before": label(periods[1]), "after": label(periods[0]),
                                     "units": _listed(found["units"], count)},
                                    plan.spec.source.at("classes"), "warning"))
    return problems
