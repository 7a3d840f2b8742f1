"""A data file as read, before its headers are matched: shared by the CSV, XLSX and Parquet
readers."""

from __future__ import annotations

import polars as pl
from msgspec import Struct, field

from mayak.io._coerce import ROW
from mayak.messages._catalogue import Key
from mayak.messages._problems import DataError, Location, Problem

# The first bytes of the file formats people confuse by renaming files.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted (password) workbooks and old .xls files
ZIP = b"PK\x03\x04"
PARQUET = b"PAR1"
LISTED = 50  # row-level faults (ragged rows, formula cells) named one by one; the rest counted
# A cell the reader could not use: row, positional column (null: the whole row), the
# message code (null: already reported) and the cell as written.
BROKEN_SCHEMA = {ROW: pl.Int64, "column": pl.String, "code": pl.String, "value": pl.String}


def position(index: int) -> str:
    """The internal name of the column at ``index`` (headers may repeat or be blank)."""
    return f"_c{index}"


def library_detail(exc: Exception) -> str:
    """The reading library's own words, shown in brackets after the Russian sentence."""
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return f" ({first})" if first else ""


def unreadable(format_: str, reason: str, label: str, exc: Exception | None = None
               ) -> DataError:
    """The whole file cannot be read: why in words, then the library's own detail."""
    return DataError([Problem("data.unreadable",
                              {"format": format_, "reason": Key(f"data.why.{reason}"),
                               "detail": "" if exc is None else library_detail(exc)},
                              Location(label))])


def index_of(name: str) -> int:
    """The position of a raw column named ``_c<N>``."""
    return int(name.removeprefix("_c"))


def no_broken() -> pl.DataFrame:
    """An empty table of broken rows."""
    return pl.DataFrame(schema=BROKEN_SCHEMA)


class RawTable(Struct, frozen=True):
    """Cells as text (typed for Parquet) in columns ``position(i)``, with ``_row``, the row
    number as people see it; ``headers[i]`` is the header as written ("" when blank)."""

    frame: pl.DataFrame
    headers: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    broken: pl.DataFrame = field(default_factory=no_broken)  # already null in ``frame``
    letters: tuple[str, ...] = ()  # XLSX: the column letter of each header

    def place(self, index: int) -> str:
        """How a person finds the column at ``index``: its letter in a sheet, else its number."""
        return self.letters[index] if index < len(self.letters) else f"№ {index + 1}"
