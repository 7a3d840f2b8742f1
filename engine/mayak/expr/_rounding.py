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
SIGNIFICANT = 15  # ... and significant digits: a double holds 15 to 17, the noise is in the last


def settled(value: pl.Expr) -> pl.Expr:
    """``value`` without the noise of binary arithmetic: to 9 decimals (the noise of a
    difference: 532999.67 - 533025 is -25.32999999995809) and 15 significant digits (that
    of a large value: 8558768.87 * 100 is 855876886.99999999). Beyond 15 significant
    digits a value is cut there: no count or share of this field comes near."""
    return settled_digits(value.round(SETTLED))


def settled_digits(value: pl.Expr) -> pl.Expr:
    """``value`` to 15 significant digits, keeping every decimal a value read from a file
    has (4,9999999999) but not the noise of arithmetic (0.1 + 0.2 is 0.3)."""
    return value.round_sig_figs(SIGNIFICANT)


def scaled(value: pl.Expr, digits: int | pl.Expr, mode: Mode = "half_up") -> pl.Expr:
    """``value`` times 10 ** ``digits``, cut to a whole number by ``mode``: half up (away
    from zero at .5), half even, down (toward zero) or up (away from zero). The scaled
    value is settled (it keeps 9 decimals beyond the digits kept: a share to 6 decimals is
    still exact). The noise of a difference of large amounts grows beyond that once
    scaled: there ``round()`` in the formula first (see specs.md)."""
    settled_value = settled(value * _power(digits))
    if mode == "half_up":  # no sign test: Polars' mode treats -x as the mirror of x
        return settled_value.round(0, mode="half_away_from_zero")
    if mode == "half_even":
        return settled_value.round(0, mode="half_to_even")
    cut = settled_value.abs().floor() if mode == "down" else settled_value.abs().ceil()
    return pl.when(settled_value < 0).then(-cut).otherwise(cut)


def rounded(value: pl.Expr, digits: int | pl.Expr, mode: Mode = "half_up") -> pl.Expr:
    """``value`` rounded to ``digits`` decimals (an integer, or a column of them) by
    ``mode``; a null stays null."""
    cut = scaled(value.cast(pl.Float64), digits, mode) / _power(digits)
    if isinstance(digits, int):
        cut = cut.round(digits)  # the nearest float to the decimal (division may be 1 ulp off)
    return cut


def _power(digits: int | pl.Expr) -> pl.Expr | float:
    return 10.0**digits if isinstance(digits, int) else pl.lit(10.0).pow(digits)
