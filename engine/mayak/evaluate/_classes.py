"""Each unit's class in each period, and what a methodologist must hear about it: a unit in
two classes or in none, a unit whose value is unknown, a class with no units, a unit whose
class changed between the compared periods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from mayak.evaluate._evaluate import Engine
from mayak.evaluate._periods import label, label_or_all, within
from mayak.evaluate._scores import number_text
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Localised
from mayak.messages._problems import Location, Problem
from mayak.plan._classes import ClassificationPlan, unit_of
from mayak.spec._model import Dataset
from mayak.spec._period import Period

LISTED = 20  # units named per message
CLASSES_SCHEMA = {"classification": pl.String, "period": pl.String, "unit": pl.String,
                  "class": pl.String, "status": pl.String}
# status: classed | two_classes | no_class | unknown (the value the class is read from)


@dataclass(frozen=True)
class _Query:
    plan: ClassificationPlan
    period: Period | None
    query: pl.LazyFrame


def _units(plan: ClassificationPlan, dataset: Dataset, frame: pl.LazyFrame,
           period: Period | None) -> pl.LazyFrame | None:
    """One row per unit: its distinct classes, what it is classed by, its first row."""
    unit = unit_of(plan.spec.unit, dataset)
    if unit is None or plan.shown is None:
        return None
    rows = frame
    if dataset.period is not None and period is not None:
        rows = rows.filter(within(dataset.columns[dataset.period], period))
    return (rows.filter(pl.col(unit).is_not_null())
            .group_by(pl.col(unit).cast(pl.String).str.strip_chars().alias("unit"),
                      maintain_order=True)
            .agg(pl.col(plan.spec.id).drop_nulls().unique(maintain_order=True).alias("classes"),
                 (plan.shown.cast(pl.String) if plan.value is None
                  else number_text(plan.shown)).first().alias("shown"),
                 (plan.shown.cast(pl.String) if plan.value is None
                  else number_text(plan.shown, comma=True)).first().alias("shown.ru"),
                 pl.col(ROW).min().alias("row")))


def classify(plans: Sequence[ClassificationPlan], datasets: Mapping[str, Dataset],
             frames: Mapping[str, pl.LazyFrame], periods: Sequence[Period | None], *,
             labels: Mapping[str, str], engine: Engine) -> tuple[pl.DataFrame, list[Problem]]:
    """Every unit's class per period (``CLASSES_SCHEMA``), and the warnings. ``periods``:
    the reporting period, then the one compared with (a dataset without a period column
    is classed in the reporting period only)."""
    queries: list[_Query] = []
    for plan in plans:
        dataset = datasets[plan.spec.dataset]
        for n, period in enumerate(periods):
            if n and (period is None or dataset.period is None):  # no earlier period to class
                continue
            units = _units(plan, dataset, frames[dataset.id], period)
            if units is not None:
                queries.append(_Query(plan, period, units))
    if not queries:
        return pl.DataFrame(schema=CLASSES_SCHEMA), []
    # The tables, their warnings and the class changes in one batch of queries.
    lazy = [_table(q) for q in queries]
    changes = _changes(plans, queries, lazy, periods)
    done = pl.collect_all([*lazy, *(_summary(t) for t in lazy),
                           *(moved for _, moved in changes)], engine=engine)
    tables, summaries = done[:len(lazy)], done[len(lazy):]
    problems: list[Problem] = []
    for query, summary in zip(queries, summaries[:len(queries)], strict=True):
        spec = query.plan.spec
        problems.extend(_warnings(query, summary, datasets[spec.dataset],
                                  labels.get(spec.dataset, f"<{spec.dataset}>")))
    problems.extend(_changed([plan for plan, _ in changes], summaries[len(queries):],
                             periods))
    classes = pl.concat([t.select(list(CLASSES_SCHEMA)) for t in tables])
    return classes, problems


def _table(query: _Query) -> pl.LazyFrame:
    """A row per unit: its class and status, what it was classed by, its first row."""
    count = pl.col("classes").list.len()
    return query.query.select(
        pl.lit(query.plan.spec.id).alias("classification"),
        pl.lit(query.period.code if query.period else None, pl.String).alias("period"),
        "unit",
        pl.when(count == 1).then(pl.col("classes").list.first()).alias("class"),
        pl.when(count == 1).then(pl.lit("classed"))
        .when(count > 1).then(pl.lit("two_classes"))
        .when(pl.col("shown").is_null()).then(pl.lit("unknown"))
        .otherwise(pl.lit("no_class")).alias("status"),
        "shown", "shown.ru", "row", "classes")


def _listed(first: str, count: int) -> str:
    return first + (", …" if count > LISTED else "")


NAMED = "«" + pl.col("unit") + "» (" + pl.col("row").cast(pl.String) + ")"
# Per status warned of, the message and each unit as shown in English and in Russian (a
# value with the reader's decimal mark).
WARNED = (("two_classes", "class.two_classes",
           (NAMED + ": " + pl.col("classes").list.join(", "),) * 2),
          ("no_class", "class.no_class",
           (NAMED + ": " + pl.col("shown"), NAMED + ": " + pl.col("shown.ru"))),
          ("unknown", "class.unknown_value", (NAMED, NAMED)))


def _summary(table: pl.LazyFrame) -> pl.LazyFrame:
    """Per status warned of, the units' count, first row and the first of them as shown;
    the classes used and the number of units."""
    out = [pl.len().alias("units"), pl.col("class").drop_nulls().unique().implode().alias("used")]
    for status, _, (english, russian) in WARNED:
        mine = pl.col("status") == status
        out += [mine.sum().alias(f"{status}.count"),
                pl.col("row").filter(mine).min().alias(f"{status}.row"),
                english.filter(mine).head(LISTED).str.join(", ").alias(f"{status}.units.en"),
                russian.filter(mine).head(LISTED).str.join(", ").alias(f"{status}.units.ru")]
    return table.select(out)


def _warnings(query: _Query, summary: pl.DataFrame, dataset: Dataset, file: str
              ) -> list[Problem]:
    """The units in two classes, in none, or with an unknown value; the empty classes."""
    spec = query.plan.spec
    when = label_or_all(query.period)
    unit = unit_of(spec.unit, dataset) or ""
    column = dataset.header(unit)
    base = {"classification": spec.title, "period": when}
    problems = []
    for status, key, _ in WARNED:
        count = summary.item(0, f"{status}.count")
        if count:
            units = Localised(_listed(summary.item(0, f"{status}.units.ru"), count),
                              _listed(summary.item(0, f"{status}.units.en"), count))
            problems.append(Problem(key, {**base, "count": count, "units": units},
                                    Location(file, row=summary.item(0, f"{status}.row"),
                                             column=column), "warning"))
    used = set(summary.item(0, "used"))
    empty = [f"«{rule.shown}»" for rule in spec.classes if rule.id not in used]
    if empty and summary.item(0, "units"):
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
        before = at[then.code].select("unit", pl.col("class").alias("before"))
        after = at[now.code].select("unit", "class")
        moved = after.join(before, on="unit").filter(
            pl.col("class").is_not_null() & pl.col("before").is_not_null()
            & (pl.col("class") != pl.col("before")))
        shown = "«" + pl.col("unit") + "»: " + pl.col("before") + " → " + pl.col("class")
        out.append((plan, moved.select(pl.len().alias("count"),
                                       shown.head(LISTED).str.join(", ").alias("units"))))
    return out


def _changed(plans: Sequence[ClassificationPlan], moved: Sequence[pl.DataFrame],
             periods: Sequence[Period | None]) -> list[Problem]:
    """The units whose class in the reporting period differs from the earlier one's."""
    problems = []
    for plan, found in zip(plans, moved, strict=True):
        count = found.item(0, "count")
        if count:
            assert periods[0] is not None and periods[1] is not None  # as _changes asks
            problems.append(Problem("class.changed",
                                    {"classification": plan.spec.title, "count": count,
                                     "before": label(periods[1]), "after": label(periods[0]),
                                     "units": _listed(found.item(0, "units"), count)},
                                    plan.spec.source.at("classes"), "warning"))
    return problems
