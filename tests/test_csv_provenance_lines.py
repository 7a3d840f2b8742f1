"""The «#» lines a Mayak CSV output starts with (its provenance): skipped when such a file
is read back as data, rows keeping their line numbers; a header that merely starts with
«#» is still the header."""

from __future__ import annotations

from mayak.files._provenance import PROVENANCE_MARK
from mayak.io._csv import read_csv

TABLE = "Идентификатор,Стаж\nP1,5\nP2,7\n"


def test_provenance_lines_are_skipped_and_rows_keep_their_numbers() -> None:
    above = [f"{PROVENANCE_MARK}1.0", "# generated: 1970-01-01T00:00:00Z",
             "# data: 0123  data/people.csv"]
    raw = ("\ufeff" + "\n".join(above) + "\n" + TABLE).encode("utf-8")
    table = read_csv(raw, "people.csv")
    assert table.headers == ("Идентификатор", "Стаж")
    # The header is on line len(above) + 1: the first row is the next line.
    assert table.frame.get_column("_row").to_list() == [len(above) + 2, len(above) + 3]
    assert not table.problems


def test_a_header_starting_with_a_hash_is_kept() -> None:
    table = read_csv("#,Имя\n1,Анна\n".encode(), "people.csv")
    assert table.headers == ("#", "Имя")
    assert table.frame.height == 1


def test_a_hash_header_under_the_provenance_lines_is_kept() -> None:
    # Re-saved from a spreadsheet, the header «#» (a row number) lost its quotes.
    raw = f"{PROVENANCE_MARK}1.0\n# generated: x\n#,Имя\n1,Анна\n".encode()
    table = read_csv(raw, "people.csv")
    assert table.headers == ("#", "Имя")
    assert table.frame.get_column("_row").to_list() == [4]


def test_hash_lines_not_made_by_mayak_are_data() -> None:
    # Only the block that starts «# mayak » is Mayak's; another «#» line is the header.
    table = read_csv(("# note\n" + TABLE).encode(), "people.csv")
    assert table.headers == ("# note",)


def test_a_file_name_puts_no_formula_in_a_cell_of_the_lines() -> None:
    # A spreadsheet splits the «#» lines at commas (semicolons in Russian Excel) too: a file
    # named «a,=HYPERLINK(…).csv» must not make a cell that starts a formula.
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415
    import re  # noqa: PLC0415
    from datetime import UTC, datetime  # noqa: PLC0415

    from mayak.files._provenance import FileHash, Provenance  # noqa: PLC0415
    from mayak.io._spreadsheet import FORMULA  # noqa: PLC0415
    from mayak.render._csv import provenance_comments  # noqa: PLC0415

    name = 'd/a,=HYPERLINK("x");@SUM(1)\t+1%.csv'
    lines = provenance_comments(Provenance("1.0", datetime(2024, 1, 1, tzinfo=UTC), "2023",
                                           None, (FileHash("data", name, "0" * 64),)))
    for delimiter in ",;\t":
        cells = [cell for row in csv.reader(io.StringIO(lines), delimiter=delimiter)
                 for cell in row]
        assert not [cell for cell in cells if re.match(FORMULA, cell)], delimiter
    shown = lines.splitlines()[-1].split("  ", 1)[1]
    # Written as in a URL, so the name reads back whole.
    from urllib.parse import unquote  # noqa: PLC0415
    assert unquote(shown) == name
