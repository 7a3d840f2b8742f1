"""A formatted XLSX workbook of any size, written in bounded memory.

xlsxwriter lays the workbook out: styles, column widths, the frozen header row with its
filter buttons (a table), print setup. It writes only the header of each sheet: writing a
cell costs xlsxwriter some microseconds of Python, minutes for a million rows. The data
rows are made as sheet XML by Polars expressions (``mayak.io._xlsx_cells``), a chunk of rows at
a time, and streamed into the zip file in their place; only two chunks are in memory.

A sheet has at most ``MAX_ROWS`` rows under its header (Excel's limit); longer tables go on
over further sheets, named «Кандидаты (2)», «Кандидаты (3)», ... each with the header.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from mayak.io._spreadsheet import column_name
from mayak.io._xlsx_cells import MAX_CHARS, ROW_NUMBER, Column, row_xml, shared_items

MAX_ROWS = 1_048_575  # Excel: 1 048 576 rows, the header included
CHUNK_ROWS = 20_000  # rows made into XML at a time: some 50 MB of text
SHARED_LIMIT = 20_000  # text columns with at most this many distinct values share them
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters
PIXELS_PER_CHARACTER = 7
PRINTABLE_WIDTH = 200  # characters: scaled to a landscape A4 page, still legible
HEADER = {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}
STRINGS = "xl/sharedStrings.xml"


@dataclass(frozen=True)
class Sheet:
    """A sheet to write. A lazy frame is computed a piece at a time as it is written (a
    large one need never be whole in memory); it is read more than once."""

    name: str
    frame: pl.LazyFrame | pl.DataFrame


@dataclass(frozen=True)
class _Part:
    """A sheet of the workbook: a whole table, or the rows of a long one that fit."""

    name: str
    frame: pl.LazyFrame
    height: int
    schema: pl.Schema


@dataclass(frozen=True)
class _Stats:
    longest: dict[str, int]  # characters of the longest value
    distinct: dict[str, int]  # about how many distinct values (text columns)
    filled: dict[str, int]  # how many values are not empty (text columns)


def write_workbook(target: Path | BinaryIO, sheets: list[Sheet]) -> None:
    """Write ``sheets`` as one workbook to a path or a binary stream."""
    parts = []
    for sheet in sheets:
        frame = sheet.frame.lazy()
        height, schema = frame.select(pl.len()).collect().item(), frame.collect_schema()
        for number, start in enumerate(range(0, max(height, 1), MAX_ROWS)):
            parts.append(_Part(_part_name(sheet.name, number), frame.slice(start, MAX_ROWS),
                               min(MAX_ROWS, height - start), schema))
    stats = [_stats(part) for part in parts]
    skeleton, styles = _skeleton(parts, stats)
    with zipfile.ZipFile(skeleton) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1,
                            allowZip64=True) as out:
        strings = source.read(STRINGS).decode("utf-8")
        shared, strings = _shared_strings(parts, stats, strings)
        for info in source.infolist():
            name = info.filename
            if found := re.fullmatch(r"xl/worksheets/sheet([0-9]+)\.xml", name):
                number = int(found.group(1)) - 1
                columns = _columns(parts[number], stats[number], styles, shared[number])
                _stream_sheet(out, name, source.read(info).decode("utf-8"), parts[number],
                              columns)
            elif found := re.fullmatch(r"xl/tables/table([0-9]+)\.xml", name):
                part = parts[int(found.group(1)) - 1]
                last = _last_cell(len(part.schema), part.height)
                table = source.read(info).decode("utf-8")  # its range ends at the last row
                out.writestr(info, re.sub(r'ref="A1:[A-Z]+2"', f'ref="A1:{last}"', table))
            elif name == STRINGS:
                with out.open(_entry(name), "w", force_zip64=True) as stream:
                    stream.write(strings.encode())
            else:
                out.writestr(info, source.read(info))


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry dated as xlsxwriter dates its own (1980-01-01), not by the clock, so that
    the same workbook is the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 1  # type: ignore[attr-defined]  # public only from Python 3.13
    return info


def _created() -> datetime:
    """When the workbook was made: SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(min(int(epoch), 253402300799), tz=UTC)
    return datetime.now(tz=UTC)


