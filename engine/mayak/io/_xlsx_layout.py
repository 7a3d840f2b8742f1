"""The workbook without its data rows, laid out by xlsxwriter: title block, header row with
filter buttons, column widths, frozen panes, print setup, and every cell format the rows
will use (``mayak.io._xlsx_write`` streams the rows in afterwards)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import polars as pl
from msgspec import Struct

from mayak.files._provenance import generated_at
from mayak.io._xlsx_cells import Styles
from mayak.io._xlsx_formats import CellFormat, Status, properties, with_digits

MIN_WIDTH = 6  # characters
PIXELS_PER_CHARACTER = 7
LINE_POINTS = 15  # height of one line of text
HEADER = {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}
TITLE = {"bold": True, "font_size": 13}
A4 = 9  # xlsxwriter's paper code
MARGIN = 0.4  # inches, each side: the width goes to the table


class Layout(Struct, frozen=True):
    """What the streaming of a sheet's rows needs to know of its layout."""

    header_row: int  # 0-based: the rows above are the title block
    widths: Mapping[str, int]  # characters
    wrapped: frozenset[str]  # text columns whose long values wrap
    styles: Mapping[str, Styles]  # cell formats by column


class Plan(Struct, frozen=True):
    """A sheet to lay out: its name, columns and options (see ``Sheet``)."""

    name: str
    schema: pl.Schema  # the columns written
    formats: Mapping[str, CellFormat]
    title: tuple[str, ...]
    longest: Mapping[str, int]  # characters of the longest value shown, by column
    max_width: int
    table: bool  # a table with filter buttons on its header row
    collapsed: frozenset[str]  # columns hidden in a collapsed outline group


def created() -> datetime:
    """When the workbook was made: SOURCE_DATE_EPOCH when set (reproducible builds)."""
    return generated_at()


def header_row(title: tuple[str, ...]) -> int:
    """The row of the header: under the title block and an empty row, if there is a title."""
    return len(title) + 1 if title else 0


def widths(plan: Plan) -> dict[str, int]:
    """Readable widths: the longest value, or the longest word of the header (which wraps),
    within [MIN_WIDTH, the sheet's max_width]."""
    found = {}
    for name in plan.schema:
        word = max((len(w) for w in name.split()), default=0)
        found[name] = max(MIN_WIDTH, min(max(plan.longest[name], word) + 2, plan.max_width))
    return found


def _header_lines(names: Mapping[str, int]) -> int:
    """Lines the tallest header takes, wrapped at its column's width."""
    return max((len(textwrap.wrap(name, max(width - 1, 1)) or [""])
                for name, width in names.items()), default=1)


class _Formats:
    """The workbook's cell formats, one per distinct set of properties."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.made: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, found: dict[str, Any]) -> Any:
        key = tuple(sorted(found.items()))
        if key not in self.made:
            self.made[key] = self.workbook.add_format(found)
        return self.made[key]


class _ColumnFormats(Struct, frozen=True):
    """The xlsxwriter formats a column's cells may take."""

    plain: Any
    quoted: Any
    bold: Any
    bold_quoted: Any
    status: dict[str, tuple[Any, Any]]  # value → (plain, bold)
    digits_column: str | None = None
    by_digits: dict[int, tuple[Any, Any]] = {}  # decimals → (plain, bold)

    def all(self) -> list[Any]:
        return [self.plain, self.quoted, self.bold, self.bold_quoted,
                *[f for pair in self.status.values() for f in pair],
                *[f for pair in self.by_digits.values() for f in pair]]

    def styles(self) -> Styles:
        return Styles(self.plain.xf_index, self.quoted.xf_index, self.bold.xf_index,
                      self.bold_quoted.xf_index,
                      {v: (p.xf_index, b.xf_index) for v, (p, b) in self.status.items()},
                      self.digits_column,
                      {d: (p.xf_index, b.xf_index) for d, (p, b) in self.by_digits.items()})


