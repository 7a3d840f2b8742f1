"""The functions an expression may call. Nothing outside this table is reachable."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import polars as pl

from mayak.expr._compile import CompileError, Kind, Typed
from mayak.expr._rounding import rounded
from mayak.messages._catalogue import kind_key


def _need(name: str, arg: Typed, *kinds: Kind) -> None:
    if arg.kind not in (*kinds, "null"):
        raise CompileError("expr.arg_type",
                           {"name": name, "expected": kind_key(" / ".join(kinds)),
                            "got": kind_key(arg.kind)})


def _number(name: str, build: Callable[[pl.Expr], pl.Expr]) -> Callable[[Typed], Typed]:
    def function(x: Typed) -> Typed:
        _need(name, x, "number")
        return Typed(build(x.expr), "number")
    return function


MAX_ROUND_DIGITS = 10


def _round(x: Typed, digits: Typed | None = None) -> Typed:
    _need("round", x, "number")
    places: Any = 0
    if digits is not None:
        literal = digits.kind == "number" and digits.expr.meta.is_literal()
        places = pl.select(digits.expr).item() if literal else None
        if (not isinstance(places, int) or isinstance(places, bool)
                or not 0 <= places <= MAX_ROUND_DIGITS):
            raise CompileError("expr.round_digits", {"limit": MAX_ROUND_DIGITS})
    # Half away from zero, as people round by hand (Polars defaults to half-to-even).
    return Typed(rounded(x.expr, places), "number")


def _extreme(name: str, pick: Callable[[pl.Expr], pl.Expr]) -> Callable[..., Typed]:
    def function(*args: Typed) -> Typed:
        if len(args) < 2:
            raise TypeError(name)
        for arg in args:
            _need(name, arg, "number")
        values = pl.concat_list([a.expr.cast(pl.Float64) for a in args])
        x = pl.element()
        # Unknown stays unknown: the minimum of 3 and an unknown value is not 3. The values
        # are listed once (min(min(…), …) must not copy its arguments).
        return Typed(values.list.eval(pl.when(x.null_count() == 0).then(pick(x)))
                     .list.first(), "number")
    return function


def _coalesce(*args: Typed) -> Typed:
    if not args:
        raise TypeError("coalesce")
    kinds = {a.kind for a in args} - {"null"}
    if len(kinds) > 1:
        raise CompileError("expr.arg_type", {"name": "coalesce",
                                             "expected": kind_key(kinds.pop()),
                                             "got": kind_key(kinds.pop())})
    return Typed(pl.coalesce([a.expr for a in args]), kinds.pop() if kinds else "null")


def _is_null(x: Typed) -> Typed:
    return Typed(x.expr.is_null(), "boolean")


def _years_between(start: Typed, end: Typed) -> Typed:
    """Whole years from ``start`` to ``end`` (a birthday not yet reached does not count).
    Unknown when ``end`` is before ``start``: a duration is never negative, and a slip in
    one of the dates must not read as "less than a year"."""
    _need("years_between", start, "date")
    _need("years_between", end, "date")
    s, e = start.expr, end.expr
    years = e.dt.year().cast(pl.Int64) - s.dt.year().cast(pl.Int64)
    before = (e.dt.month() < s.dt.month()) | (
        (e.dt.month() == s.dt.month()) & (e.dt.day() < s.dt.day()))
    return Typed(pl.when(e >= s).then(years - before.cast(pl.Int64)), "number")


def _year(d: Typed) -> Typed:
    _need("year", d, "date")
    return Typed(d.expr.dt.year().cast(pl.Int64), "number")


def _month(d: Typed) -> Typed:
    _need("month", d, "date")
    return Typed(d.expr.dt.month().cast(pl.Int64), "number")


def _quarter(d: Typed) -> Typed:
    _need("quarter", d, "date")
    return Typed(d.expr.dt.quarter().cast(pl.Int64), "number")


def _half(d: Typed) -> Typed:
    _need("half", d, "date")
    return Typed((d.expr.dt.month().cast(pl.Int64) + 5) // 6, "number")


DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")  # how a date is written in an expression


def _date(text: Typed) -> Typed:
    """A date written as text: date("01.09.2024") or date("2024-09-01"); only a literal,
    so that a slip in it is an error when the spec is checked, not unknown values."""
    written = _texts((text,))[0]
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(written or "", fmt).date()
        except ValueError:
            continue
        return Typed(pl.lit(day, dtype=pl.Date), "date")
    raise CompileError("expr.date_literal", {"value": written if written is not None else "…"})


def _plural(n: Typed, one: Typed, few: Typed, many: Typed) -> Typed:
    """The Russian form of a word after the number ``n``: plural(n, 'методист', 'методиста',
    'методистов') gives «методист» for 1, 21; «методиста» for 2..4, 22..24; else (unknown
    too) «методистов»."""
    _need("plural", n, "number")
    for form in (one, few, many):
        _need("plural", form, "string")
    whole = n.expr.cast(pl.Float64).abs().floor().cast(pl.Int64, strict=False)
    words = _texts((one, few, many))
    if all(word is not None for word in words):  # the forms as written: a table of 100
        table = pl.Series([words[_form(ending)] for ending in range(100)], dtype=pl.String)
        return Typed(pl.lit(table).gather(whole % 100).fill_null(words[2]), "string")
    last, last_two = whole % 10, whole % 100
    # An unknown number takes the "many" form: «нет данных лет» reads, a doubled
    # «нет данных нет данных» does not.
    return Typed(pl.when((last == 1) & (last_two != 11)).then(one.expr)
                 .when(last.is_between(2, 4) & ~last_two.is_between(12, 14)).then(few.expr)
                 .otherwise(many.expr), "string")


def _form(ending: int) -> int:
    """Which form (0: one, 1: few, 2: many) a number ending in ``ending`` (0..99) takes."""
    last = ending % 10
    if last == 1 and ending != 11:
        return 0
    return 1 if 2 <= last <= 4 and not 12 <= ending <= 14 else 2


def _texts(typed: tuple[Typed, ...]) -> list[str | None]:
    """The text of each text literal (else None), read in one Polars pass."""
    literals = {i: t.expr.alias(str(i)) for i, t in enumerate(typed)
                if t.kind == "string" and t.expr.meta.is_literal()}
    row = dict(zip(literals, pl.select(*literals.values()).row(0), strict=True)) if literals else {}
    return [value if isinstance(value := row.get(i), str) else None for i in range(len(typed))]


FUNCTIONS: Mapping[str, Callable[..., Typed]] = MappingProxyType({
    "abs": _number("abs", lambda e: e.cast(pl.Float64).abs()),
    "floor": _number("floor", lambda e: e.cast(pl.Float64).floor()),
    "ceil": _number("ceil", lambda e: e.cast(pl.Float64).ceil()),
    "round": _round,
    "min": _extreme("min", pl.Expr.min),
    "max": _extreme("max", pl.Expr.max),
    "coalesce": _coalesce,
    "is_null": _is_null,
    "years_between": _years_between,
    "year": _year,
    "half": _half,
    "quarter": _quarter,
    "month": _month,
    "date": _date,
    "plural": _plural,
})
