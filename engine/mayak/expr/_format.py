"""Values as people read them: decimal comma in Russian, да/нет, ДД.ММ.ГГГГ, «нет данных»."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from mayak.expr._compile import Kind
from mayak.expr._rounding import rounded, scaled, settled_digits
from mayak.messages._catalogue import Lang, text

PLAIN = r"^-?(0)\.0$|\.0$"  # what a whole number's float text loses: «3.0» is «3»
EXACT_UNITS = 2**53  # whole units of the last decimal a double still counts one by one


def _fixed(value: pl.Expr, digits: int, lang: Lang) -> pl.Expr:
    factor: int = 10**digits
    scaled_units = scaled(value, digits)  # half away from zero
    units = scaled_units.cast(pl.Int64, strict=False)
    whole_units = units.abs()
    whole = (whole_units // factor).cast(pl.String)
    # The sign of what is shown: -0,001 to one decimal is «0,0», not «-0,0».
    sign: pl.Expr = pl.when(units < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    shown = sign + whole
    if digits:
        fraction = (whole_units % factor).cast(pl.String).str.zfill(digits)
        shown = shown + pl.lit("," if lang == "ru" else ".") + fraction
    # From 2**53 units a double holds no such decimals (nor Int64 the units, from 2**63):
    # the value as it is, not made-up digits or «нет данных».
    return pl.when(scaled_units.abs() < EXACT_UNITS).then(shown).otherwise(
        _text(value.cast(pl.Float64), lang))


def _text(value: pl.Expr, lang: Lang) -> pl.Expr:
    """A float's own text without a trailing «.0» («-0.0» is «0»), in ``lang``'s way."""
    shown = value.cast(pl.String).str.replace(PLAIN, "$1")
    return shown.str.replace(".", ",", literal=True) if lang == "ru" else shown


def format_fixed(expr: pl.Expr, digits: int, lang: Lang) -> pl.Expr:
    """Exactly ``digits`` decimals (1,10), as an indicator rounded so is reported."""
    return _fixed(expr, digits, lang).fill_null(text("value.unknown", lang))


def format_number(expr: pl.Expr, lang: Lang, digits: Iterable[int | None] = (),
                  digits_column: str = "digits", *, exact: bool = False) -> pl.Expr:
    """Up to 2 decimals without trailing zeros; or, per row, the number of decimals in
    ``digits_column`` when ``digits`` lists the values it takes. ``exact``: every decimal
    the value has (the noise of binary arithmetic aside), for a value a decision was taken
    on: 4,9999 years is not «5»."""
    # The float's text: one read of the rounded value, where a test of whether it is
    # whole read it four times.
    shown = _text(settled_digits(expr.cast(pl.Float64)) if exact else rounded(expr, 2), lang)
    for places in sorted({d for d in digits if d is not None}, reverse=True):
        shown = pl.when(pl.col(digits_column) == places).then(_fixed(expr, places, lang)
                                                               ).otherwise(shown)
    return shown.fill_null(text("value.unknown", lang))


def format_value(expr: pl.Expr, kind: Kind, lang: Lang, *, exact: bool = False) -> pl.Expr:
    """Any value as text, unknown shown as «нет данных»; ``exact``: a number with every
    decimal it has (see ``format_number``)."""
    unknown = text("value.unknown", lang)
    if kind == "number":
        return format_number(expr, lang, exact=exact)
    shown: pl.Expr
    if kind == "boolean":
        shown = (pl.when(expr).then(pl.lit(text("value.yes", lang)))
                 .when(~expr).then(pl.lit(text("value.no", lang))))
    elif kind == "date":
        shown = expr.dt.strftime("%d.%m.%Y" if lang == "ru" else "%Y-%m-%d")
    else:
        shown = expr.cast(pl.String)
    return shown.fill_null(unknown)
