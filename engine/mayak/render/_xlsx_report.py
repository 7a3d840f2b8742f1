"""A report as an Excel workbook: a sheet per part, typed cells with Russian formats,
status fills, the title block over each table, and a provenance sheet. A part with several
tables (one per period, one per published table audited) has them as one table, the first
column telling them apart («Период»), so that its filter and frozen header serve them all.

Written by the streaming workbook writer (``mayak.io._xlsx_write``): memory stays bounded
however many units a table has.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import BinaryIO

import polars as pl

from mayak.io import _xlsx_formats as fmt
from mayak.io._xlsx_write import Sheet, details_sheet, write_workbook
from mayak.messages._catalogue import text
from mayak.render._document import TONES, Column, Document, Part, Table

TITLE_CHARS = 100  # a title block line's characters at most
_FILLS: dict[str, fmt.Status] = {"good": "good", "bad": "bad", "unknown": "unknown"}


def render_xlsx(document: Document, target: Path | BinaryIO) -> None:
    """Write ``document`` as a workbook to a path (atomically) or a binary stream."""
    sheets = [_sheet(document, part) for part in document.parts]
    if document.provenance:
        lang = document.lang
        sheets.append(details_sheet(text("sheet.provenance", lang), document.provenance,
                                    (text("col.detail", lang), text("col.value", lang))))
    write_workbook(target, sheets)


def _heading(document: Document, *lines: str | None) -> tuple[str, ...]:
    """The title block: the report, the region, the period, the date, then the table's."""
    made = text("report.made", document.lang, date=document.made) if document.made else None
    found = (document.title, document.region, document.period, made, *lines)
    # Wrapped: a long line would run past the table, and printing one page wide would then
    # shrink the table to fit the line.
    return tuple(part for line in found if line
                 for part in textwrap.wrap(line, TITLE_CHARS, break_long_words=False))


def _sheet(document: Document, part: Part) -> Sheet:
    lang = document.lang
    if part.lines or part.type in ("recommendations", "remarks"):
        return _lines_sheet(document, part)
    if part.empty or not part.tables:
        empty = pl.DataFrame({text("col.value", lang): [text("report.no_data", lang)]})
        return Sheet(part.title, empty, title=_heading(document, part.title, part.text),
                     table=False)
    if len(part.tables) == 1:
        return _table_sheet(document, part, part.tables[0])
    return _tables_sheet(document, part)


def _header(column: Column) -> str:
    return f"{column.group}: {column.title}" if column.group else column.title


def _shown(table: Table, document: Document) -> tuple[list[pl.Expr], dict[str, fmt.CellFormat]]:
    """The table's columns under their headers, typed, and each header's cell format."""
    headers = _unique([_header(c) for c in table.columns])
    shown = [_cell(c, document).alias(h) for c, h in zip(table.columns, headers, strict=True)]
    if table.bold is not None:
        shown.append(pl.col(table.bold))
    return shown, {h: _format(c, document)
                   for c, h in zip(table.columns, headers, strict=True)}


def _table_sheet(document: Document, part: Part, table: Table) -> Sheet:
    shown, formats = _shown(table, document)
    lines = _heading(document, part.title, part.text, table.title, *table.notes)
    return Sheet(part.title, table.frame.lazy().select(shown), formats,
                 title=lines, bold=table.bold)


def _tables_sheet(document: Document, part: Part) -> Sheet:
    """The part's tables one under another as one table, each row's table named in the
    first column (its ``key``, else its title); their notes above."""
    key = next((t.key[0] for t in part.tables if t.key), text("col.table", document.lang))
    bold = "bold" if any(t.bold for t in part.tables) else None
    frames, formats = [], {key: fmt.text()}
    for table in part.tables:
        shown, found = _shown(table, document)
        name = table.key[1] if table.key else table.title or ""
        frame = table.frame.lazy().select(pl.lit(name).alias(key), *shown)
        if bold is not None:
            frame = (frame.rename({table.bold: bold}) if table.bold
                     else frame.with_columns(pl.lit(value=False).alias(bold)))
        frames.append(frame)
        formats = found | formats
    # A note every table has, once; another with the name of its table («2022 г.: …»).
    lines = [note if all(note in other.notes for other in part.tables)
             else f"{table.key[1] if table.key else table.title}: {note}"
             for table in part.tables for note in table.notes]
    return Sheet(part.title, pl.concat(frames, how="diagonal_relaxed"), formats,
                 title=_heading(document, part.title, part.text, *dict.fromkeys(lines)),
                 bold=bold)


def _cell(column: Column, document: Document) -> pl.Expr:
    """Statuses as their words (the fill says the same at a glance); the rest as typed."""
    if column.kind == "status":
        return pl.col(column.name).replace_strict(dict(document.statuses),
                                                  default=pl.col(column.name))
    return pl.col(column.name)


def _format(column: Column, document: Document) -> fmt.CellFormat:
    digits = 2 if column.digits is None else column.digits
    match column.kind:
        case "integer":
            return fmt.integer()
        case "number":
            # Unrounded values keep their own decimals («General»); a column with stated
            # decimals shows exactly that many.
            return fmt.number(digits) if column.digits is not None else fmt.CellFormat()
        case "percent":
            return fmt.percent(digits if column.digits is not None else 1)
        case "date":
            return fmt.date()
        case "status":
            return fmt.status({shown: _FILLS[TONES[code]]
                               for code, shown in document.statuses.items()
                               if TONES.get(code) in _FILLS})
        case _:
            return fmt.text()


def _lines_sheet(document: Document, part: Part) -> Sheet:
    """Recommendations (audience, class, number, text) or remarks, a row each."""
    lang = document.lang
    rows: list[tuple[str, str, int, str]] = []
    audience = ""
    for group in part.lines:  # headings and their items: text, not data rows
        if group.depth == 0:
            audience = group.heading
        heading = group.heading if group.depth else ""
        rows += [(audience, heading, n, item) for n, item in enumerate(group.items, start=1)]
    headers = (text("col.audience", lang), text("col.class", lang), "№",
               text("col.recommendation", lang) if part.type == "recommendations"
               else text("col.message", lang))
    frame = pl.DataFrame(rows, schema={headers[0]: pl.String, headers[1]: pl.String,
                                       headers[2]: pl.Int64, headers[3]: pl.String},
                         orient="row")
    if part.type != "recommendations":
        frame = frame.select(headers[2], headers[3])
    elif frame.get_column(headers[1]).str.len_chars().max() in (0, None):
        frame = frame.drop(headers[1])
    if frame.is_empty():
        frame = pl.DataFrame({headers[3]: [text("report.no_data", lang)]})
    return Sheet(part.title, frame, title=_heading(document, part.title, part.text),
                 max_width=100)


def _unique(headers: list[str]) -> list[str]:
    """Headers made unique (a frame's columns must be): a repeat gets « (2)»."""
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out
