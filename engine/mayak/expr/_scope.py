"""What names mean inside expressions: dataset columns, variables, other indicators."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import polars as pl

from mayak.expr._compile import Kind, Name, Typed, compile_expression
from mayak.expr._functions import FUNCTIONS
from mayak.spec._model import Column, Dataset, Indicator

COLUMN_KINDS: Mapping[str, Kind] = {
    "string": "string", "category": "string", "integer": "number", "number": "number",
    "boolean": "boolean", "date": "date", "period": "string",
}
PERIOD = "period"  # the year of the reporting period, usable in `where` and `of`
# The names of the reporting period in `where` and `of`, with their kinds: its year, its
# first and its last day.
PERIOD_NAMES: Mapping[str, Kind] = {PERIOD: "number", "period_start": "date",
                                    "period_end": "date"}
# Columns evaluation adds while indicators are computed: expressions name them instead of
# baking one period in, so one compiled plan serves every period. A dot keeps them apart
# from dataset columns (their names have none). ``IN_PERIOD``: whether a row of a dataset
# with a period column lies in the period.
_OWN = "_mayak."
IN_PERIOD = "in_period"


def period_column(name: str, *, previous: bool = False) -> str:
    """The column holding the period name ``name`` (or ``IN_PERIOD``) for the reporting
    period, or for the one before it."""
    return f"{_OWN}{'previous.' if previous else ''}{name}"


def is_own_column(name: str) -> bool:
    """Whether ``name`` is a column evaluation adds (not one of the data)."""
    return name.startswith(_OWN)
BUILTIN = ("value", "planned", "key")  # names every recommendation rule may use
# Each kind of name in a recommendation has columns of its own, so that no spec name can
# collide with another or with a column the rows are built from.
REC_VALUE, REC_PLANNED, REC_KEY = "_rec.value", "_rec.planned", "_rec.key"


def variable_column(indicator: str, variable: str) -> str:
    """The column holding a variable's aggregate in the wide result frame."""
    return f"{indicator}.{variable}"


def value_column(indicator: str) -> str:
    """The column holding an indicator's rounded value in the wide result frame."""
    return f"{indicator}.value"


def raw_column(indicator: str) -> str:
    """The column holding an indicator's value before rounding."""
    return f"{indicator}.raw"


def column_name(column: Column) -> Name:
    """What a dataset column means in an expression: its column, kind and categories. An
    integer column is read as whole numbers (``Int64``), never inf or NaN: it needs no
    check that it is finite."""
    categories = column.values if column.type == "category" else None
    return Name(pl.col(column.name), COLUMN_KINDS[column.type], categories, column.ordered,
                misplaced="expr.derive_failed" if column.unusable else None,
                finite=column.type == "integer")


def row_scope(dataset: Dataset, *, with_period: bool = True,
              previous: bool = False, with_added: bool = True) -> Mapping[str, Name]:
    """Columns of ``dataset`` (``with_added``: the looked-up and derived ones too); and for
    indicators the names of the reporting period (or, ``previous``, of the one before it)
    that no column shadows (``PERIOD_NAMES``)."""
    columns = dataset.row_columns if with_added else dataset.columns
    periods = {n: k for n, k in PERIOD_NAMES.items() if n not in columns} if with_period else {}
    return _RowScope(columns, periods, previous=previous)


class _RowScope(Mapping[str, Name]):
    """The names of a dataset's rows, each made when an expression names it: a dataset has
    dozens of columns, an expression names a few (and every variable has a scope)."""

    def __init__(self, columns: Mapping[str, Column], periods: Mapping[str, Kind], *,
                 previous: bool) -> None:
        self._columns = columns
        self._periods = periods
        self._previous = previous

    def __getitem__(self, name: str) -> Name:
        column = self._columns.get(name)
        if column is not None:
            return column_name(column)
        return Name(pl.col(period_column(name, previous=self._previous)), self._periods[name])

    def __contains__(self, name: object) -> bool:
        return name in self._columns or name in self._periods

    def __iter__(self) -> Iterator[str]:
        yield from self._columns
        yield from self._periods

    def __len__(self) -> int:
        return len(self._columns) + len(self._periods)


def rec_variable(name: str) -> str:
    """The column of an indicator's variable in the rows of a recommendations spec."""
    return f"_var.{name}"


def rec_computed(name: str) -> str:
    """The column of a recommendations spec's computed value."""
    return f"_val.{name}"


def base_scope(indicator: Indicator) -> dict[str, Name]:
    """Names every recommendation rule may use: the indicator's variables, value, planned
    and key."""
    # Counts and the rounded value are finite or unknown: they need no check (the planned
    # value may be written too large).
    names = {name: Name(pl.col(rec_variable(name)), "number",
                        finite=var.aggregation in ("count", "distinct"))
             for name, var in indicator.variables.items()}
    names.update({"value": Name(pl.col(REC_VALUE), "number", finite=True),
                  "planned": Name(pl.col(REC_PLANNED), "number"),
                  "key": Name(pl.col(REC_KEY), "string")})
    return names


def formula_scope(indicator: Indicator, indicators: Mapping[str, Indicator],
                  datasets: Mapping[str, Dataset] | None = None) -> Mapping[str, Name]:
    """Variables and other indicators. With ``datasets``, also the columns of the
    indicator's datasets and ``period``, marked as misplaced: a formula that names one
    is told where such names belong. The other indicators are looked up when named, so
    that the scopes of all indicators cost as much as the indicators, not its square."""
    misplaced: set[str] = set()
    if datasets is not None:
        used = [datasets[v.dataset] for v in indicator.variables.values() if v.dataset in datasets]
        misplaced = {*PERIOD_NAMES,
                     *(column for dataset in used for column in dataset.row_columns)}
    return _FormulaScope(indicator, indicators, sorted(misplaced))


class _FormulaScope(Mapping[str, Name]):
    """The names of one formula, in the order and with the precedence of a dict filled with
    the misplaced names, then the other indicators, then the variables."""

    def __init__(self, indicator: Indicator, indicators: Mapping[str, Indicator],
                 misplaced: list[str]) -> None:
        self._id = indicator.id
        self._indicators = indicators
        self._misplaced = misplaced
        # Counts are whole numbers: they need no check that they are finite.
        self._variables = {name: Name(pl.col(variable_column(indicator.id, name)), "number",
                                      finite=var.aggregation in ("count", "distinct"))
                           for name, var in indicator.variables.items()}
        others = len(indicators) - (indicator.id in indicators)
        own = set(misplaced) | self._variables.keys()
        self._length = others + len(own) - sum(self._is_other(name) for name in own)

    def _is_other(self, name: str) -> bool:
        return name != self._id and name in self._indicators

    def __getitem__(self, name: str) -> Name:
        if name in self._variables:
            return self._variables[name]
        if self._is_other(name):
            # Another indicator enters a formula unrounded: rounding is for showing, not
            # computing. It is finite or unknown already.
            return Name(pl.col(raw_column(name)), "number", finite=True)
        if name in self._misplaced:
            return Name(pl.lit(None), "null", misplaced="expr.column_in_formula")
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        yield from self._misplaced
        placed = set(self._misplaced)
        for name in self._indicators:
            if name != self._id and name not in placed:
                yield name
        yield from (v for v in self._variables if v not in placed and not self._is_other(v))

    def __len__(self) -> int:
        return self._length


def compile_in(text: str, names: Mapping[str, Name]) -> Typed:
    """Compile ``text`` against ``names`` with Mayak's functions (the one compile entry)."""
    return compile_expression(text, names, FUNCTIONS)
