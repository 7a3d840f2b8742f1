"""Looked-up and derived columns added to the rows before the indicators are computed.

A lookup never drops or repeats a row: each taken column is the row's key mapped to the
unit's value (unknown when no unit has the key). Keys are compared tidied and lower-cased,
after the synonyms; that is done on the distinct keys only (a units table and the keys a
dataset uses are small), and the rows are mapped by their key as given.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.io._coerce import ROW, markers_of, tidy
from mayak.io._engine import Engine
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.plan._lookups import AddedPlan, JoinPlan
from mayak.spec._model import Dataset

UNMATCHED_LISTED = 20  # distinct keys named per lookup
_KEY = "_lookup.key"  # a key as lookups compare it
_SHOWN = "_lookup.shown"  # a units' key as the units table writes it
_PERIOD = "_lookup.period"  # a row's period as lookups by period compare it
def _periods(join: JoinPlan, datasets: Mapping[str, Dataset], name: str
             ) -> tuple[str, pl.Expr] | None:
    """The units table's period column and, as text to compare with it, each row's period:
    then a row takes the attributes of its own period's unit row. Both years, or both
    period labels: the same; a units table by year and rows by date or by a shorter period
    (a quarter, a month): the year the row's period lies in. None: by key alone."""
    units, rows = datasets[join.units], datasets[name]
    if units.period is None or rows.period is None:
        return None
    kind, row_kind = units.columns[units.period].type, rows.columns[rows.period].type
    row = pl.col(rows.period)
    if kind == row_kind and kind in ("integer", "period"):
        return units.period, row.cast(pl.String)
    if kind == "integer" and row_kind == "date":
        return units.period, row.dt.year().cast(pl.String)
    if kind == "integer" and row_kind == "period":  # 2024-Q3 lies in 2024
        return units.period, row.str.slice(0, 4)
    return None


def _normalised(column: pl.Expr, synonyms: Mapping[str, str]) -> pl.Expr:
    """Keys as lookups compare them: as text, tidied, lower-cased, synonyms replaced."""
    key = tidy(column.cast(pl.String)).str.to_lowercase()
    return key.replace(dict(synonyms)) if synonyms else key


def with_added(frames: Mapping[str, pl.LazyFrame], plans: Mapping[str, AddedPlan],
               datasets: Mapping[str, Dataset], problems: list[Problem], *,
               labels: Mapping[str, str], engine: Engine) -> dict[str, pl.LazyFrame]:
    """``frames`` with each dataset's looked-up and derived columns added; a warning (into
    ``problems``) per lookup with keys the units table lacks (their rows are kept, their
    attributes unknown) or with keys it holds twice (the first is used)."""
    if not plans:
        return dict(frames)
    added = dict(frames)
    # Units tables first: a dataset may look up the columns they derive or class.
    for name, plan in plans.items():
        if name in added and not plan.joins:
            for step in plan.steps:
                added[name] = added[name].with_columns(step)
            added[name] = added[name].drop(plan.hidden)
    frames = added
    joins = [(name, join) for name, plan in plans.items() if name in frames
             for join in plan.joins if join.units in frames]
    periods = [_periods(join, datasets, name) for name, join in joins]
    # Each units table and each dataset's distinct keys (per period when looked up by
    # period), small, collected together.
    small = pl.collect_all(
        [q for (name, join), by in zip(joins, periods, strict=True) for q in (
            frames[join.units].select(
                ROW, join.key, *([pl.col(by[0]).cast(pl.String).alias(_PERIOD)] if by else []),
                *join.take),
            frames[name].select(pl.col(join.on), *([by[1].alias(_PERIOD)] if by else []))
            .unique())], engine=engine)
    added = dict(frames)
    looked: dict[str, list[tuple[list[pl.Expr], list[pl.Expr]]]] = {}
    # A units table's repeated keys are named once, however many datasets look it up.
    warned: set[tuple[str, str, bool]] = set()
    for n, ((name, join), by) in enumerate(zip(joins, periods, strict=True)):
        units, keys = small[2 * n], small[2 * n + 1]
        on = [_KEY, _PERIOD] if by else [_KEY]
        told = (join.units, join.key, bool(by))
        table = _units(units, join, datasets[join.units], labels,
                       problems if told not in warned else [], on=on)
        warned.add(told)
        mapping = keys.with_columns(_normalised(pl.col(join.on), join.synonyms).alias(_KEY))
        missing = mapping.filter(pl.col(_KEY).is_not_null()
                                 & ~pl.col(_KEY).is_in(table.get_column(_KEY).implode()))
        label = labels.get(name, f"<{name}>")
        if not missing.is_empty():
            problems.append(_unmatched(frames[name].filter(pl.col(join.on).is_in(
                missing.get_column(join.on).implode())), join,
                datasets[name], label, table, engine=engine))
        if by:
            problems.extend(_without_period_row(mapping, table, join, datasets[name], label))
        mapping = mapping.join(table.drop(ROW), on=on, how="inner")
        looked.setdefault(name, []).append(
            (_taken(join, mapping, by), _as_units_write(join, mapping, datasets[name])))
    for name, lookups in looked.items():
        # Keys are written as a units table writes them only once every lookup has read
        # them as the rows give them: a dataset may look one key up in two tables.
        *earlier, (last, _) = lookups
        for taken, _ in earlier:
            added[name] = added[name].with_columns(*taken)
        rewrites = [w for _, written in lookups for w in written]
        added[name] = added[name].with_columns(*last, *rewrites[:1])
        for rewrite in rewrites[1:]:  # one after the other: two may write the same column
            added[name] = added[name].with_columns(rewrite)
    for name, plan in plans.items():
        if name in added and plan.joins:
            for step in plan.steps:
                added[name] = added[name].with_columns(step)
            added[name] = added[name].drop(plan.hidden)
    return added