def _part_name(name: str, number: int) -> str:
    return name if number == 0 else f"{name} ({number + 1})"


def _stats(part: _Part) -> _Stats:
    text = [c for c, dtype in part.schema.items() if dtype == pl.String]
    row = part.frame.select(
        *[pl.col(c).cast(pl.String).str.len_chars().max().alias(f"longest {c}")
          for c in part.schema],
        *[pl.col(c).approx_n_unique().alias(f"distinct {c}") for c in text],
        *[pl.col(c).count().alias(f"filled {c}") for c in text],
    ).collect(engine="streaming").row(0, named=True)
    return _Stats({c: row[f"longest {c}"] or 0 for c in part.schema},
                  {c: row[f"distinct {c}"] for c in text},
                  {c: row[f"filled {c}"] for c in text})


def _widths(longest: dict[str, int]) -> dict[str, int]:
    """Readable widths: the longest value or header, within [MIN_WIDTH, MAX_WIDTH]."""
    return {c: max(MIN_WIDTH, min(max(n, len(c)) + 2, MAX_WIDTH)) for c, n in longest.items()}


def _skeleton(parts: list[_Part], stats: list[_Stats]
              ) -> tuple[io.BytesIO, dict[tuple[bool, bool], int]]:
    """The workbook with headers, formats and print setup, but no data rows; and the cell
    styles by (wrapped, marked as text)."""
    buffer = io.BytesIO()
    formats: dict[tuple[bool, bool], Any] = {}
    import xlsxwriter  # noqa: PLC0415  (loaded when a workbook is written, not at start-up)

    # Text from applications stays text: «=HYPERLINK(…)» must not become a formula.
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False,
                                      "strings_to_numbers": False}) as workbook:
        workbook.set_properties({"created": _created()})
        header = workbook.add_format(HEADER)
        for wrap, quote in itertools.product((False, True), repeat=2):
            formats[wrap, quote] = workbook.add_format(
                {"valign": "top", "text_wrap": wrap, "quote_prefix": quote})
        for part, stat in zip(parts, stats, strict=True):
            sheet, widths = workbook.add_worksheet(part.name), _widths(stat.longest)
            for column, name in enumerate(part.schema):
                sheet.set_column_pixels(column, column, widths[name] * PIXELS_PER_CHARACTER)
            # Blank cells in row 2 only make the formats part of the workbook; the rows
            # written later replace them.
            for column, style in enumerate(formats.values()):
                sheet.write_blank(1, column, None, style)
            sheet.freeze_panes(1, 0)
            # A plain table: its header row has the filter buttons. It writes the header.
            # It is laid over one row (xlsxwriter visits every cell of a table's range) and
            # stretched over all the rows when the sheet is streamed.
            sheet.add_table(0, 0, 1, len(part.schema) - 1, {
                "style": None, "autofilter": True,
                "columns": [{"header": c, "header_format": header} for c in part.schema]})
            # Printed: landscape A4 with the header on every page; a sheet narrow enough to
            # stay legible is scaled to one page wide.
            sheet.set_landscape()
            sheet.set_paper(9)
            sheet.repeat_rows(0)
            if sum(widths.values()) <= PRINTABLE_WIDTH:
                sheet.fit_to_pages(1, 0)
    buffer.seek(0)
    return buffer, {key: f.xf_index for key, f in formats.items()}