def _column_formats(formats: _Formats, cell: CellFormat, wrap: bool) -> _ColumnFormats:
    def made(quoted: bool, bold: bool, fill: Status | None = None,
             shown: CellFormat = cell) -> Any:
        return formats.get(properties(shown, wrap=wrap, quoted=quoted, bold=bold, fill=fill))

    return _ColumnFormats(made(False, False), made(True, False), made(False, True),
                          made(True, True),
                          {v: (made(False, False, f), made(False, True, f))
                           for v, f in cell.statuses.items()},
                          cell.digits_column,
                          {d: (made(False, False, shown=with_digits(cell, d)),
                               made(False, True, shown=with_digits(cell, d)))
                           for d in cell.row_digits})


def skeleton(plans: list[Plan], properties: Mapping[str, str] | None = None
             ) -> tuple[io.BytesIO, list[Layout]]:
    """The workbook with title blocks, headers, formats and print setup but no data rows,
    and each sheet's layout."""
    import xlsxwriter  # noqa: PLC0415  (loaded when a workbook is written, not at start-up)

    buffer = io.BytesIO()
    by_sheet: list[tuple[Plan, dict[str, int], set[str], dict[str, _ColumnFormats]]] = []
    # Text from applications stays text: «=HYPERLINK(…)» must not become a formula.
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False,
                                      "strings_to_numbers": False}) as workbook:
        workbook.set_properties({"created": created(), **(properties or {})})
        formats = _Formats(workbook)
        header, title = workbook.add_format(HEADER), workbook.add_format(TITLE)
        for plan in plans:
            sheet, width = workbook.add_worksheet(plan.name), widths(plan)
            wrapped = {c for c, dtype in plan.schema.items()
                       if dtype == pl.String and plan.longest[c] + 2 > plan.max_width
                       and c not in plan.collapsed}
            cells = {c: _column_formats(formats, plan.formats[c], c in wrapped)
                     for c in plan.schema}
            by_sheet.append((plan, width, wrapped, cells))
            top = header_row(plan.title)
            for row, line in enumerate(plan.title):
                sheet.write_string(row, 0, line, title if row == 0 else None)
            _set_columns(sheet, plan, width)
            sheet.set_row(top, _header_lines(width) * LINE_POINTS)
            # Blank cells in the first data row only make the formats part of the workbook;
            # the rows streamed in later replace them.
            used = [f for found in cells.values() for f in found.all()]
            for column, cell_format in enumerate(dict.fromkeys(used)):
                sheet.write_blank(top + 1, column, None, cell_format)
            sheet.freeze_panes(top + 1, 0)
            last = max(len(plan.schema) - 1, 0)
            if plan.table:
                # A plain table: its header row has the filter buttons, and it writes the
                # header. It is laid over one row (xlsxwriter visits every cell of a
                # table's range) and stretched over all the rows when the sheet is streamed.
                sheet.add_table(top, 0, top + 1, last, {
                    "style": None, "autofilter": True,
                    "columns": [{"header": c, "header_format": header} for c in plan.schema]})
            else:
                sheet.write_row(top, 0, list(plan.schema), header)
            # Printed: landscape A4, one page wide, the header on every page.
            sheet.set_landscape()
            sheet.set_paper(A4)
            sheet.set_margins(left=MARGIN, right=MARGIN, top=MARGIN + 0.2,
                              bottom=MARGIN + 0.2)
            sheet.repeat_rows(top)
            sheet.fit_to_pages(1, 0)
            sheet.set_footer("&C&P / &N")
    buffer.seek(0)
    layouts = [Layout(header_row(plan.title), width, frozenset(wrapped),
                      {c: found.styles() for c, found in cells.items()})
               for plan, width, wrapped, cells in by_sheet]
    return buffer, layouts


def _set_columns(sheet: Any, plan: Plan, width: Mapping[str, int]) -> None:
    """Column widths; the collapsed columns hidden in outline groups, each group's button
    on the column after it."""
    names = list(plan.schema)
    for column, name in enumerate(names):
        hidden = name in plan.collapsed
        after = column > 0 and names[column - 1] in plan.collapsed and not hidden
        options = ({"level": 1, "hidden": True} if hidden else
                   {"collapsed": True} if after else {})
        sheet.set_column_pixels(column, column, width[name] * PIXELS_PER_CHARACTER, None,
                                options)
