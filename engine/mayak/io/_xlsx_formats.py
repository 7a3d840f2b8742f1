"""How the cells of a workbook column look: the number format, and fills for statuses.

Number formats are stored in the workbook in Excel's en-US syntax (``#,##0.0``); the
spreadsheet program shows them with the reader's own separators, so a Russian Excel or
LibreOffice shows «1 234,5».

A percentage is stored as the number the report shows (12.5 for 12,5 %), with a format
that adds « %»: the cell holds the same value as the JSON and CSV outputs and as the
planned values in the specs («не менее 5 %» compares with 5), and Excel sorts and sums it
as a number. (Excel's own percent format would need the fraction 0.125 in the cell.)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

import polars as pl
from msgspec import Struct, field
from msgspec.structs import replace

from mayak._frozen import Frozen

FormatKind = Literal["text", "integer", "number", "percent", "date", "datetime", "status",
                     "general"]
Status = Literal["good", "bad", "unknown"]

# Excel's own «Хороший», «Плохой» and «Нейтральный» cell styles: fill and font colours.
FILLS: Mapping[Status, tuple[str, str]] = MappingProxyType({
    "good": ("#C6EFCE", "#006100"), "bad": ("#FFC7CE", "#9C0006"),
    "unknown": ("#FFEB9C", "#9C5700")})


class CellFormat(Struct, frozen=True):
    """How one column's cells are written and shown. Build it with the functions below
    (``number(1)``, ``status({...})``, ...) rather than by hand."""

    kind: FormatKind = "general"
    digits: int = 0  # decimals shown, for "number" and "percent"
    pattern: str = "dd.mm.yyyy"  # the date format, for "date" and "datetime"
    statuses: Mapping[str, Status] = field(default_factory=Frozen)
    signed: bool = False  # a positive number shown with its «+» (a change)
    # Numbers whose rows differ in decimals: the frame column (not written) holding each
    # row's, and the values it takes; a row without is shown by this format.
    digits_column: str | None = None
    row_digits: tuple[int, ...] = ()

    @property
    def num_format(self) -> str | None:
        """The Excel number format code (en-US syntax), or None for none."""
        decimals = "." + "0" * self.digits if self.digits > 0 else ""
        number = f"#,##0{decimals}"
        if self.signed:  # positive; negative; zero
            number = f"+{number};-{number};{number}"
        if self.kind == "general" and self.signed:
            return "+General;-General;General"
        return {"integer": "#,##0", "number": number,
                "percent": f'#,##0{decimals}" %"', "date": self.pattern,
                "datetime": f"{self.pattern} hh:mm"}.get(self.kind)


def text() -> CellFormat:
    """Text, kept as typed (never read as a number or a formula)."""
    return CellFormat("text")


def integer() -> CellFormat:
    """A whole number with thousands grouped: 1 234."""
    return CellFormat("integer")


def number(digits: int, *, signed: bool = False) -> CellFormat:
    """A number shown with ``digits`` decimals: 1 234,5 (``signed``: +1 234,5)."""
    return CellFormat("number", digits=max(digits, 0), signed=signed)


def per_row(cell: CellFormat, column: str, digits: tuple[int, ...]) -> CellFormat:
    """``cell``, but a row shows the decimals given in the frame column ``column`` (one of
    ``digits``) where it has some."""
    return replace(cell, digits_column=column, row_digits=digits)


def with_digits(cell: CellFormat, digits: int) -> CellFormat:
    """``cell`` showing exactly ``digits`` decimals (a number as computed becomes fixed)."""
    return replace(cell, kind="number" if cell.kind == "general" else cell.kind,
                   digits=max(digits, 0), digits_column=None, row_digits=())


def percent(digits: int = 1) -> CellFormat:
    """A percentage stored as 0–100 (12.5) and shown as «12,5 %»."""
    return CellFormat("percent", digits=max(digits, 0))


def date(pattern: str = "dd.mm.yyyy") -> CellFormat:
    """A date (a Polars Date column), stored as an Excel date."""
    return CellFormat("date", pattern=pattern)


def status(statuses: Mapping[str, Status]) -> CellFormat:
    """Text filled green, red or yellow by its value: ``{"да": "good", "нет": "bad",
    "нет данных": "unknown"}``; other values are not filled."""
    return CellFormat("status", statuses=Frozen(statuses))


def default_format(dtype: pl.DataType) -> CellFormat:
    """The format of a column given none: by its type."""
    if dtype == pl.Date:
        return date()
    if isinstance(dtype, pl.Datetime):
        return CellFormat("datetime")
    if dtype.is_integer():
        return integer()
    return CellFormat("general")


def properties(cell: CellFormat, *, wrap: bool, quoted: bool, bold: bool,
               fill: Status | None) -> dict[str, Any]:
    """The xlsxwriter format properties of a cell."""
    found: dict[str, Any] = {"valign": "top", "text_wrap": wrap, "quote_prefix": quoted,
                             "bold": bold}
    if cell.num_format is not None:
        found["num_format"] = cell.num_format
    if fill is not None:
        found["bg_color"], found["font_color"] = FILLS[fill]
    return found