def _taken(join: JoinPlan, mapping: pl.DataFrame, by: tuple[str, pl.Expr] | None
           ) -> list[pl.Expr]:
    """Each taken column as the rows' key (and period, ``by``) mapped to it (``mapping``:
    each key as given that is found, and the unit's columns): an expression, not a join,
    so that a query that does not read the column never computes it; unfound keys give
    unknown."""
    row_key = pl.col(join.on).cast(pl.String)
    keys = mapping.get_column(join.on).cast(pl.String)
    if by is not None:  # the key and the period, as one text
        row_key = pl.concat_str([row_key, by[1]], separator="\x1f")
        keys = mapping.select(pl.concat_str([pl.col(join.on).cast(pl.String), _PERIOD],
                                            separator="\x1f")).to_series()
    # The row's key as its position among the found keys (a cast to an enumeration of them,
    # unknown when not found), then each column's value at that position: a fifth cheaper
    # than ``replace_strict`` over millions of rows.
    position = row_key.cast(pl.Enum(keys), strict=False).to_physical()
    return [pl.lit(mapping.get_column(c)).gather(position).alias(c) for c in join.take]


def _without_period_row(mapping: pl.DataFrame, table: pl.DataFrame, join: JoinPlan,
                        dataset: Dataset, label: str) -> list[Problem]:
    """Keys the units table has, but not in the period of some rows: those rows' taken
    columns are unknown, and a warning names the keys with their periods."""
    found = table.select(_KEY, _PERIOD)
    lacking = (mapping.filter(pl.col(_KEY).is_in(found.get_column(_KEY).implode())
                              & pl.col(_PERIOD).is_not_null())
               .join(found, on=[_KEY, _PERIOD], how="anti")
               .sort(_PERIOD, join.on))
    if lacking.is_empty():
        return []
    listed = lacking.head(UNMATCHED_LISTED).select(
        "«" + pl.col(join.on).cast(pl.String) + "» (" + pl.col(_PERIOD) + ")").to_series()
    shown = ", ".join(listed.to_list()) + (", …" if lacking.height > UNMATCHED_LISTED else "")
    return [Problem("lookup.no_period_row",
                    {"dataset": dataset.id, "units": join.units, "count": lacking.height,
                     "keys": shown, "take": ", ".join(join.take)},
                    Location(label, column=dataset.header(join.on)), "warning")]


