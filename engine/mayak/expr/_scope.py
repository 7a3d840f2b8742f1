"""What names mean inside expressions: dataset columns, variables, other indicators."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.expr._compile import Kind, Name, Typed, compile_expression
from mayak.expr._functions import FUNCTIONS
from mayak.spec._model import Column, Dataset, Indicator

COLUMN_KINDS: Mapping[str, Kind] = {
    "string": "string", "category": "string", "integer": "number", "number": "number",
    "boolean": "boolean", "date": "date",
}
PERIOD = "period"  # the reporting year of the targets, usable in `where`


def variable_column(indicator: str, variable: str) -> str:
    return f"{indicator}.{variable}"


def value_column(indicator: str) -> str:
    return f"{indicator}.value"


def raw_column(indicator: str) -> str:
    return f"{indicator}.raw"


def column_name(column: Column) -> Name:
    categories = column.values if column.type == "category" else None
    return Name(pl.col(column.name), COLUMN_KINDS[column.type], categories, column.ordered)


def row_scope(dataset: Dataset, period: int | None, *,
              with_period: bool = True) -> dict[str, Name]:
    """Columns of ``dataset``; and ``period`` (the reporting year) for indicators."""
    names = {name: column_name(column) for name, column in dataset.columns.items()}
    if with_period and PERIOD not in names:
        names[PERIOD] = Name(pl.lit(period, dtype=pl.Int64), "number")
    return names


def formula_scope(indicator: Indicator, indicators: Mapping[str, Indicator],
                  datasets: Mapping[str, Dataset] | None = None) -> dict[str, Name]:
    """Variables and other indicators. With ``datasets``, also the columns of the
    indicator's datasets and ``period``, marked as misplaced: a formula that names one
    is told where such names belong."""
    misplaced: set[str] = set()
    if datasets is not None:
        used = [datasets[v.dataset] for v in indicator.variables.values() if v.dataset in datasets]
        misplaced = {PERIOD, *(column for dataset in used for column in dataset.columns)}
    names = {name: Name(pl.lit(None), "null", misplaced="expr.column_in_formula")
             for name in sorted(misplaced)}
    # Another indicator enters a formula unrounded: rounding is for showing, not computing.
    names.update({other: Name(pl.col(raw_column(other)), "number")
                  for other in indicators if other != indicator.id})
    names.update({var: Name(pl.col(variable_column(indicator.id, var)), "number")
                  for var in indicator.variables})
    return names


def compile_in(text: str, names: Mapping[str, Name]) -> Typed:
    return compile_expression(text, names, FUNCTIONS)
