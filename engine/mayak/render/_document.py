"""A report as a document: titled parts holding typed tables, charts and lines of text,
which each output format (XLSX, DOCX, HTML) draws in its own way.

Tables keep their values typed (numbers stay numbers, percentages are numbers from 0 to 100
with the kind ``percent``, statuses are codes); the formats decide how to show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import polars as pl
from msgspec import Struct, field
from msgspec.structs import force_setattr

from mayak._frozen import Frozen
from mayak.messages._catalogue import Lang

ColumnKind = Literal["text", "integer", "number", "percent", "date", "status"]
ChartKind = Literal["bars", "dynamics", "classes"]
Tone = Literal["good", "bad", "unknown", "neutral"]

# How each status reads at a glance (fills, colours): the report's and the screening's.
TONES: Mapping[str, Tone] = MappingProxyType({
    "met": "good", "not_met": "bad", "no_data": "unknown", "no_target": "neutral",
    "scored": "neutral", "not_submitted": "unknown"})


class Column(Struct, frozen=True):
    """A column of a table: its name in the frame, its heading, what its values are, the
    decimals shown (None: as computed), the heading it is grouped under, if any, and
    whether a positive number shows its sign (a change: «+1,7»).

    ``digits_column`` names a column of the frame (not shown) holding each row's decimals,
    for numbers whose rows differ in them (the indicator form: each indicator rounds its
    own way); a row without any there is shown as computed, and ``digits`` is not used."""

    name: str
    title: str
    kind: ColumnKind = "text"
    digits: int | None = None
    group: str | None = None
    signed: bool = False
    digits_column: str | None = None


def row_digits(frame: pl.DataFrame, column: Column) -> tuple[int, ...]:
    """The decimals the rows of ``column`` are shown with, each once; none when the column
    has one number of decimals for every row."""
    if column.digits_column is None or column.digits_column not in frame.columns:
        return ()
    found = frame.get_column(column.digits_column).drop_nulls().unique().sort()
    return tuple(int(d) for d in found.to_list())


class Table(Struct, frozen=True):
    """Typed rows to draw: ``columns`` in order; rows where ``bold`` (a boolean column,
    not shown) is true are drawn bold; ``notes`` are lines under the table. ``key`` tells
    the table from the others of its part, as (heading, value): («Период», «2023 г.»); a
    workbook puts a part's tables on one sheet, this the first column."""

    frame: pl.DataFrame
    columns: tuple[Column, ...]
    title: str | None = None
    notes: tuple[str, ...] = ()
    bold: str | None = None
    key: tuple[str, str] | None = None


class Chart(Struct, frozen=True):
    """A chart's data.

    ``bars``: label, value, target (nullable), status — a bar per unit with the target line;
    ``dynamics``: label, period (its label), value — a unit's values in the compared periods;
    ``classes``: class, period (its label), units — how many units each class has.
    """

    kind: ChartKind
    title: str
    frame: pl.DataFrame
    unit: str = ""  # the values' unit as shown ("%", "б.")


class Lines(Struct, frozen=True):
    """Numbered lines under a heading (recommendations to one audience, or one class)."""

    heading: str
    items: tuple[str, ...]
    depth: int = 0  # 0: an audience; 1: a class within it


class Part(Struct, frozen=True):
    """One section of the report. ``empty``: it has nothing to show for this data, and says
    «нет данных» instead of vanishing."""

    type: str
    title: str
    text: str | None = None
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    lines: tuple[Lines, ...] = ()
    empty: bool = False


class Document(Struct, frozen=True):
    """A whole report: the title block, the parts in order, the remarks (warnings and
    input problems) and the provenance rows (label, value)."""

    title: str
    lang: Lang
    parts: tuple[Part, ...]
    region: str | None = None
    author: str | None = None
    period: str | None = None  # the reporting period as shown, and the one compared with
    made: str = ""  # the date the report was made, as shown
    basis: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()
    provenance: tuple[tuple[str, str], ...] = ()
    statuses: Mapping[str, str] = field(default_factory=dict)  # status code -> as shown

    def __post_init__(self) -> None:
        force_setattr(self, "statuses", Frozen(self.statuses))
