"""Rounding as people round by hand: the decimal value written, not its binary neighbour.

23 / 80 * 100 is 28.749999999999996 in binary floating point; written as a decimal it is
28,75, which rounds to 28,8. The value is scaled to whole units of the last digit kept, and
the noise of the binary arithmetic settled, before it is cut.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

Mode = Literal["half_up", "half_even", "down", "up"]
SETTLED = 9  # decimals of the scaled value kept before it is cut: noise is ~1e-12 there


def scaled(value: pl.Expr, digits: int | pl.Expr, mode: Mode = "half_up") -> pl.Expr:
    """``value`` times 10 ** ``digits``, cut to a whole number by ``mode``: half up (away
    from zero at .5), half even, down (toward zero) or up (away from zero)."""
    settled = (value * _power(digits)).round(SETTLED)
    if mode == "half_up":  # the common case reads ``value`` once: no sign test
        return settled.round(0, mode="half_away_from_zero")
    if mode == "half_even":
        return settled.round(0, mode="half_to_even")
    cut = settled.abs().floor() if mode == "down" else settled.abs().ceil()
    return pl.when(settled < 0).then(-cut).otherwise(cut)


def rounded(value: pl.Expr, digits: int | pl.Expr, mode: Mode = "half_up") -> pl.Expr:
    """``value`` rounded to ``digits`` decimals (an integer, or a column of them) by
    ``mode``; a null stays null."""
    cut = scaled(value.cast(pl.Float64), digits, mode) / _power(digits)
    if isinstance(digits, int):
        cut = cut.round(digits)  # the nearest float to the decimal (division may be 1 ulp off)
    return cut


def _power(digits: int | pl.Expr) -> pl.Expr | float:
    return 10.0**digits if isinstance(digits, int) else pl.lit(10.0).pow(digits)