def _as_units_write(join: JoinPlan, mapping: pl.DataFrame, dataset: Dataset) -> list[pl.Expr]:
    """A text key column written as the units table writes the key («Гурьевский МО» →
    «Гурьевский» by a synonym, « гурьевский» → «Гурьевский»), so that a level on it has one
    group per unit whatever each file's spelling; keys not found stay as given."""
    column = dataset.columns.get(join.on)
    if column is None or column.type != "string":
        return []
    # Only the keys spelt otherwise are rewritten: most files spell them as the units table
    # does, and then the column is left as it is (read directly by every query).
    spelt = mapping.select(pl.col(join.on).cast(pl.String), _SHOWN).filter(
        pl.col(join.on) != pl.col(_SHOWN)).unique(join.on, keep="first", maintain_order=True)
    if spelt.is_empty():
        return []
    return [pl.col(join.on).replace(spelt.get_column(join.on), spelt.get_column(_SHOWN))
            .alias(join.on)]


def _units(units: pl.DataFrame, join: JoinPlan, dataset: Dataset, labels: Mapping[str, str],
           problems: list[Problem], *, on: list[str]) -> pl.DataFrame:
    """The units table by its compared key (and period, when ``on`` has it), each once
    (the first row; a warning names the others), its text columns tidied."""
    columns = dataset.row_columns
    table = units.select(
        ROW, _normalised(pl.col(join.key), {}).alias(_KEY),
        *([_PERIOD] if _PERIOD in on else []),
        tidy(pl.col(join.key).cast(pl.String)).alias(_SHOWN),
        *(tidy(pl.col(c), markers_of(columns[c])).alias(c) if columns[c].type == "string"
          else pl.col(c) for c in join.take)).filter(pl.col(_KEY).is_not_null())
    repeated = table.filter(pl.struct(on).is_duplicated())
    if not repeated.is_empty():
        label = labels.get(join.units, f"<{join.units}>")
        header = columns[join.key].title or join.key
        grouped = (repeated.group_by(on, maintain_order=True)
                   .agg(pl.col(_SHOWN).first(), pl.col(ROW)).select(_SHOWN, ROW))
        # One warning per repeated key: a loop over findings, not over data.
        for value, rows in grouped.head(UNMATCHED_LISTED).iter_rows():
            problems.append(Problem("lookup.duplicate_key",
                                    {"value": value, "units": join.units, "column": join.key,
                                     "rows": ", ".join(map(str, rows))},
                                    Location(label, row=rows[0], column=header), "warning"))
    return table.unique(on, keep="first", maintain_order=True)


def _unmatched(rows: pl.LazyFrame, join: JoinPlan, dataset: Dataset, label: str,
               table: pl.DataFrame, *, engine: Engine) -> Problem:
    """One warning naming the keys the units table lacks (``rows``: the dataset's rows
    holding them), with their first rows and the closest units' keys (the rows are kept,
    with unknown attributes)."""
    found = (rows.group_by(join.on).agg(pl.col(ROW).min().alias("_first"), pl.len().alias("_rows"))
             .sort("_first").collect(engine=engine))
    known = [str(k) for k in table.get_column(_KEY).to_list()]
    spelled = dict(zip(known, map(str, table.get_column(_SHOWN).to_list()), strict=True))
    listed = []
    hints = []
    # A line per distinct key (20 at most): a loop over findings, not over data.
    for value, first, _ in found.head(UNMATCHED_LISTED).iter_rows():
        listed.append(f"«{value}» ({first})")
        close = suggestion(str(value).strip().lower(), known)
        if close:
            hints.append(f"«{value}» → «{spelled[str(close)]}»")
    shown = ", ".join(listed) + (", …" if found.height > UNMATCHED_LISTED else "")
    column = dataset.columns[join.on]
    params = {"dataset": dataset.id, "units": join.units, "column": join.on, "keys": shown,
              "count": found.height, "rows": int(found.get_column("_rows").sum()),
              "take": ", ".join(join.take)}
    at = Location(label, row=found.get_column("_first").min(),  # type: ignore[arg-type]
                  column=column.title or join.on)
    if hints:
        return Problem("lookup.unmatched_hinted", {**params, "hints": ", ".join(hints)}, at,
                       "warning")
    return Problem("lookup.unmatched", params, at, "warning")

