"""Read a CSV file: its encoding, line endings, quotes and rows with too many or too few cells.

Every row of the file is either read or named in a problem. All work on rows is done by
the codec, regular expressions and Polars over the whole text, never by a loop over rows.
"""

from __future__ import annotations

import codecs
import re

import polars as pl

from mayak.files._provenance import PROVENANCE_LINES, PROVENANCE_MARK
from mayak.io._coerce import ROW
from mayak.io._raw import LISTED, RawTable, position, unreadable
from mayak.messages._problems import DataError, Location, Problem, Severity

SEPARATORS = (";", "\t", ",")  # on a tie, the first: commas are common inside a text
SNIFFED_LINES = 200  # lines looked at to choose the separator
SNIFFED_CHARS = 200_000
QUOTED_CELL = re.compile(r'"[^"]*"')
SAMPLE = 4096  # bytes looked at to recognise UTF-16 written without a byte order mark
# A UTF-8 Cyrillic letter: in a file that is not valid UTF-8 such pairs mean that some lines
# are UTF-8 and others Windows-1251 (in Windows-1251 text they are very rare).
UTF8_CYRILLIC = re.compile(rb"\xd0[\x81\x90-\xbf]|\xd1[\x80-\x8f\x91]")
# Bytes that are not UTF-8, after decoding with surrogateescape, read as Windows-1251.
CP1251_ESCAPED = {0xDC00 + b: bytes([b]).decode("cp1251") for b in range(0x80, 0x100)
                  if b != 0x98}  # 0x98 means nothing in Windows-1251
NOT_TEXT = re.compile("[\udc80-\udcff]")
# Blank lines, and the lines a Mayak CSV output starts with (its provenance): «# mayak 1.0»,
# then «# generated: …», «# data: …» and the like (a header «#,ФИО» is not one of them).
LEADING_BLANK = re.compile(
    r"(?:[ \t;,]*\n)*(?:" + re.escape(PROVENANCE_MARK) + r"[^\n]*\n"
    + r"(?:# (?:" + "|".join(PROVENANCE_LINES) + r"): [^\n]*\n)*)?(?:[ \t;,]*\n)*")
STRAY = "\ue000"  # stands in for a quote inside a cell while Polars parses quoted cells


def _row_at(text: str | bytes, position_: int) -> int:
    """The line (from 1) holding the character or byte at ``position_``."""
    newline = "\n" if isinstance(text, str) else b"\n"
    return text.count(newline, 0, position_) + 1  # type: ignore[arg-type]


