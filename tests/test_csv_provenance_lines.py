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


def test_hash_lines_not_made_by_mayak_are_data() -> None:
    # Only the block that starts «# mayak » is Mayak's; another «#» line is the header.
    table = read_csv(("# note\n" + TABLE).encode(), "people.csv")
    assert table.headers == ("# note",)
