"""Each unit's class in each period, and what a methodologist must hear about it: a unit in
two classes or in none, a unit whose value is unknown, a class with no units, a unit whose
class changed between the compared periods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from mayak.evaluate._evaluate import Engine
from mayak.evaluate._periods import label, label_or_all, within
from mayak.io._coerce import ROW
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
                 plan.shown.cast(pl.String).first().alias("shown"),
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
    found = pl.collect_all([q.query for q in queries], engine=engine)
    tables: list[pl.DataFrame] = []
    problems: list[Problem] = []
    for query, per_unit in zip(queries, found, strict=True):
        spec = query.plan.spec
        count = pl.col("classes").list.len()
        table = per_unit.select(
            pl.lit(spec.id).alias("classification"),
            pl.lit(query.period.code if query.period else None, pl.String).alias("period"),
            "unit",
            pl.when(count == 1).then(pl.col("classes").list.first()).alias("class"),
            pl.when(count == 1).then(pl.lit("classed"))
            .when(count > 1).then(pl.lit("two_classes"))
            .when(pl.col("shown").is_null()).then(pl.lit("unknown"))
            .otherwise(pl.lit("no_class")).alias("status"),
            "shown", "row", "classes")
        problems.extend(_warnings(query, table, datasets[spec.dataset],
                                  labels.get(spec.dataset, f"<{spec.dataset}>")))
        tables.append(table.select(list(CLASSES_SCHEMA)))
    classes = pl.concat(tables)
    problems.extend(_changed(plans, classes, periods))
    return classes, problems


def _listed(rows: pl.DataFrame, shown: pl.Expr) -> str:
    text = ", ".join(rows.head(LISTED).select(shown).to_series().to_list())
    return text + (", …" if rows.height > LISTED else "")


def _warnings(query: _Query, table: pl.DataFrame, dataset: Dataset, file: str
              ) -> list[Problem]:
    """The units in two classes, in none, or with an unknown value; the empty classes."""
    spec = query.plan.spec
    when = label_or_all(query.period)
    unit = unit_of(spec.unit, dataset) or ""
    column = dataset.row_columns[unit].title or unit if unit in dataset.row_columns else unit
    base = {"classification": spec.title, "period": when}
    problems = []
    named = "«" + pl.col("unit") + "» (" + pl.col("row").cast(pl.String) + ")"
    for status, key, shown in (
            ("two_classes", "class.two_classes",
             named + ": " + pl.col("classes").list.join(", ")),
            ("no_class", "class.no_class", named + ": " + pl.col("shown")),
            ("unknown", "class.unknown_value", named)):
        rows = table.filter(pl.col("status") == status)
        if rows.height:
            problems.append(Problem(key, {**base, "count": rows.height,
                                          "units": _listed(rows, shown)},
                                    Location(file, row=rows["row"].min(),  # type: ignore[arg-type]
                                             column=column), "warning"))
    used = set(table.get_column("class").drop_nulls().to_list())
    empty = [rule.shown for rule in spec.classes if rule.id not in used]
    if empty and table.height:
        problems.append(Problem("class.empty", {**base, "classes": ", ".join(empty)},
                                spec.source.at("classes"), "warning"))
    return problems


def _changed(plans: Sequence[ClassificationPlan], classes: pl.DataFrame,
             periods: Sequence[Period | None]) -> list[Problem]:
    """The units whose class in the reporting period differs from the earlier one's."""
    if len(periods) < 2 or periods[0] is None or periods[1] is None:
        return []
    now, then = periods[0], periods[1]
    problems = []
    for plan in plans:  # a few classifications, not data rows
        mine = classes.filter(pl.col("classification") == plan.spec.id)
        before = mine.filter(pl.col("period") == then.code).select("unit", pl.col("class")
                                                                    .alias("before"))
        after = mine.filter(pl.col("period") == now.code).select("unit", "class")
        moved = after.join(before, on="unit").filter(
            pl.col("class").is_not_null() & pl.col("before").is_not_null()
            & (pl.col("class") != pl.col("before")))
        if moved.height:
            shown = "«" + pl.col("unit") + "»: " + pl.col("before") + " → " + pl.col("class")
            problems.append(Problem("class.changed",
                                    {"classification": plan.spec.title, "count": moved.height,
                                     "before": label(then), "after": label(now),
                                     "units": _listed(moved, shown)},
                                    plan.spec.source.at("classes"), "warning"))
    return problems