def _utf16(raw: bytes) -> str | None:
    """The codec of a UTF-16 file (Excel's «Unicode text»), with or without its mark."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = raw[:SAMPLE - SAMPLE % 2]
    if len(sample) < 4 or 0 not in sample:
        return None
    # In UTF-16 Russian text every other byte is 0x00 (Latin, digits) or 0x04 (Cyrillic).
    high = {name: (half.count(0) + half.count(4)) / len(half)
            for name, half in (("utf-16-be", sample[0::2]), ("utf-16-le", sample[1::2]))}
    chosen = max(high, key=high.__getitem__)
    return chosen if high[chosen] > 0.9 and min(high.values()) < 0.5 else None


def decode(raw: bytes, label: str) -> tuple[str, list[Problem]]:
    """The file's text: UTF-8 (with or without BOM), UTF-16, Windows-1251, or UTF-8 and
    Windows-1251 mixed line by line (read, with a warning)."""
    codec = _utf16(raw)
    if codec is not None:
        try:
            return raw.decode(codec).removeprefix("\ufeff"), []
        except UnicodeDecodeError as exc:
            raise DataError([Problem("data.bad_encoding", {},
                                     Location(label, row=_row_at(raw, exc.start)))]) from None
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = _row_at(raw, exc.start)
    if len(UTF8_CYRILLIC.findall(raw)) < 2:  # Windows-1251 throughout (Excel on Windows)
        try:
            return raw.decode("cp1251"), []
        except UnicodeDecodeError as exc:
            raise DataError([Problem("data.bad_encoding", {},
                                     Location(label, row=_row_at(raw, exc.start)))]) from None
    text = raw.decode("utf-8", "surrogateescape").translate(CP1251_ESCAPED)
    left = NOT_TEXT.search(text)
    if left is not None:
        raise DataError([Problem("data.bad_encoding", {},
                                 Location(label, row=_row_at(text, left.start())))])
    return text, [Problem("data.mixed_encoding", {}, Location(label, row=first), "warning")]


def _invisible(text: str, label: str) -> tuple[str, list[Problem]]:
    """NUL characters and byte order marks inside the text are removed, with a warning."""
    problems = []
    for char, code in (("\x00", "data.nul_chars"), ("\ufeff", "data.inner_bom")):
        at = text.find(char)
        if at >= 0:
            problems.append(Problem(code, {"count": text.count(char)},
                                    Location(label, row=_row_at(text, at)), "warning"))
            text = text.replace(char, "")
    return text, problems


def _starts_cell(separator: str) -> str:
    """After a quote: true when it stands at the start of a cell. (The quote comes first in
    the patterns so that the regular expression engine can jump from quote to quote.)"""
    return rf'(?:(?<=[{re.escape(separator)}\n]")|(?<=\A"))'


def _quoted(separator: str, stray: bool = False) -> re.Pattern[str]:
    """A quoted cell: a quote at the start of a cell, up to its closing quote; with
    ``stray``, also any other quote (then group 1 is the quoted cell, if that matched)."""
    cell = f'"{_starts_cell(separator)}[^"]*(?:""[^"]*)*"'
    return re.compile(f'({cell})|"' if stray else cell)


def _unquoted(text: str, separator: str, label: str, above: int) -> str:
    """The text with quoted cells emptied, so that lines and separators can be counted;
    raises DataError naming the row of a quote that is opened and never closed."""
    if '"' not in text:
        return text
    plain = _quoted(separator).sub('""', text)
    stray = re.search(f'"{_starts_cell(separator)}(?!")', plain)
    if stray is not None:
        raise DataError([Problem("data.unclosed_quote", {},
                                 Location(label, row=above + _row_at(plain, stray.start())))])
    return plain


def read_csv(raw: bytes, label: str) -> RawTable:
    """A CSV file's cells as text, with what was wrong in its encoding or layout."""
    text, problems = decode(raw, label)
    text, invisible = _invisible(text, label)
    problems.extend(invisible)
    if "\n" not in text:  # old Mac files end lines with CR alone
        text = text.replace("\r", "\n")
    text = text.replace("\r\n", "\n")
    # Blank lines above the headers are skipped (as in a sheet), and the provenance lines of
    # Mayak's own CSV output; rows keep their numbers.
    lead = LEADING_BLANK.match(text)
    above = text.count("\n", 0, lead.end()) if lead else 0
    text = text[lead.end():] if lead else text
    if not text.strip(" \t;,\n"):
        return RawTable(pl.DataFrame(schema={ROW: pl.Int64}), (), tuple(problems))
    separator = _separator(text)
    plain = _unquoted(text, separator, label, above)
    try:
        cells = _cells(text, separator)
    except Exception as exc:  # Polars' own words follow the Russian sentence
        raise unreadable("CSV", "csv_broken", label, exc) from None
    if cells.height == 0:
        return RawTable(pl.DataFrame(schema={ROW: pl.Int64}), (), tuple(problems))
    headers = tuple("" if h is None else str(h) for h in cells.row(0))
    width = len(headers)
    lines = _cell_counts(plain, separator, above)
    if lines.height != cells.height - 1:  # a row lost or made up: never read on silently
        raise unreadable("CSV", "csv_broken", label)
    frame = cells.slice(1).rename({c: position(i) for i, c in enumerate(cells.columns)})
    frame = frame.select(pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias(ROW) + above,
                         pl.all())
    problems.extend(_ragged(lines, width, label))
    broken = (lines.filter(pl.col("cells") > width)
              .select(ROW, *[pl.lit(None, dtype=pl.String).alias(c)
                             for c in ("column", "code", "value")]))
    return RawTable(frame, headers, tuple(problems), broken)


