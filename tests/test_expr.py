from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from mayak.expr._compile import (
    MAX_EXPRESSION_LENGTH,
    CompileError,
    Name,
    compile_expression,
    names_used,
)
from mayak.expr._functions import FUNCTIONS

CATEGORIES = ("без категории", "первая", "высшая")
FRAME = pl.DataFrame({
    "experience": [3, 5, None, 12],
    "students": [0, 20, 10, None],
    "flag": [True, None, False, True],
    "category": ["первая", "высшая", None, "без категории"],
    "name": ["Иванова", "Петров", None, "Сидорова"],
    "start": ["2015-09-01", "2020-02-29", None, "2010-01-15"],
    "end": ["2023-08-31", "2023-02-28", "2023-01-01", "2023-01-15"],
}).with_columns(pl.col("category").cast(pl.Enum(list(CATEGORIES))),
                pl.col("start", "end").str.to_date())
SCOPE = {
    "experience": Name(pl.col("experience"), "number"),
    "students": Name(pl.col("students"), "number"),
    "flag": Name(pl.col("flag"), "boolean"),
    "category": Name(pl.col("category"), "string", CATEGORIES, True),
    "name": Name(pl.col("name"), "string"),
    "start": Name(pl.col("start"), "date"),
    "end": Name(pl.col("end"), "date"),
}


def run(text: str) -> list[Any]:
    typed = compile_expression(text, SCOPE, FUNCTIONS)
    return FRAME.select(typed.expr.alias("out"))["out"].to_list()


def error(text: str) -> CompileError:
    with pytest.raises(CompileError) as caught:
        compile_expression(text, SCOPE, FUNCTIONS)
    return caught.value


def test_division_by_zero_is_unknown_not_infinite() -> None:
    assert run("experience / students") == [None, 0.25, None, None]
    assert run("0 / students") == [None, 0.0, 0.0, None]


def test_counts_do_not_wrap_around() -> None:
    frame = pl.DataFrame({"x": [3]}, schema={"x": pl.UInt32})
    typed = compile_expression("x - 5", {"x": Name(pl.col("x").cast(pl.Int64), "number")},
                               FUNCTIONS)
    assert frame.select(typed.expr)["x"].to_list() == [-2]


def test_three_valued_logic() -> None:
    assert run("flag and experience >= 5") == [False, None, False, True]
    assert run("flag or experience >= 5") == [True, True, None, True]
    assert run("not flag") == [False, None, True, False]


def test_chained_comparison() -> None:
    assert run("3 <= experience < 12") == [True, True, None, False]


def test_if_with_unknown_condition_is_unknown() -> None:
    assert run("1 if flag else 0") == [1, None, 0, 1]


def test_membership_and_negative_literals() -> None:
    assert run("experience in [3, 12]") == [True, False, None, True]
    assert run("experience not in [-1, 3]") == [False, True, None, True]
    assert run("name in ['Петров']") == [False, True, None, False]


def test_ordered_category_compares_by_rank_not_alphabet() -> None:
    # alphabetically 'первая' > 'высшая'; by rank it is below
    assert run("category >= 'первая'") == [True, True, None, False]
    assert run("category == 'высшая'") == [False, True, None, False]
    assert run("category in ['высшая', 'первая']") == [True, True, None, False]


def test_functions() -> None:
    assert run("round(experience / 7, 2)") == [0.43, 0.71, None, 1.71]
    assert run("min(experience, students)") == [0, 5, None, None]
    assert run("coalesce(experience, 0)") == [3, 5, 0, 12]
    assert run("is_null(experience)") == [False, False, True, False]
    assert run("years_between(start, end)") == [7, 2, None, 13]
    assert run("year(end)") == [2023, 2023, 2023, 2023]


@pytest.mark.parametrize(("n", "word"), [
    (0, "методистов"), (1, "методист"), (2, "методиста"), (4, "методиста"), (5, "методистов"),
    (11, "методистов"), (12, "методистов"), (14, "методистов"), (21, "методист"),
    (22, "методиста"), (101, "методист"), (111, "методистов"), (1901, "методист"),
    (3210, "методистов"), (None, "методистов")])
