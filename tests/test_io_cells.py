"""Cell references without xlsxwriter: the same letters and positions as its utilities."""

from __future__ import annotations

from mayak.io._spreadsheet import cell_position, column_name
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name


def test_column_names_are_xlsxwriters() -> None:
    for index in range(20_000):
        assert column_name(index) == xl_col_to_name(index)


def test_cell_positions_are_xlsxwriters() -> None:
    for index in [*range(0, 16_384, 7), 16_383]:  # XFD, the last column of a sheet
        for row in (1, 9, 10, 1_048_576):
            ref = f"{xl_col_to_name(index)}{row}"
            assert cell_position(ref) == xl_cell_to_rowcol(ref)
    assert cell_position("") == (0, 0)
