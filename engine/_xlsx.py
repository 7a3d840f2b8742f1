"""A formatted XLSX workbook of any size, written in bounded memory and at about the speed
of a CSV file.

xlsxwriter lays the workbook out: styles, column widths, the frozen and filtered header
row, print setup. It writes only the header of each sheet. The data rows are then made as
sheet XML by Polars expressions, a chunk of rows at a time, and streamed into the zip file
in their place: no Python runs per row or per cell, and only one chunk of XML is in memory.

A sheet has at most ``MAX_ROWS`` rows under its header (Excel's limit); longer tables go on
over further sheets, named «Кандидаты (2)», «Кандидаты (3)», ... each with the header.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl
import xlsxwriter
from mayak._spreadsheet import formula_like

MAX_ROWS = 1_048_575  # Excel: 1 048 576 rows, the header included
MAX_CHARS = 32_767  # Excel shows no more characters in a cell
CHUNK_ROWS = 20_000  # rows made into XML at a time: some 60 MB of text
ROW_NUMBER = "__mayak_row"  # not a name a column can have (no leading "_" in specs)
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters
PIXELS_PER_CHARACTER = 7
LINE_PIXELS = 20  # height of one line of text in a row
PRINTABLE_WIDTH = 200  # characters: scaled to a landscape A4 page, still legible
HEADER = {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}

# XML 1.0 cannot hold most control characters: Excel writes them as _xHHHH_, and a text
# that already reads like that is kept by escaping its underscore (_x005F).
_CONTROL = {chr(c): f"_x{c:04X}_" for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                              0xFFFE, 0xFFFF]}
_XML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", **_CONTROL}


@dataclass(frozen=True)
class Sheet:
    """A sheet to write. A lazy frame is computed a piece at a time as it is written (a
    large one need never be whole in memory); it is read twice: widths, then rows."""

    name: str
    frame: pl.LazyFrame | pl.DataFrame


def write_workbook(target: Path | BinaryIO, sheets: list[Sheet]) -> None:
    """Write ``sheets`` as one workbook to a path or a binary stream."""
    parts = []
    for sheet in sheets:
        frame = sheet.frame.lazy()
        height = frame.select(pl.len()).collect().item()
        for number, start in enumerate(range(0, max(height, 1), MAX_ROWS)):
            parts.append(_Part(_part_name(sheet.name, number), frame.slice(start, MAX_ROWS),
                               min(MAX_ROWS, height - start)))
    skeleton, layouts = _skeleton(parts)
    with zipfile.ZipFile(skeleton) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1,
                            allowZip64=True) as out:
        for info in source.infolist():
            layout = layouts.get(info.filename)
            if isinstance(layout, _Layout):
                _stream_sheet(out, info.filename, source.read(info).decode("utf-8"), layout)
            elif isinstance(layout, str):  # a table: its range ends at the last row
                table = source.read(info).decode("utf-8")
                out.writestr(info, re.sub(r'ref="A1:[A-Z]+2"', f'ref="A1:{layout}"', table))
            else:
                out.writestr(info, source.read(info))


def _part_name(name: str, number: int) -> str:
    return name if number == 0 else f"{name} ({number + 1})"


@dataclass(frozen=True)
class _Part:
    """A sheet of the workbook: a whole table, or the rows of a long one that fit."""

    name: str
    frame: pl.LazyFrame
    height: int


@dataclass(frozen=True)
class _Layout:
    part: _Part
    schema: pl.Schema
    widths: dict[str, int]  # characters
    styles: dict[str, tuple[int, int]]  # column: (style, style of a formula-like cell)
    too_long: frozenset[str]  # columns with a value longer than a cell can show


def _skeleton(parts: list[_Part]) -> tuple[io.BytesIO, dict[str, _Layout | str]]:
    """The workbook with headers, formats and print setup, but no data rows; and how to
    write the rows of each sheet and the last cell of each table (by file name in the zip)."""
    buffer = io.BytesIO()
    plain: dict[tuple[bool, bool], Any] = {}
    specs: list[tuple[_Part, pl.Schema, dict[str, int], dict[str, tuple[bool, bool]],
                      frozenset[str]]] = []
    # Text from applications stays text: «=HYPERLINK(…)» must not become a formula.
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False,
                                      "strings_to_numbers": False}) as workbook:
        header = workbook.add_format(HEADER)
        for wrap in (False, True):
            for quote in (False, True):
                plain[wrap, quote] = workbook.add_format(
                    {"valign": "top", "text_wrap": wrap, "quote_prefix": quote})
        for part in parts:
            sheet, schema = workbook.add_worksheet(part.name), part.frame.collect_schema()
            longest = _longest(part.frame, schema)
            widths = _widths(longest)
            wraps = {c: (w >= MAX_WIDTH, schema[c] == pl.String) for c, w in widths.items()}
            for column, name in enumerate(schema):
                sheet.set_column_pixels(column, column, widths[name] * PIXELS_PER_CHARACTER)
            # Blank cells in row 2 only make the formats part of the workbook; the rows
            # written later replace them.
            for column, style in enumerate(plain.values()):
                sheet.write_blank(1, column, None, style)
            sheet.freeze_panes(1, 0)
            # A plain table: its header row has the filter buttons. It writes the header.
            # It is laid over one row (xlsxwriter visits every cell of a table's range) and
            # stretched over all the rows when the sheet is streamed.
            sheet.add_table(0, 0, 1, len(schema) - 1, {
                "style": None, "autofilter": True,
                "columns": [{"header": c, "header_format": header} for c in schema]})
            # Printed: landscape A4 with the header on every page; a sheet narrow enough to
            # stay legible is scaled to one page wide.
            sheet.set_landscape()
            sheet.set_paper(9)
            sheet.repeat_rows(0)
            if sum(widths.values()) <= PRINTABLE_WIDTH:
                sheet.fit_to_pages(1, 0)
            too_long = frozenset(c for c, n in longest.items() if n > MAX_CHARS)
            specs.append((part, schema, widths, wraps, too_long))
    layouts: dict[str, _Layout | str] = {}
    for number, (part, schema, widths, wraps, too_long) in enumerate(specs, start=1):
        styles = {c: (plain[wrap, False].xf_index, plain[wrap, quotable].xf_index)
                  for c, (wrap, quotable) in wraps.items()}
        layouts[f"xl/worksheets/sheet{number}.xml"] = _Layout(part, schema, widths, styles,
                                                              too_long)
        layouts[f"xl/tables/table{number}.xml"] = _last_cell(len(schema), part.height)
    buffer.seek(0)
    return buffer, layouts


def _last_cell(width: int, height: int) -> str:
    """The bottom-right cell of a table with its header (at least one row under it)."""
    return f"{_letters(max(width, 1) - 1)}{max(height, 1) + 1}"


def _longest(frame: pl.LazyFrame, schema: pl.Schema) -> dict[str, int]:
    """The number of characters of the longest value of each column."""
    longest = frame.select(pl.col(c).cast(pl.String).str.len_chars().max().alias(c)
                           for c in schema).collect(engine="streaming").row(0)
    return {c: n or 0 for c, n in zip(schema, longest, strict=True)}


def _widths(longest: dict[str, int]) -> dict[str, int]:
    """Readable widths: the longest value or header, within [MIN_WIDTH, MAX_WIDTH]."""
    return {c: max(MIN_WIDTH, min(max(n, len(c)) + 2, MAX_WIDTH)) for c, n in longest.items()}


_SHEET_DATA = re.compile(r"<sheetData>(<row [^>]*>.*?</row>).*?</sheetData>", re.DOTALL)


def _stream_sheet(out: zipfile.ZipFile, name: str, skeleton: str, layout: _Layout) -> None:
    """The sheet as xlsxwriter laid it out, its data rows streamed in chunk by chunk."""
    found = _SHEET_DATA.search(skeleton)
    if found is None:  # xlsxwriter always writes the header row
        raise ValueError(f"no header row in {name}")
    last = _last_cell(len(layout.schema), layout.part.height)
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>',
                  skeleton[:found.start()], count=1)
    with out.open(name, "w", force_zip64=True) as stream:
        stream.write(f"{head}<sheetData>{found.group(1)}\n".encode())
        rows = _row_xml(layout)

        def make(start: int) -> pl.DataFrame:
            return (layout.part.frame.slice(start, CHUNK_ROWS)
                    .with_row_index(ROW_NUMBER, offset=start + 2)
                    .with_columns(pl.col(ROW_NUMBER).cast(pl.String))
                    .select(rows).collect())

        # The next chunk is made (by Polars, on all cores) while this one is compressed;
        # no more than two are in memory.
        starts = iter(range(0, layout.part.height, CHUNK_ROWS))
        with ThreadPoolExecutor(max_workers=1) as maker:
            coming = [maker.submit(make, start) for start in itertools.islice(starts, 1)]
            while coming:
                chunk = coming.pop().result()
                coming = [maker.submit(make, start) for start in itertools.islice(starts, 1)]
                # One <row> element per line: the CSV writer is Polars' fastest way out.
                chunk.write_csv(stream, include_header=False, quote_style="never")
        stream.write(f"</sheetData>{skeleton[found.end():]}".encode())


def _letters(column: int) -> str:
    """Column letters: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _row_xml(layout: _Layout) -> pl.Expr:
    """One ``<row>`` element per row; the row number is in ``ROW_NUMBER`` (as text)."""
    number = pl.col(ROW_NUMBER)
    cells = []
    for column, (name, dtype) in enumerate(layout.schema.items()):
        style, quoted_style = layout.styles[name]
        value = pl.col(name)
        start = pl.lit(f'<c r="{_letters(column)}')
        if dtype == pl.String:
            shown = value.str.slice(0, MAX_CHARS) if name in layout.too_long else value
            marked = pl.when(formula_like(shown)).then(pl.lit(str(quoted_style)))
            cells.append(pl.concat_str(
                start, number, pl.lit('" s="'), marked.otherwise(pl.lit(str(style))),
                pl.lit('" t="inlineStr"><is><t xml:space="preserve">'), _escaped(shown),
                pl.lit("</t></is></c>")))
        elif dtype.is_numeric():
            # NaN and infinity are no numbers to a spreadsheet: left empty.
            shown = (pl.when(value.is_finite()).then(value) if dtype.is_float()
                     else value).cast(pl.String)
            cells.append(pl.concat_str(start, number, pl.lit(f'" s="{style}"><v>'), shown,
                                       pl.lit("</v></c>")))
        else:
            shown = value.cast(pl.String).str.slice(0, MAX_CHARS)
            cells.append(pl.concat_str(
                start, number, pl.lit(f'" s="{style}" t="inlineStr"><is><t xml:space="preserve">'),
                _escaped(shown), pl.lit("</t></is></c>")))
    return pl.concat_str(pl.lit('<row r="'), number, pl.lit('"'), _height(layout), pl.lit(">"),
                         pl.concat_str(cells, ignore_nulls=True), pl.lit("</row>"))


def _escaped(cell: pl.Expr) -> pl.Expr:
    # Most cells need nothing: a quick search spares them the replacements.
    needed = cell.str.contains_any([*_XML, "_x"])
    escaped = (cell.str.replace_all(r"_(x[0-9A-Fa-f]{4}_)", "_x005F_$1")
               .str.replace_many(_XML))
    return pl.when(needed).then(escaped).otherwise(cell)


def _height(layout: _Layout) -> pl.Expr:
    """A taller row where wrapped text needs more than one line: spreadsheet programs do
    not all grow such rows by themselves. A line holds a little less than the column's
    width in characters, because words wrap whole."""
    wrapped = {c: w for c, w in layout.widths.items() if w >= MAX_WIDTH}
    if not wrapped:
        return pl.lit("")
    lines = pl.max_horizontal(
        (pl.col(c).cast(pl.String).str.len_chars() / max(w - 4, 1)).ceil().fill_null(1)
        for c, w in wrapped.items()).cast(pl.Int64)
    return (pl.when(lines > 1)
            .then(pl.format(' ht="{}" customHeight="1"', lines * LINE_PIXELS * 3 // 4))
            .otherwise(pl.lit("")))
