"""Rounding is of the decimal value, as people round by hand: 23 / 80 * 100 is
28.749999999999996 in binary, and 28,75 rounds to 28,8. The reference is exact rational
arithmetic (``fractions``), never a float."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import mayak
import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st
from mayak.expr._format import format_fixed, format_number
from mayak.expr._rounding import Mode, rounded

Write = Callable[[str, str], Path]
MODES: tuple[Mode, ...] = ("half_up", "half_even", "down", "up")


def _exact(value: Fraction, digits: int, mode: Mode) -> Fraction:
    """``value`` rounded to ``digits`` decimals, exactly."""
    scaled = abs(value) * 10**digits
    whole, part = divmod(scaled, 1)
    if mode == "down":
        cut = whole
    elif mode == "up":
        cut = whole + (part > 0)
    elif mode == "half_even":
        cut = whole + (part > Fraction(1, 2) or (part == Fraction(1, 2) and whole % 2 == 1))
    else:
        cut = whole + (part >= Fraction(1, 2))
    return (-1 if value < 0 else 1) * Fraction(cut, 10**digits)


@given(numerators=st.lists(st.integers(-10**6, 10**6), min_size=1, max_size=30),
       denominator=st.integers(1, 10**6), digits=st.integers(0, 3),
       mode=st.sampled_from(MODES))
def test_a_share_in_percent_rounds_as_its_exact_value(numerators: list[int], denominator: int,
                                                      digits: int, mode: Mode) -> None:
    frame = pl.DataFrame({"a": numerators}).with_columns(
        (pl.col("a") / denominator * 100).alias("share"))
    got = frame.select(rounded(pl.col("share"), digits, mode))["share"].to_list()
    expected = [float(_exact(Fraction(a * 100, denominator), digits, mode))
                for a in numerators]
    assert got == expected


@given(mantissa=st.integers(-10**13, 10**13), places=st.integers(0, 6),
       digits=st.integers(0, 4), mode=st.sampled_from(MODES))
@example(mantissa=855876887, places=2, digits=2, mode="down")  # 8558768.87 * 100: .99999999
@example(mantissa=8303416500, places=5, digits=2, mode="half_up")  # 83034.165
@example(mantissa=10000000002, places=0, digits=0, mode="down")
def test_a_decimal_of_up_to_15_digits_rounds_exactly_whatever_its_size(
        mantissa: int, places: int, digits: int, mode: Mode) -> None:
    written = Fraction(mantissa, 10**places)  # as a file writes it: 8558768.87
    value = float(written)
    got = pl.DataFrame({"v": [value]}).select(rounded(pl.col("v"), digits, mode)).item()
    assert got == float(_exact(Fraction(repr(value)), digits, mode))


def _written(value: Fraction, lang: str, digits: int = 2, *, fixed: bool = False) -> str:
    """``value`` (``digits`` decimals at most) as a text shows it: ``fixed`` with every
    decimal, else without trailing zeros; never «-0»."""
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value) * 10**digits, 10**digits)
    decimals = f"{int(part):0{digits}d}" if digits else ""
    decimals = decimals if fixed else decimals.rstrip("0")
    return sign + str(int(whole)) + (("," if lang == "ru" else ".") + decimals if decimals
                                     else "")


@given(numerators=st.lists(st.integers(-10**7, 10**7) | st.none(), min_size=1, max_size=30),
       denominator=st.integers(1, 10**6), lang=st.sampled_from(["ru", "en"]))
@example(numerators=[-1, 0, 1, -10**7, None], denominator=10**6, lang="ru")  # -0,0001 is «0»
def test_a_number_in_a_text_shows_its_exact_value_to_two_decimals(
        numerators: list[int | None], denominator: int, lang: str) -> None:
    frame = pl.DataFrame({"a": numerators}, schema={"a": pl.Int64}).with_columns(
        (pl.col("a") / denominator * 100).alias("share"))
    got = frame.select(format_number(pl.col("share"), lang))["share"].to_list()  # type: ignore[arg-type]
    unknown = "нет данных" if lang == "ru" else "no data"
    expected = [unknown if a is None
                else _written(_exact(Fraction(a * 100, denominator), 2, "half_up"), lang)
                for a in numerators]
    assert got == expected


@given(numerators=st.lists(st.integers(-10**7, 10**7), min_size=1, max_size=30),
       denominator=st.integers(1, 10**6), digits=st.integers(0, 3),
       lang=st.sampled_from(["ru", "en"]))
@example(numerators=[-1, 0, 1], denominator=10**6, digits=1, lang="ru")  # -0,0001 is «0,0»
def test_a_number_with_fixed_decimals_shows_its_exact_value(
        numerators: list[int], denominator: int, digits: int, lang: str) -> None:
    frame = pl.DataFrame({"a": numerators}).with_columns(
        (pl.col("a") / denominator * 100).alias("share"))
    got = frame.select(format_fixed(pl.col("share"), digits, lang).alias("shown")  # type: ignore[arg-type]
                      )["shown"].to_list()
    expected = [_written(_exact(Fraction(a * 100, denominator), digits, "half_up"), lang,
                         digits, fixed=True) for a in numerators]
    assert got == expected


def test_an_indicator_at_a_half_meets_the_target_it_rounds_to(write: Write,
                                                               tmp_path: Path) -> None:
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {ok: {type: boolean}}\n")
    write("share.yaml", """
        kind: indicator
        id: share
        title: Доля
        unit: percent
        variables: {A: {count: d, where: ok}, Z: {count: d}}
        formula: A / Z * 100
        rounding: 1
    """)
    write("t.yaml", "kind: targets\nid: t\ntitle: T\ntargets:\n  share: не менее 28,8\n")
    frame = pl.DataFrame({"ok": [True] * 23 + [False] * 57})
    result = mayak.load(tmp_path).evaluate({"d": frame})
    row = result.indicators.row(0, named=True)
    assert row["raw"] != 28.75  # binary arithmetic: 28.749999999999996
    assert row["value"] == float(_exact(Fraction(23 * 100, 80), 1, "half_up")) == 28.8
    assert row["status"] == "met"


def test_the_round_function_rounds_the_decimal_written(write: Write, tmp_path: Path) -> None:
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {x: {type: number}}\n")
    write("r.yaml", """
        kind: indicator
        id: r
        title: R
        unit: number
        variables: {S: {sum: d, of: x}}
        formula: round(S, 2)
    """)
    result = mayak.load(tmp_path).evaluate({"d": pl.DataFrame({"x": [1.005, -2.675]})})
    assert result.value("r") == float(_exact(Fraction("1.005") + Fraction("-2.675"), 2,
                                             "half_up"))


def test_a_number_too_large_for_its_decimals_is_shown_as_it_is() -> None:
    # 1e9 to ten decimals is 1e19 units: more than a double counts one by one, or Int64.
    frame = pl.DataFrame({"v": [1e9, 99999999999.995, 12.5]})
    shown = frame.select(format_fixed(pl.col("v"), 10, "ru").alias("s"))["s"].to_list()
    assert shown == ["1000000000", "99999999999,995", "12,5000000000"]
    exact = frame.select(format_number(pl.col("v"), "ru", exact=True).alias("s"))["s"]
    assert exact.to_list() == ["1000000000", "99999999999,995", "12,5"]
