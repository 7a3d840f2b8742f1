"""plural() with forms written as text (a lookup table) gives what it gives with forms
read from a column (the conditions on the last digits)."""

from __future__ import annotations

import math

import polars as pl
from mayak.expr._compile import Name
from mayak.expr._scope import compile_in

NUMBERS = [None, math.nan, math.inf, -math.inf, 0.0, -0.0, 0.5, 1e30, -1e30, 2.0**63,
           *[float(n) for n in range(-250, 250)], *[n + 0.7 for n in range(-250, 250)]]


def test_written_forms_as_from_a_column() -> None:
    frame = pl.DataFrame({"n": NUMBERS}, schema={"n": pl.Float64}).with_columns(
        one=pl.lit("год"))
    names = {"n": Name(pl.col("n"), "number"), "one": Name(pl.col("one"), "string")}
    table = compile_in("plural(n, 'год', 'года', 'лет')", names).expr
    conditions = compile_in("plural(n, one, 'года', 'лет')", names).expr
    got = frame.select(table.alias("table"), conditions.alias("conditions"))
    assert got["table"].to_list() == got["conditions"].to_list()
    assert got["table"].null_count() == 0
    assert frame.head(1).with_columns(n=pl.lit(21.0)).select(table).item() == "год"
