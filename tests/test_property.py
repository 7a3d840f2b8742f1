"""Property: the compiled Polars expression equals a plain row-by-row evaluation,
unknown values included, on generated frames and generated expressions."""

from __future__ import annotations

import math
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mayak.expr._compile import Name, compile_expression
from mayak.expr._functions import FUNCTIONS

from tests.reference import evaluate

NUMBERS = ["a", "b", "c"]
FLAGS = ["f", "g"]
SCOPE = {**{n: Name(pl.col(n), "number") for n in NUMBERS},
         **{n: Name(pl.col(n), "boolean") for n in FLAGS}}

small_ints = st.integers(min_value=-20, max_value=20)


NUMBER_LEAVES = st.one_of(st.sampled_from(NUMBERS), small_ints.map(str),
                         st.sampled_from(["0", "0.5", "2.25"]))


def conditions_over(number: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    comparison = st.tuples(number, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), number)
    chained = st.tuples(number, st.sampled_from(["<", "<="]), number,
                        st.sampled_from(["<", "<="]), number)
    leaves = st.one_of(
        st.sampled_from(FLAGS), st.sampled_from(["True", "False"]),
        comparison.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        chained.map(lambda t: f"({t[0]} {t[1]} {t[2]} {t[3]} {t[4]})"),
        st.tuples(number, st.lists(small_ints, min_size=1, max_size=3), st.booleans())
        .map(lambda t: f"({t[0]} {'not in' if t[2] else 'in'} {t[1]})"),
        number.map(lambda x: f"is_null({x})"),
    )
    return st.recursive(leaves, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda x: f"(not {x})"),
    ), max_leaves=4)


SIMPLE_CONDITIONS = conditions_over(NUMBER_LEAVES)


def _extend_numbers(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%"]), inner)
    return st.one_of(
        binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda x: f"(-{x})"),
        st.tuples(inner, st.integers(0, 3)).map(lambda t: f"({t[0]} ** {t[1]})"),
        st.tuples(st.sampled_from(["abs", "floor", "ceil"]), inner)
        .map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, st.integers(0, 2)).map(lambda t: f"round({t[0]}, {t[1]})"),
        st.tuples(st.sampled_from(["min", "max", "coalesce"]), inner, inner)
        .map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(SIMPLE_CONDITIONS, inner, inner)
        .map(lambda t: f"({t[1]} if {t[0]} else {t[2]})"),
    )


NUMBER_EXPRESSIONS = st.recursive(NUMBER_LEAVES, _extend_numbers, max_leaves=6)
CONDITIONS = conditions_over(NUMBER_EXPRESSIONS)

rows = st.lists(
    st.fixed_dictionaries({
        **{n: st.one_of(st.none(), small_ints) for n in NUMBERS},
        **{n: st.one_of(st.none(), st.booleans()) for n in FLAGS},
    }), min_size=1, max_size=12)


def frame_of(data: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {**{n: pl.Int64 for n in NUMBERS}, **{n: pl.Boolean for n in FLAGS}}
    return pl.DataFrame(data, schema=schema)


def same(got: Any, want: Any) -> bool:
    if got is None or want is None:
        return got is None and want is None
    if isinstance(want, bool) or isinstance(got, bool):
        return got == want
    return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-9)


def check(text: str, data: list[dict[str, Any]]) -> None:
    typed = compile_expression(text, SCOPE, FUNCTIONS)
    got = frame_of(data).select(typed.expr.alias("out"))["out"].to_list()
    if len(got) == 1 and len(data) > 1:  # a constant expression broadcasts
        got = got * len(data)
    want = [evaluate(text, row) for row in data]
    for index, (g, w) in enumerate(zip(got, want, strict=True)):
        assert same(g, w), f"{text!r} row {data[index]}: polars {g!r}, reference {w!r}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NUMBER_EXPRESSIONS, rows)
def test_numeric_expressions_match_reference(text: str, data: list[dict[str, Any]]) -> None:
    check(text, data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CONDITIONS, rows)
def test_conditions_match_reference(text: str, data: list[dict[str, Any]]) -> None:
    check(text, data)


HUGE_LEAVES = st.one_of(st.sampled_from(NUMBERS),
                        st.sampled_from(["2", "0.5", "1000000", "3", "0"]))


def _extend_huge(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//"]), inner)
    return st.one_of(
        binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda x: f"(-{x})"),
        st.tuples(inner, st.sampled_from([0, 2, 10, -1])).map(lambda t: f"({t[0]} ** {t[1]})"),
        st.tuples(st.sampled_from(["min", "max", "coalesce"]), inner, inner)
        .map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(inner, inner).map(lambda t: f"({t[0]} if {t[1]} > 0 else 1)"),
    )


HUGE_EXPRESSIONS = st.recursive(HUGE_LEAVES, _extend_huge, max_leaves=6)
huge_rows = st.lists(
    st.fixed_dictionaries({
        **{n: st.one_of(st.none(), st.sampled_from([0, 1e200, -1e200, 1e300, 3.5, -2]))
           for n in NUMBERS},
        **{n: st.one_of(st.none(), st.booleans()) for n in FLAGS},
    }), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HUGE_EXPRESSIONS, huge_rows)
def test_values_out_of_range_match_reference(text: str, data: list[dict[str, Any]]) -> None:
    frame = pl.DataFrame(data, schema={**{n: pl.Float64 for n in NUMBERS},
                                       **{n: pl.Boolean for n in FLAGS}})
    typed = compile_expression(text, SCOPE, FUNCTIONS)
    got = frame.select(typed.expr.alias("out"))["out"].to_list()
    if len(got) == 1 and len(data) > 1:
        got = got * len(data)
    for row, value in zip(data, got, strict=True):
        want = evaluate(text, row)
        assert value is None or math.isfinite(value), f"{text!r} {row}: {value!r}"
        assert same(value, want), f"{text!r} row {row}: polars {value!r}, reference {want!r}"
