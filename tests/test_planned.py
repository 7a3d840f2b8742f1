from __future__ import annotations

import polars as pl
import pytest
from mayak.spec._planned import Planned, parse_planned


@pytest.mark.parametrize(("text", "expected"), [
    (">= 0.5", Planned(">=", 0.5)),
    ("не < 0,5 %", Planned(">=", 0.5)),
    ("не менее 0,5", Planned(">=", 0.5)),
    ("Не более 200", Planned("<=", 200)),
    ("<= 200", Planned("<=", 200)),
    ("не < 1", Planned(">=", 1)),
    ("> 3", Planned(">", 3)),
    ("менее 10", Planned("<", 10)),
    ("== 1", Planned("==", 1)),
    ("между 1 и 2", Planned("between", 1, 2)),
    ("от 5 до 3", Planned("between", 3, 5)),
    ("between 0.5 and 1", Planned("between", 0.5, 1)),
    ("от 1", Planned(">=", 1)),
    ("не менее 0,5.", Planned(">=", 0.5)),  # copied with the sentence's full stop
    ("не менее 1 000", Planned(">=", 1000)),
])
def test_planned_values_read_as_written(text: str, expected: Planned) -> None:
    assert parse_planned(text) == expected


@pytest.mark.parametrize("text", ["примерно 5", "", ">=", "5 или больше", "между 1"])
def test_unreadable_planned_values(text: str) -> None:
    assert parse_planned(text) is None


def test_met_is_unknown_for_unknown_values() -> None:
    frame = pl.DataFrame({"v": [0.4, 0.5, None]})
    result = frame.select(Planned(">=", 0.5).met(pl.col("v")))["v"].to_list()
    assert result == [False, True, None]
    between = frame.select(Planned("between", 0.45, 0.6).met(pl.col("v")))["v"].to_list()
    assert between == [False, True, None]


def test_describe_uses_decimal_comma() -> None:
    assert Planned(">=", 0.5).describe() == "≥ 0,5"
    assert Planned("between", 0.5, 1.5).describe("en") == "0.5 – 1.5"
    assert Planned(">=", 1_234_567).describe() == "≥ 1234567"  # never 1,23457e+06
    assert Planned("between", 1, 2).describe() == "1 – 2"


def test_thousands_separator_in_planned_values() -> None:
    assert parse_planned("не более 1 000") == Planned("<=", 1000)
