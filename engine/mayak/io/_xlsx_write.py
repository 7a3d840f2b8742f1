"""A formatted XLSX workbook of any size, written in bounded memory.

xlsxwriter lays the workbook out (``mayak.io._xlsx_layout``): title block, styles, column
widths, the frozen header row with its filter buttons, print setup. It writes no data row:
writing a cell costs xlsxwriter some microseconds of Python, minutes for a million rows (so
does Polars' own ``write_excel``, which also needs the whole frame in memory). The data rows
are made as sheet XML by Polars expressions (``mayak.io._xlsx_cells``), a chunk of rows at a
time, and streamed into the zip file in their place; only two chunks are in memory.

Cells are typed: numbers are numbers, dates are Excel dates, each with the format its
column is given (``mayak.io._xlsx_formats``: integer, number, percent, date, status fills).

A sheet has at most ``MAX_ROWS`` rows under its header (Excel's limit); longer tables go on
over further sheets, named «Кандидаты (2)», «Кандидаты (3)», ... each with the header.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import polars as pl
from msgspec import Struct, field

from mayak._frozen import Frozen
from mayak.files._write import write_atomic
from mayak.io._sheet_names import sheet_name, sheet_names
from mayak.io._spreadsheet import column_name
from mayak.io._xlsx_cells import MAX_CHARS, ROW_NUMBER, Column, row_xml, shared_items
from mayak.io._xlsx_formats import CellFormat, default_format
from mayak.io._xlsx_layout import Layout, Plan, skeleton

MAX_ROWS = 1_048_575  # Excel: 1 048 576 rows, the header included
CHUNK_ROWS = 20_000  # rows made into XML at a time: some 50 MB of text
SHARED_LIMIT = 20_000  # text columns with at most this many distinct values share them
MAX_WIDTH = 60  # characters: longer text wraps
STRINGS = "xl/sharedStrings.xml"


class Sheet(Struct, frozen=True):
    """A sheet to write. A lazy frame is computed a piece at a time as it is written (a
    large one need never be whole in memory); it is read more than once.

    ``formats`` gives columns their cell format (others go by their type); ``title`` is the
    block of lines above the table (title, region, period, date); the rows where the
    Boolean column ``bold`` is true are bold (that column is not written, nor the column
    of per-row decimals a format names, ``CellFormat.digits_column``); text longer
    than ``max_width`` characters wraps; ``table`` puts filter buttons on the header;
    the ``collapsed`` columns are hidden in outline groups (a [+] button above the header
    shows them; they are not printed)."""

    name: str
    frame: pl.LazyFrame | pl.DataFrame
    formats: Mapping[str, CellFormat] = field(default_factory=Frozen)
    title: tuple[str, ...] = ()
    bold: str | None = None
    max_width: int = MAX_WIDTH
    table: bool = True
    collapsed: frozenset[str] = frozenset()


def details_sheet(name: str, rows: Sequence[tuple[str, str]],
                  headers: tuple[str, str]) -> Sheet:
    """A sheet of (label, value) rows, such as how a result was made («Сведения о расчёте»)."""
    frame = pl.DataFrame([list(row) for row in rows], schema=dict.fromkeys(headers, pl.String),
                         orient="row")
    return Sheet(name, frame, max_width=100, table=False)


class _Part(Struct, frozen=True):
    """A sheet of the workbook: a whole table, or the rows of a long one that fit."""

    name: str
    frame: pl.LazyFrame  # the columns written, and the bold column if any
    height: int
    schema: pl.Schema  # the columns written
    sheet: Sheet


class _Stats(Struct, frozen=True):
    longest: dict[str, int]  # characters of the longest value shown
    distinct: dict[str, int]  # about how many distinct values (text columns)
    filled: dict[str, int]  # how many values are not empty (text columns)


def write_workbook(target: Path | BinaryIO, sheets: list[Sheet], *, title: str = "",
                   author: str = "") -> None:
    """Write ``sheets`` as one workbook to a binary stream, or to a path atomically (a
    temporary file beside it, renamed into place once whole); ``title`` and ``author`` go
    to the workbook's properties (what a file manager or Excel's «Сведения» shows)."""
    if isinstance(target, Path):
        write_atomic(target, lambda path: _write(path, sheets, title, author))
    else:
        _write(target, sheets, title, author)


def _write(target: Path | BinaryIO, sheets: list[Sheet], title: str, author: str) -> None:
    parts = _parts(sheets)
    stats = [_stats(part) for part in parts]
    plans = [Plan(part.name, part.schema,
                  {c: part.sheet.formats.get(c) or default_format(dtype)
                   for c, dtype in part.schema.items()},
                  part.sheet.title, stat.longest, part.sheet.max_width, part.sheet.table,
                  part.sheet.collapsed)
             for part, stat in zip(parts, stats, strict=True)]
    laid_out, layouts = skeleton(plans, {"title": title, "author": author})
    tables = [number for number, part in enumerate(parts) if part.sheet.table]
    with zipfile.ZipFile(laid_out) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1,
                            allowZip64=True) as out:
        strings = source.read(STRINGS).decode("utf-8")
        shared, strings = _shared_strings(parts, stats, strings)
        for info in source.infolist():
            name = info.filename
            if found := re.fullmatch(r"xl/worksheets/sheet([0-9]+)\.xml", name):
                number = int(found.group(1)) - 1
                columns = _columns(parts[number], stats[number], layouts[number],
                                   shared[number])
                _stream_sheet(out, name, source.read(info).decode("utf-8"), parts[number],
                              layouts[number], columns=columns)
            elif found := re.fullmatch(r"xl/tables/table([0-9]+)\.xml", name):
                number = tables[int(found.group(1)) - 1]
                part, top = parts[number], layouts[number].header_row + 1
                last = _last_cell(len(part.schema), part.height, top)
                table = source.read(info).decode("utf-8")  # its range ends at the last row
                out.writestr(info, re.sub(rf'ref="A{top}:[A-Z]+{top + 1}"',
                                          f'ref="A{top}:{last}"', table))
            elif name == STRINGS:
                with out.open(_entry(name), "w", force_zip64=True) as stream:
                    stream.write(strings.encode())
            else:
                out.writestr(info, source.read(info))


def _parts(sheets: list[Sheet]) -> list[_Part]:
    """The sheets as written: a long one split over several, each name one Excel takes."""
    parts = []
    for sheet, name in zip(sheets, sheet_names(s.name for s in sheets), strict=True):
        frame = sheet.frame.lazy()
        height, schema = frame.select(pl.len()).collect().item(), frame.collect_schema()
        hidden = {sheet.bold, *(f.digits_column for f in sheet.formats.values())}
        written = pl.Schema({c: t for c, t in schema.items() if c not in hidden})
        for number, start in enumerate(range(0, max(height, 1), MAX_ROWS)):
            parts.append(_Part(_part_name(name, number), frame.slice(start, MAX_ROWS),
                               min(MAX_ROWS, height - start), written, sheet))
    names = sheet_names(part.name for part in parts)  # «A (2)» may be a sheet's own name
    return [_Part(n, p.frame, p.height, p.schema, p.sheet) for n, p in zip(names, parts,
                                                                           strict=True)]


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry dated as xlsxwriter dates its own (1980-01-01), not by the clock, so that
    the same workbook is the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 1  # type: ignore[attr-defined]  # public only from Python 3.13
    return info


def _part_name(name: str, number: int) -> str:
    if number == 0:
        return name
    suffix = f" ({number + 1})"
    return sheet_name(name, len(suffix)) + suffix


def _stats(part: _Part) -> _Stats:
    text = [c for c, dtype in part.schema.items() if dtype == pl.String]
    numbers = [c for c, dtype in part.schema.items()
               if dtype.is_numeric() and (f := part.sheet.formats.get(c)) is not None
               and f.kind in ("integer", "number", "percent")]
    row = part.frame.select(
        *[pl.col(c).cast(pl.String).str.len_chars().max().alias(f"longest {c}")
          for c in part.schema if c not in numbers],
        *[pl.col(c).abs().max().alias(f"largest {c}") for c in numbers],
        *[pl.col(c).approx_n_unique().alias(f"distinct {c}") for c in text],
        *[pl.col(c).count().alias(f"filled {c}") for c in text],
    ).collect(engine="streaming").row(0, named=True)
    longest = {c: row[f"longest {c}"] or 0 for c in part.schema if c not in numbers}
    for c in numbers:  # as shown: grouped thousands, the decimals, a sign, « %»
        cell = part.sheet.formats[c]
        shown = f"{row[f'largest {c}'] or 0:,.{cell.digits}f}"
        longest[c] = len(shown) + 1 + (2 if cell.kind == "percent" else 0)
    for c, dtype in part.schema.items():
        if dtype == pl.Date or isinstance(dtype, pl.Datetime):
            longest[c] = 10 if dtype == pl.Date else 16
    return _Stats({c: longest[c] for c in part.schema},
                  {c: row[f"distinct {c}"] for c in text},
                  {c: row[f"filled {c}"] for c in text})


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


def _columns(part: _Part, stat: _Stats, layout: Layout,
             shared: dict[str, pl.DataFrame]) -> dict[str, Column]:
    return {name: Column(layout.styles[name], too_long=stat.longest[name] > MAX_CHARS,
                         shared=shared.get(name),
                         wrap_width=layout.widths[name] if name in layout.wrapped else None)
            for name in part.schema}


def _last_cell(width: int, height: int, top: int = 1) -> str:
    """The bottom-right cell of a table whose header is on row ``top`` (1-based), with at
    least one row under it."""
    return f"{column_name(max(width, 1) - 1)}{max(height, 1) + top}"


_SHEET_DATA = re.compile(r"<sheetData>(.*?)</sheetData>", re.DOTALL)
_ROW = re.compile(r'<row r="([0-9]+)"[^>]*?(?:/>|>.*?</row>)', re.DOTALL)


def _stream_sheet(out: zipfile.ZipFile, name: str, skeleton: str, part: _Part,
                  layout: Layout, *, columns: dict[str, Column]) -> None:
    """The sheet as xlsxwriter laid it out, its data rows streamed in chunk by chunk."""
    found = _SHEET_DATA.search(skeleton)
    if found is None:  # xlsxwriter always writes the header row
        raise ValueError(f"no header row in {name}")
    top = layout.header_row + 1  # 1-based, as the sheet's XML counts rows
    kept = "".join(row.group(0) for row in _ROW.finditer(found.group(1))
                   if int(row.group(1)) <= top)  # the title block and the header
    last = _last_cell(len(part.schema), part.height, top)
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>',
                  skeleton[:found.start()], count=1)
    with out.open(_entry(name), "w", force_zip64=True) as stream:
        stream.write(f"{head}<sheetData>{kept}\n".encode())
        rows = row_xml(part.schema, columns, part.sheet.bold)

        def make(start: int) -> pl.DataFrame:
            return (part.frame.slice(start, CHUNK_ROWS)
                    .with_row_index(ROW_NUMBER, offset=start + top + 1)
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
