"""The expressions evaluation runs for each variable and formula, built once at load: they
do not depend on the data, the level or the targets."""

from __future__ import annotations

import polars as pl

from mayak.expr._compile import Typed, finite
from mayak.expr._rounding import rounded
from mayak.expr._scope import raw_column, value_column
from mayak.spec._model import Rounding, Variable

_COUNTING = ("count", "distinct")
_EXACT = 2**53  # beyond this a Float64 has no fraction digits left to round


def unknown_column(name: str) -> str:
    """The column counting the rows variable ``name`` cannot classify."""
    return f"{name}.unknown"


def rows_column(name: str) -> str:
    """The column counting the rows a ``figure`` variable found (one is expected)."""
    return f"{name}.rows"


def says_column(name: str) -> str:
    """The column saying whether some row could give variable ``name`` a value."""
    return f"{name}.says"


def unsettled_column(indicator: str) -> str:
    """The column of a formula's value before it is made finite or unknown."""
    return f"{indicator}.unsettled"


def out_of_range_column(indicator: str) -> str:
    """The column flagging the groups whose formula gave a value out of range."""
    return f"{indicator}.out_of_range"


# Unknown if one row cannot say (a figure: its one row).
SETTLED_BY_EVERY_ROW = ("sum", "mean", "min", "max", "figure")


def unknown_rows(where: pl.Expr | None, of: pl.Expr | None) -> pl.Expr:
    """The rows a variable cannot classify: unknown condition, or a counted row with unknown
    value."""
    unknown = where.is_null() if where is not None else pl.lit(False)
    if of is not None:
        unknown = unknown | (of.is_null() & (where.fill_null(False) if where is not None
                                             else pl.lit(True)))
    return unknown


def aggregate(variable: Variable, column: str, where: pl.Expr | None, of: pl.Expr | None,
              *, value_elsewhere: bool = False) -> tuple[pl.Expr, ...]:
    """The variable's value and its count of unknown rows, as aggregation expressions (only
    the unknown count when the value is computed by a query of its own; for a ``figure``,
    also the count of rows found)."""
    chosen = of if of is None or where is None else of.filter(where)
    # Rows whose condition is unknown are left out (see `unknown`); if no row could say at
    # all, a count, distinct count or sum is itself unknown rather than zero.
    someone_says = pl.lit(True) if where is None else (pl.len() == 0) | where.is_not_null().any()
    match variable.aggregation:
        case "count":
            value = pl.len() if where is None else pl.when(someone_says).then(where.sum())
        case "distinct":
            assert chosen is not None
            value = pl.when(someone_says).then(chosen.drop_nulls().n_unique())
        case "sum":
            assert chosen is not None
            # no rows: 0; rows whose values are all unknown: unknown
            value = pl.when(someone_says & ((chosen.len() == 0) | (chosen.count() > 0))).then(
                chosen.sum())
        case "mean":
            assert chosen is not None
            value = chosen.mean()
        case "min":
            assert chosen is not None
            value = chosen.min()
        case "figure":  # one printed figure: none or several rows say nothing
            assert chosen is not None
            value = pl.when(chosen.len() == 1).then(chosen.first())
        case _:
            assert chosen is not None
            value = chosen.max()
    unknown = unknown_rows(where, of)
    if variable.aggregation in SETTLED_BY_EVERY_ROW and not variable.skip_unknown:
        # One row that cannot say could change a sum, mean, min or max: unknown, unless the
        # spec opts into leaving such rows out (``unknown: skip``).
        value = pl.when(unknown.any().not_()).then(value)
    dtype = pl.Int64 if variable.aggregation in _COUNTING else pl.Float64
    unknown_count = unknown.sum().cast(pl.Int64).alias(unknown_column(column))
    if value_elsewhere:  # whether the value is known is still decided here
        return unknown_count, someone_says.alias(says_column(column))
    if variable.aggregation == "figure":
        assert chosen is not None
        found = chosen.len().cast(pl.Int64).alias(rows_column(column))
        return value.cast(dtype).alias(column), unknown_count, found
    return value.cast(dtype).alias(column), unknown_count


def no_formula(indicator: str) -> tuple[tuple[pl.Expr, ...], ...]:
    """The steps of an indicator with no formula in force: its value unknown."""
    return ((pl.lit(None, dtype=pl.Float64).alias(raw_column(indicator)),
             pl.lit(False).alias(out_of_range_column(indicator))),
            (pl.lit(None, dtype=pl.Float64).alias(value_column(indicator)),))


def formula_steps(indicator: str, typed: Typed, rounding: Rounding
                  ) -> tuple[tuple[pl.Expr, ...], ...]:
    """The formula's unrounded value and overflow flag, then the rounded value and the
    flag raised also when the value is too large to round."""
    raw = pl.col(raw_column(indicator))
    fits = _fits(raw, rounding)
    flag = out_of_range_column(indicator)
    rounded = (pl.when(fits).then(_rounded(raw, rounding)).alias(value_column(indicator)),
               (pl.col(flag) | (raw.is_not_null() & ~fits)).alias(flag))
    if typed.settled is None:
        overflow = typed.overflow if typed.overflow is not None else pl.lit(False)
        return ((typed.expr.cast(pl.Float64).alias(raw_column(indicator)), overflow.alias(flag)),
                rounded)
    # The formula is computed once, as a column: its finite value and its own overflow
    # check both read it (as ``typed.expr`` and ``typed.overflow`` would compute it twice).
    unsettled, checks = typed.settled
    column = unsettled_column(indicator)
    before = pl.col(column)
    overflow = pl.any_horizontal([*checks, before.is_finite().not_()]).fill_null(False)
    return ((unsettled.alias(column),),
            (finite(before).cast(pl.Float64).alias(raw_column(indicator)), overflow.alias(flag)),
            rounded)


def _rounded(expr: pl.Expr, rounding: Rounding) -> pl.Expr:
    value = expr.cast(pl.Float64)  # finite or unknown: expressions give no NaN / inf
    if rounding.digits is None:
        return value
    return rounded(value, rounding.digits, rounding.mode)


def _fits(raw: pl.Expr, rounding: Rounding) -> pl.Expr:
    """Whether ``raw`` can be rounded to the spec's digits exactly (never cast past that)."""
    if rounding.digits is None:
        return pl.lit(True)
    limit: float = _EXACT / 10.0**rounding.digits
    return raw.abs() < limit