def _shared_strings(parts: list[_Part], stats: list[_Stats], strings: str
                    ) -> tuple[list[dict[str, pl.DataFrame]], str]:
    """The distinct values of the text columns that repeat, numbered after the shared
    strings xlsxwriter wrote (the headers): by sheet and column, and the shared strings
    file with them added."""
    counts = re.search(r'count="([0-9]+)" uniqueCount="([0-9]+)"', strings)
    if counts is None:  # xlsxwriter always shares the header texts
        raise ValueError("no shared strings in the workbook")
    used, first = int(counts.group(1)), int(counts.group(2))
    values: list[dict[str, pl.Series]] = []
    for part, stat in zip(parts, stats, strict=True):
        repeating = [c for c, n in stat.distinct.items()
                     if n <= SHARED_LIMIT and 2 * n <= stat.filled[c]]
        found = part.frame.select(pl.col(c).drop_nulls().unique(maintain_order=True).implode()
                                  for c in repeating).collect(engine="streaming")
        values.append({c: found[c][0] for c in repeating})
        used += sum(stat.filled[c] for c in repeating)
    every = pl.concat([v for by_column in values for v in by_column.values()]
                      or [pl.Series([], dtype=pl.String)]).unique(maintain_order=True)
    index = pl.DataFrame({"value": every}).with_row_index("index", offset=first)
    shared = [{c: index.join(pl.DataFrame({"value": v}), on="value", how="semi")
               for c, v in by_column.items()} for by_column in values]
    items = "".join(shared_items(every).to_list())
    head, tail = strings.rsplit("</sst>", 1)
    head = head.replace(counts.group(0),
                        f'count="{used}" uniqueCount="{first + every.len()}"', 1)
    return shared, f"{head}{items}</sst>{tail}"


def _columns(part: _Part, stat: _Stats, styles: dict[tuple[bool, bool], int],
             shared: dict[str, pl.DataFrame]) -> dict[str, Column]:
    widths = _widths(stat.longest)
    columns = {}
    for name, dtype in part.schema.items():
        wrap = widths[name] >= MAX_WIDTH
        columns[name] = Column(styles[wrap, False], styles[wrap, dtype == pl.String],
                               too_long=stat.longest[name] > MAX_CHARS,
                               shared=shared.get(name),
                               wrap_width=widths[name] if wrap else None)
    return columns


def _last_cell(width: int, height: int) -> str:
    """The bottom-right cell of a table with its header (at least one row under it)."""
    return f"{column_name(max(width, 1) - 1)}{max(height, 1) + 1}"


_SHEET_DATA = re.compile(r"<sheetData>(<row [^>]*>.*?</row>).*?</sheetData>", re.DOTALL)


def _stream_sheet(out: zipfile.ZipFile, name: str, skeleton: str, part: _Part,
                  columns: dict[str, Column]) -> None:
    """The sheet as xlsxwriter laid it out, its data rows streamed in chunk by chunk."""
    found = _SHEET_DATA.search(skeleton)
    if found is None:  # xlsxwriter always writes the header row
        raise ValueError(f"no header row in {name}")
    last = _last_cell(len(part.schema), part.height)
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>',
                  skeleton[:found.start()], count=1)
    with out.open(_entry(name), "w", force_zip64=True) as stream:
        stream.write(f"{head}<sheetData>{found.group(1)}\n".encode())
        rows = row_xml(part.schema, columns)

        def make(start: int) -> pl.DataFrame:
            return (part.frame.slice(start, CHUNK_ROWS)
                    .with_row_index(ROW_NUMBER, offset=start + 2)
                    .with_columns(pl.col(ROW_NUMBER).cast(pl.String))
                    .select(rows).collect())

        # The next chunk is made (by Polars, on all cores) while this one is compressed;
        # no more than two are in memory.
        starts = iter(range(0, part.height, CHUNK_ROWS))
        with ThreadPoolExecutor(max_workers=1) as maker:
            coming = [maker.submit(make, start) for start in itertools.islice(starts, 1)]
            while coming:
                chunk = coming.pop().result()
                coming = [maker.submit(make, start) for start in itertools.islice(starts, 1)]
                # One <row> element per line: the CSV writer is Polars' fastest way out.
                chunk.write_csv(stream, include_header=False, quote_style="never")
        stream.write(f"</sheetData>{skeleton[found.end():]}".encode())
