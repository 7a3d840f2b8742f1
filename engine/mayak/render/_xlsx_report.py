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
from mayak.render._document import TONES, Column, Document, Part, Table, row_digits

TITLE_CHARS = 100  # a title block line's characters at most
_FILLS: dict[str, fmt.Status] = {"good": "good", "bad": "bad", "unknown": "unknown"}
_DIGITS = "__digits"  # the hidden column of per-row decimals (a title starts so rarely)


def render_xlsx(document: Document, target: Path | BinaryIO) -> None:
    """Write ``document`` as a workbook to a path (atomically) or a binary stream."""
    sheets = [_sheet(document, part) for part in document.parts]
    if document.provenance:
        lang = document.lang
        sheets.append(details_sheet(text("sheet.provenance", lang), document.provenance,
                                    (text("col.detail", lang), text("col.value", lang))))
    write_workbook(target, sheets, title=document.title, author=document.author or "")


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


def _shown(table: Table, document: Document, taken: tuple[str, ...] = ()
           ) -> tuple[list[pl.Expr], dict[str, fmt.CellFormat]]:
    """The table's columns under their headers (none of them one ``taken``), typed, and
    each header's cell format."""
    headers = _unique([_header(c) for c in table.columns], list(taken))
    shown = [_cell(c, document).alias(h) for c, h in zip(table.columns, headers, strict=True)]
    formats = {h: _format(c, document) for c, h in zip(table.columns, headers, strict=True)}
    # Decimals that differ by row travel in a column of their own, which is not written.
    hidden: dict[str, str] = {}
    for column, header in zip(table.columns, headers, strict=True):
        digits = row_digits(table.frame, column)
        if digits and column.digits_column is not None:
            if column.digits_column not in hidden:
                name = _unique([_DIGITS], [*headers, *taken])[0]
                hidden[column.digits_column] = name
                shown.append(pl.col(column.digits_column).alias(name))
            formats[header] = fmt.per_row(formats[header], hidden[column.digits_column], digits)
    return shown, formats


def _bold(table: Table, taken: list[str]) -> tuple[list[pl.Expr], str | None]:
    """The table's bold column under a name no header has (it is not written)."""
    if table.bold is None:
        return [], None
    name = _unique(["bold"], taken)[0]
    return [pl.col(table.bold).alias(name)], name


def _table_sheet(document: Document, part: Part, table: Table) -> Sheet:
    shown, formats = _shown(table, document)
    bold, bold_name = _bold(table, list(formats))
    lines = _heading(document, part.title, part.text, table.title, *table.notes)
    return Sheet(part.title, table.frame.lazy().select(*shown, *bold), formats,
                 title=lines, bold=bold_name)


def _tables_sheet(document: Document, part: Part) -> Sheet:
    """The part's tables one under another as one table, each row's table named in the
    first column (its ``key``, else its title); their notes above. A header in several
    tables is one column, unless its values differ in kind (text in one, numbers in
    another): then each keeps a column of its own."""
    key = next((t.key[0] for t in part.tables if t.key), text("col.table", document.lang))
    every = [h for t in part.tables for h in _unique([_header(c) for c in t.columns], [key])]
    bold = (_unique(["bold"], [*every, key])[0] if any(t.bold for t in part.tables)
            else None)
    frames: list[pl.LazyFrame] = []
    formats: dict[str, fmt.CellFormat] = {key: fmt.text()}
    kinds: dict[str, pl.DataType] = {}
    for table in part.tables:
        shown, found = _shown(table, document, (key,))
        if bold is not None:
            flag = pl.col(table.bold) if table.bold else pl.lit(value=False)
            shown.append(flag.alias(bold))
        frame = table.frame.lazy().select(pl.lit(_label(table)).alias(key), *shown)
        renamed = {}
        for header, dtype in frame.collect_schema().items():
            if header in found and header in kinds and not _alike(kinds[header], dtype):
                renamed[header] = _unique([header], [*every, *kinds, key, bold or ""])[0]
            if header in found:
                kinds.setdefault(renamed.get(header, header), dtype)
                formats[renamed.get(header, header)] = _merged(
                    formats.get(renamed.get(header, header)), found[header])
        frames.append(frame.rename(renamed))
    # A note every table has, once; another with the name of its table («2022 г.: …»).
    lines = [note if all(note in other.notes for other in part.tables)
             else f"{_label(table)}: {note}" for table in part.tables for note in table.notes]
    return Sheet(part.title, pl.concat(frames, how="diagonal_relaxed"), formats,
                 title=_heading(document, part.title, part.text, *dict.fromkeys(lines)),
                 bold=bold)


def _merged(first: fmt.CellFormat | None, other: fmt.CellFormat) -> fmt.CellFormat:
    """One column's format over several tables: the first table's, showing the decimals
    of every table's rows where they differ by row."""
    if first is None:
        return other
    if first.digits_column is None or other.digits_column is None:
        return first
    return fmt.per_row(first, first.digits_column,
                       tuple(sorted({*first.row_digits, *other.row_digits})))


def _label(table: Table) -> str:
    """What tells the table from the others of its part: its key's value, else its title."""
    return table.key[1] if table.key else table.title or ""


def _alike(one: pl.DataType, other: pl.DataType) -> bool:
    """Whether two columns' values can share a column: the same type, numbers both (an
    integer and a decimal), or one column empty throughout."""
    return (one == other or pl.Null in (one, other)
            or (one.is_numeric() and other.is_numeric()))


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
            if column.digits is None:
                return fmt.CellFormat(signed=column.signed)
            return fmt.number(digits, signed=column.signed)
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


def _unique(headers: list[str], taken: list[str] | None = None) -> list[str]:
    """Headers made unique among themselves and ``taken``, as Excel wants them (letter case
    aside: «Период» and «период» are the same to it): a repeat gets « (2)»."""
    used = {name.casefold() for name in taken or ()}
    out = []
    for header in headers:
        name, number = header, 1
        while name.casefold() in used:
            number += 1
            name = f"{header} ({number})"
        used.add(name.casefold())
        out.append(name)
    return out