def test_plural_follows_russian_grammar(n: int | None, word: str | None) -> None:
    frame = pl.DataFrame({"n": [n]}, schema={"n": pl.Int64})
    typed = compile_expression("plural(n, 'методист', 'методиста', 'методистов')",
                               {"n": Name(pl.col("n"), "number")}, FUNCTIONS)
    assert typed.kind == "string"
    assert frame.select(typed.expr.alias("out"))["out"].to_list() == [word]


def test_arithmetic_never_gives_nan_or_infinity() -> None:
    assert run("(experience - 8) ** 0.5 > 1") == [None, None, None, True]  # not NaN > 1
    assert run("students ** -1") == [None, 0.05, 0.1, None]  # 0 ** -1 is not infinite
    assert run("None in [1, 2]") == [None]  # a constant: one value


def test_round_is_half_away_from_zero() -> None:
    frame = pl.DataFrame({"x": [0.5, 1.5, 2.5, -2.5, 0.125]})
    typed = compile_expression("round(x, 0)", {"x": Name(pl.col("x"), "number")}, FUNCTIONS)
    assert frame.select(typed.expr)["x"].to_list() == [1.0, 2.0, 3.0, -3.0, 0.0]


@pytest.mark.parametrize(("text", "code"), [
    ("experience.__class__", "expr.attribute"),
    ("experience.map_elements(print)", "expr.attribute"),
    ("__builtins__", "expr.private_name"),
    ("_hidden + 1", "expr.private_name"),
    ("open('x')", "expr.unknown_function"),
    ("experiance + 1", "expr.unknown_name"),
    ("[1, 2][0]", "expr.construct"),
    ("lambda: 1", "expr.construct"),
    ("[x for x in [1]]", "expr.construct"),
    ("f'{experience}'", "expr.construct"),
    ("experience ** experience", "expr.power"),
    ("experience ** 100", "expr.power"),
    ("flag + 1", "expr.type"),
    ("experience and flag", "expr.type"),
    ("name < 'Я'", "expr.string_order"),
    ("category == 'высш'", "expr.unknown_category"),
    ("experience == 'пять'", "expr.compare_types"),
    ("experience in students", "expr.in_list"),
    ("None in [1, 'a']", "expr.compare_types"),
    ("experience in [1, 'a']", "expr.compare_types"),
    ("experience > 1000000000000000000000000000000000000000000", "expr.number_too_large"),
    ("round(experience, students)", "expr.round_digits"),
    ("max(experience)", "expr.arity"),
    ("round(x=1)", "expr.keywords"),
    ("experience +", "expr.syntax"),
    ("", "expr.empty"),
    ("1 if flag else 'a'", "expr.branch_types"),
    ("experience & 1", "expr.operator"),
])
def test_refused(text: str, code: str) -> None:
    assert error(text).code == code


def test_size_is_bounded() -> None:
    assert error("1 + " * (MAX_EXPRESSION_LENGTH // 4) + "1").code == "expr.too_long"
    assert error("+".join(["1"] * 400)).code == "expr.too_complex"


def test_suggestions_and_offsets() -> None:
    problem = error("flag and experiance >= 5")
    assert problem.params["hint"] == "experience"
    assert problem.offset == 9
    assert error("experience.__class__").offset == len("experience")


def test_names_used_ignores_function_names() -> None:
    assert names_used("round(A / Z * 100, 1) + other") == {"A", "Z", "other"}


def test_offsets_count_characters_not_bytes() -> None:
    # 'высшая' is 6 characters but 12 bytes in UTF-8
    names = {**SCOPE, "высшая_категория": Name(pl.lit(True), "boolean")}
    with pytest.raises(CompileError) as caught:
        compile_expression("высшая_категория and experiance > 1", names, FUNCTIONS)
    assert caught.value.offset == len("высшая_категория and ")


def test_bare_none_is_an_unknown_of_the_needed_kind() -> None:
    assert run("not None") == [None] * 4 or run("not None") == [None]
    assert set(run("1 if None else 2")) == {None}
    assert run("experience + None") in ([None] * 4, [None])


def test_years_between_is_unknown_when_the_end_comes_first() -> None:
    assert run("years_between(end, start)") == [None, None, None, None]
    assert run("years_between(end, end)") == [0, 0, 0, 0]