def _separator(text: str) -> str:
    """Of ``;``, ``,`` and tab, the one the lines agree on: found in the header line, and as
    many times in most of the lines below it. A header «Возраст, лет;Стаж, лет» holds more
    commas than semicolons, but a decimal comma is not in every row. A tie goes to the one
    the header holds most, then to the first of ``SEPARATORS``. Quoted cells, which may
    hold any of them, are not counted."""
    sample = text[:SNIFFED_CHARS]
    if len(text) > SNIFFED_CHARS:
        sample = sample[:sample.rfind("\n") + 1]  # whole lines only
    lines = pl.Series(QUOTED_CELL.sub("", sample).split("\n")[:SNIFFED_LINES])
    lines = lines.filter(lines.str.strip_chars() != "")
    if lines.is_empty():
        return SEPARATORS[0]

    def agreement(separator: str) -> tuple[int, int]:
        counts = lines.str.count_matches(separator, literal=True)
        header = counts[0]
        return (int((counts == header).sum()) if header else 0), header

    return max(SEPARATORS, key=agreement)


def _parse(text: str, separator: str, quote: str | None) -> pl.DataFrame:
    return pl.read_csv(text.encode(), separator=separator, has_header=False, quote_char=quote,
                       infer_schema=False, truncate_ragged_lines=True, raise_if_empty=False)


def _cells(text: str, separator: str) -> pl.DataFrame:
    """Every cell as text. A quote inside a cell (МО "Лесное") is kept as written, as Excel
    does; Polars refuses such a file when the count of quotes is odd."""
    quoted = _quoted(separator)
    if quoted.search(text) is None:  # no quoted cells: every quote is a plain character
        return _parse(text, separator, None)
    try:
        return _parse(text, separator, '"')
    except pl.exceptions.ComputeError:
        pass
    # Quoted cells and stray quotes together (rare): the stray ones are set aside first.
    protected = _quoted(separator, stray=True).sub(lambda found: found.group(1) or STRAY, text)
    return _parse(protected, separator, '"').with_columns(
        pl.all().str.replace_all(STRAY, '"', literal=True))


def _cell_counts(plain: str, separator: str, above: int) -> pl.DataFrame:
    """Per data line (row 2 on): its row and number of cells; blank lines count as empty rows
    and are reported as such elsewhere."""
    lines = pl.Series("line", plain.split("\n"))
    if lines.len() > 1 and lines[-1] == "":
        lines = lines.head(-1)  # the file ends with a line break
    counted = pl.DataFrame(lines).select(
        (pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + above).alias(ROW),
        (pl.col("line").str.count_matches(separator, literal=True) + 1).cast(pl.Int64)
        .alias("cells"),
        (pl.col("line").str.strip_chars() == "").alias("blank"))
    return counted.slice(1)


def _ragged(lines: pl.DataFrame, width: int, label: str) -> list[Problem]:
    """A problem per row with more cells than headers (error: cells are dropped) or fewer
    (warning: the missing ones are unknown); the first LISTED rows of each are named."""
    problems: list[Problem] = []
    kinds: tuple[tuple[bool, str, Severity], ...] = (
        (True, "data.extra_cells", "error"), (False, "data.missing_cells", "warning"))
    for wide, code, severity in kinds:
        found = lines.filter(~pl.col("blank") & ((pl.col("cells") > width) if wide
                                                 else (pl.col("cells") < width)))
        problems.extend(Problem(code, {"count": cells, "width": width},
                                Location(label, row=row), severity)
                        for row, cells in found.head(LISTED).select(ROW, "cells").iter_rows())
        if found.height > LISTED:
            problems.append(Problem("data.more_ragged_rows", {"count": found.height - LISTED},
                                    Location(label), severity))
    return problems
