"""A table too wide for the terminal is drawn in parts that each fit, repeating the first
column; nothing is dropped."""

from __future__ import annotations

import polars as pl
import pytest
from mayak.render import Terminal
from mayak.render._terminal import draw


def _frame(columns: int) -> pl.DataFrame:
    return pl.DataFrame({"Единица": ["Калининград", "Зеленоградский МО"],
                         **{f"Раздел{n:02}": [f"значение{n}а", f"значение{n}б"]
                            for n in range(columns)}})


@pytest.mark.parametrize("width", [40, 60, 100])
def test_each_part_fits_and_repeats_the_first_column(width: int) -> None:
    frame = _frame(12)
    drawn = draw(frame, Terminal(width=width))
    assert max(len(line) for line in drawn.split("\n")) <= width
    parts = drawn.split("\n\n")
    assert len(parts) > 1
    for part in parts:
        assert "Единица" in part and "Калининград" in part
    for name in frame.columns[1:]:
        cells = frame.get_column(name).to_list()
        holding = [p for p in parts if name in p]
        assert len(holding) == 1 and all(c in holding[0] for c in cells)


def test_a_table_that_fits_is_one_part() -> None:
    assert "\n\n" not in draw(_frame(2), Terminal(width=100))
