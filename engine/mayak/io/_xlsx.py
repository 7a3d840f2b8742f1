"""Read an XLSX workbook: choose the sheet, and find the cells Excel itself could not give a
value for (formulas never calculated, error values such as #DIV/0!).

calamine reads an error cell and a formula without a stored result as an empty cell, and a
formula in a file written by a program (which asks Excel to recalculate on opening) as the
0 stored in its place. The sheet's XML is therefore scanned once, in chunks, with regular
expressions that match only such cells; where they are is then worked out by Polars.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING
from xml.etree import ElementTree

import polars as pl
from msgspec import Struct

from mayak.io._coerce import ROW
from mayak.io._raw import OLE, ZIP, RawTable, no_broken, position, unreadable
from mayak.io._spreadsheet import cell_position, column_name
from mayak.messages._problems import DataError, Location, Problem
from mayak.messages._suggest import suggestion

if TYPE_CHECKING:
    import fastexcel

CHUNK = 1 << 22  # bytes of sheet XML scanned at a time
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix: <x:c ...>
_CELL = rb"<" + _NS + rb"c\b[^>]*?\br=\"([A-Z]{1,3}\d+)\"[^>]*>\s*"
_FORMULA = rb"<" + _NS + rb"f\b[^>]*?(?:/>|>[^<]*</" + _NS + rb"f>)\s*"
NO_RESULT = re.compile(_CELL + _FORMULA + rb"</" + _NS + rb"c>")
# An empty stored result, except of a text formula (t="str"), whose result may be "".
EMPTY_RESULT = re.compile(rb"<" + _NS + rb"c\b(?![^>]*\bt=\"str\")[^>]*?\br=\"([A-Z]{1,3}\d+)\""
                          rb"[^>]*>\s*" + _FORMULA + rb"(?:<" + _NS + rb"v\s*/>|<" + _NS
                          + rb"v>\s*</" + _NS + rb"v>)\s*</" + _NS + rb"c>")
ANY_FORMULA = re.compile(_CELL + rb"<" + _NS + rb"f\b")
ERROR = re.compile(rb"<" + _NS + rb"c\b(?=[^>]*\bt=\"e\")[^>]*?\br=\"([A-Z]{1,3}\d+)\"[^>]*>\s*(?:"
                   + _FORMULA + rb")?<" + _NS + rb"v>([^<]*)</" + _NS + rb"v>")
FIRST_VALUE = re.compile(_CELL + rb"(?:" + _FORMULA + rb")?<" + _NS + rb"(?:v|is)>")
LETTERS = {chr(ord("A") + i): i + 1 for i in range(26)} | {"@": 0}
ROW_NUMBER = re.compile(rb"<" + _NS + rb"row\b[^>]*?\br=\"(\d+)\"")
# Column letters of cells beyond Z (two letters) and beyond ZZ (three): rare, so looked for
# only to bound how wide the sheet is.
WIDE_COLUMN = {width: re.compile(rb"<" + _NS + rb"c\b[^>]*?\br=\"([A-Z]{%d})\d" % width)
               for width in (2, 3)}
# Cells whose row number has at least N digits: a cell far below the row it is written in.
FAR_ROW = {digits: re.compile(rb"<" + _NS + rb"c\b[^>]*?\br=\"[A-Z]{1,3}(\d{%d,})\"" % digits)
           for digits in range(2, 9)}
# A number too large for any calendar (beyond some 10^8 days) in a cell formatted as a date:
# calamine reads such a cell as empty. Only numbers of eight or more digits, or in E notation.
BIG_NUMBER = re.compile(rb"<" + _NS + rb"c\b([^>]*)>\s*<" + _NS
                        + rb"v>([-+]?(?:\d{8,}(?:\.\d*)?|\d+(?:\.\d*)?[eE][-+]?\d+))</"
                        + _NS + rb"v>")
CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3}\d+)\"")
MERGED = re.compile(rb"<" + _NS + rb"mergeCell\b[^>]*?\bref=\"([A-Z]{1,3}\d+:[A-Z]{1,3}\d+)\"")
MERGED_LISTED = 5  # merged ranges named, the rest counted
CELL_STYLE = re.compile(rb"\bs=\"(\d+)\"")
# Excel's built-in number formats that show a date or a time.
DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
# calamine holds a sheet as one dense grid from its first to its last used cell: a lone cell
# at XFD1048576 would ask for 17 billion cells. Beyond this many, the sheet is refused.
MAX_CELLS = 1 << 26

Score = Callable[[tuple[str, ...]], int]  # how well a sheet's headers fit the dataset



def read_xlsx(path: Path, label: str, sheet: str | None, score: Score | None) -> RawTable:
    """A workbook sheet's cells as text: the sheet named, or the one whose headers fit."""
    with path.open("rb") as file:
        magic = file.read(8)
    if magic.startswith(OLE):
        raise unreadable("XLSX", "xlsx_protected", label)
    if not magic.startswith(ZIP):
        raise unreadable("XLSX", "xlsx_broken", label)
    import fastexcel  # noqa: PLC0415  (here: most runs read no workbook)

    try:
        reader = fastexcel.read_excel(str(path))
        names = list(reader.sheet_names)
    except Exception as exc:
        raise unreadable("XLSX", "xlsx_broken", label, exc) from None
    if not names:  # a zip without a workbook inside
        raise unreadable("XLSX", "xlsx_broken", label)
    scans: dict[str, Scan] = {}

    def load(name: str) -> pl.DataFrame:
        scans[name] = scan = _scan(path, name)
        if scan.cells() > MAX_CELLS:
            raise DataError([Problem("data.sheet_too_large",
                                     {"sheet": name, "rows": scan.last[0] - scan.origin[0] + 1,
                                      "columns": scan.last[1] - scan.origin[1] + 1,
                                      "last": f"{column_name(scan.last[1])}{scan.last[0]}"},
                                     Location(label))])
        return _load(reader, name, label)

    name, cells, problems = _choose(load, names, sheet, score, label)
    headers = tuple("" if v is None else str(v) for v in cells.row(0)) if cells.height else ()
    (row0, col0), found = scans[name].origin, scans[name].found
    frame = cells.slice(1).rename({c: position(i) for i, c in enumerate(cells.columns)})
    frame = frame.select(pl.int_range(row0 + 1, pl.len() + row0 + 1, dtype=pl.Int64).alias(ROW),
                         pl.all())
    problems += _merged_in_data(scans[name].merged, row0, label)
    broken = _broken_cells(found, row0, col0, len(headers))
    for column in broken.get_column("column").unique().to_list():
        rows = broken.filter(pl.col("column") == column).get_column(ROW)
        frame = frame.with_columns(pl.when(pl.col(ROW).is_in(rows.implode()))
                                   .then(None).otherwise(pl.col(column)).alias(column))
    return RawTable(frame, headers, tuple(problems), broken,
                    tuple(column_name(col0 + i) for i in range(len(headers))))


def _load(reader: fastexcel.ExcelReader, name: str, label: str) -> pl.DataFrame:
    try:
        return reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
    except Exception as exc:
        raise unreadable("XLSX", "xlsx_broken", label, exc) from None


def _quoted(names: list[str]) -> str:
    return ", ".join(f"«{n}»" for n in names)


def _choose(load: Callable[[str], pl.DataFrame], names: list[str], wanted: str | None,
            score: Score | None, label: str) -> tuple[str, pl.DataFrame, list[Problem]]:
    """The sheet named in the spec; else the only sheet with data; else the one whose
    headers fit the dataset (saying which). Several that fit equally well: an error."""
    if wanted is not None:
        if wanted not in names:
            raise DataError([Problem("data.no_sheet", {"sheet": wanted, "sheets": _quoted(names),
                                                       "hint": suggestion(wanted, names)},
                                     Location(label))])
        return wanted, load(wanted), []
    loaded = {name: load(name) for name in names}
    filled = [name for name, cells in loaded.items() if cells.height and cells.width]
    if len(filled) <= 1 or score is None:
        name = (filled or names)[0]
        return name, loaded[name], []
    scores = {name: score(tuple("" if v is None else str(v) for v in loaded[name].row(0)))
              for name in filled}
    best = max(scores.values())
    fitting = [name for name in filled if scores[name] == best]
    if best == 0:
        raise DataError([Problem("data.no_sheet_fits", {"sheets": _quoted(filled)},
                                 Location(label))])
    if len(fitting) > 1:
        raise DataError([Problem("data.several_sheets", {"sheets": _quoted(fitting)},
                                 Location(label))])
    others = [name for name in filled if name != fitting[0]]
    return fitting[0], loaded[fitting[0]], [Problem(
        "data.sheet_chosen", {"sheet": fitting[0], "others": _quoted(others)},
        Location(label), "warning")]


def _member(archive: zipfile.ZipFile, name: str) -> tuple[str, bool]:
    """The XML part holding sheet ``name``, and whether the workbook asks to recalculate
    every formula on opening (then no stored formula result can be trusted)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    recalc = any(el.tag.endswith("calcPr") and el.get("fullCalcOnLoad") in ("1", "true")
                 for el in workbook.iter())
    sheet = next(el for el in workbook.iter()
                 if el.tag.endswith("}sheet") and el.get("name") == name)
    rid = next(v for k, v in sheet.attrib.items() if k.endswith("}id"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(el.get("Target", "") for el in rels if el.get("Id") == rid)
    return (target.lstrip("/") if target.startswith("/") else f"xl/{target}"), recalc


def _date_styles(archive: zipfile.ZipFile) -> set[bytes]:
    """The cell styles (indices into cellXfs) whose number format shows a date."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:  # a workbook without styles has no date cells
        return set()
    custom = {el.get("numFmtId"): el.get("formatCode", "") for el in styles.iter()
              if el.tag.endswith("}numFmt")}
    dated = {key for key, code in custom.items()
             if re.search(r"[dmyДМГ]", re.sub(r'"[^"]*"|\[[^]]*\]', "", code), re.I)}
    dated |= {str(n) for n in DATE_FORMATS if str(n) not in custom}
    formats = next((el for el in styles.iter() if el.tag.endswith("}cellXfs")), None)
    return {str(index).encode() for index, xf in enumerate(formats if formats is not None else ())
            if xf.get("numFmtId") in dated}


def _big_dates(part: bytes, dated: set[bytes]) -> list[tuple[bytes, bytes]]:
    """Cells formatted as dates holding a number no calendar reaches: (reference, number)."""
    found = []
    for attributes, number in BIG_NUMBER.findall(part):
        style, ref = CELL_STYLE.search(attributes), CELL_REF.search(attributes)
        if style is not None and ref is not None and style.group(1) in dated:
            found.append((ref.group(1), number))
    return found


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The XML in pieces that end with a whole row, so no cell is cut in two."""
    carry = b""
    while chunk := stream.read(CHUNK):
        carry += chunk
        end = _last_row_end(carry)
        if end:
            yield carry[:end]
            carry = carry[end:]
    if carry:
        yield carry


def _last_row_end(data: bytes) -> int:
    """Just past the last </row> (or </x:row>), 0 if there is none."""
    at = data.rfind(b"row>")
    while at > 0 and data[at - 1:at] not in (b"/", b":"):
        at = data.rfind(b"row>", 0, at)
    return at + 4 if at > 0 else 0


def _formula_refs(part: bytes, recalc: bool) -> list[bytes]:
    """The cells whose formula has no usable result: every formula when the workbook asks
    Excel to recalculate on opening, else those with no stored result."""
    if b"<f" not in part and b":f" not in part:  # a cheap test before the expressions
        return []
    if recalc:
        return ANY_FORMULA.findall(part)
    return NO_RESULT.findall(part) + EMPTY_RESULT.findall(part)


class Scan(Struct, frozen=True):
    """What the sheet's XML says before calamine reads it: its first used cell (Excel row,
    column index), its last row and column, the cells without a usable value, and its
    merged ranges («B2:B3»)."""

    origin: tuple[int, int]
    last: tuple[int, int]
    found: pl.DataFrame
    merged: tuple[str, ...] = ()

    def cells(self) -> int:
        """How many cells calamine's grid of the sheet would hold."""
        return max(self.last[0] - self.origin[0] + 1, 1) * max(self.last[1] - self.origin[1] + 1, 1)


def _last_column(part: bytes, widest: int) -> int:
    """The largest column index in ``part`` if it is beyond ``widest`` letters' reach."""
    for width in (3, 2):
        if width < widest:
            break
        found = set(WIDE_COLUMN[width].findall(part))
        if found:
            return _origin(max(found).decode() + "1")[1]
    return -1


def _scan(path: Path, name: str) -> Scan:
    """The sheet's XML read once, in chunks: where it starts and ends, and every cell
    without a usable value (``ref``, ``code``, ``value``)."""
    refs: list[bytes] = []
    codes: list[str] = []
    values: list[bytes] = []
    merged: list[str] = []
    origin = (1, 0)
    last_row, last_column = 1, 25  # a sheet with no wide cells is at most 26 columns wide
    try:
        with zipfile.ZipFile(path) as archive:
            member, recalc = _member(archive, name)
            dated = _date_styles(archive)
            first = True
            with archive.open(member) as stream:
                for part in _chunks(stream):
                    if first and (cell := FIRST_VALUE.search(part)) is not None:
                        origin, first = _origin(cell.group(1).decode()), False
                    if not first and origin[1]:  # calamine's grid starts at the leftmost
                        origin = (origin[0], _leftmost(part, origin[1]))
                    last_row = max([last_row, *map(int, ROW_NUMBER.findall(part))])
                    # Only cells with more digits than the rows are looked at: cheap, and a
                    # cell can then lie at most ten times further down than its row says.
                    far = FAR_ROW[min(len(str(last_row)) + 1, 8)].findall(part)
                    last_row = max([last_row, *map(int, far)])
                    widest = len(column_name(last_column))
                    last_column = max(last_column, _last_column(part, widest))
                    errors = ERROR.findall(part) if b'"e"' in part else []
                    refs.extend(ref for ref, _ in errors)
                    values.extend(value for _, value in errors)
                    codes.extend(["data.excel_error"] * len(errors))
                    big = _big_dates(part, dated) if dated else []
                    refs.extend(ref for ref, _ in big)
                    values.extend(number for _, number in big)
                    codes.extend(["data.excel_big_date"] * len(big))
                    if b"mergeCell" in part:  # after the cells, in the last chunk or two
                        merged += [ref.decode() for ref in MERGED.findall(part)]
                    formulas = _formula_refs(part, recalc)
                    refs.extend(formulas)
                    values.extend([b""] * len(formulas))
                    codes.extend(["data.formula_no_value"] * len(formulas))
    except Exception:  # an unusual layout or a damaged part: read as calamine sees it
        pass
    found = pl.DataFrame({"ref": pl.Series(refs, dtype=pl.Binary).cast(pl.String),
                          "code": codes,
                          "value": pl.Series(values, dtype=pl.Binary).cast(pl.String)},
                         schema={"ref": pl.String, "code": pl.String, "value": pl.String})
    # An error cell holding a formula is found twice: the error says more.
    return Scan(origin, (last_row, last_column),
                found.unique("ref", keep="first", maintain_order=True), tuple(merged))


def _leftmost(part: bytes, column: int) -> int:
    """The smallest column index of a cell with a value in ``part``, if left of ``column``
    (a note in column A under a table that starts in B); else ``column``."""
    found = _left_of(column).findall(part)
    return min([column, *(_origin(ref.decode() + "1")[1] for ref in found)])


@functools.cache
def _left_of(column: int) -> re.Pattern[bytes]:
    """Cells with a value whose column lies left of ``column`` (their letters captured)."""
    name = column_name(column)
    shorter = [rb"[A-Z]{1,%d}" % (len(name) - 1)] if len(name) > 1 else []
    same = [re.escape(name[:i].encode()) + b"[A-" + chr(ord(letter) - 1).encode() + b"]"
            + (rb"[A-Z]{%d}" % (len(name) - i - 1) if i < len(name) - 1 else b"")
            for i, letter in enumerate(name) if letter > "A"]
    letters = b"|".join([*shorter, *same])
    return re.compile(rb"<" + _NS + rb"c\b[^>]*?\br=\"(" + letters + rb")\d+\"[^>]*>\s*(?:"
                      + _FORMULA + rb")?<" + _NS + rb"(?:v|is)>")


def _merged_in_data(ranges: tuple[str, ...], header_row: int, label: str) -> list[Problem]:
    """A warning for the merged ranges that reach below the header row: Excel keeps the
    value in the first cell only, so the others read as empty."""
    spanning = [r for r in ranges if _origin(r.split(":")[1])[0] > header_row]
    if not spanning:
        return []
    shown = ", ".join(spanning[:MERGED_LISTED]) + (
        f" … (+{len(spanning) - MERGED_LISTED})" if len(spanning) > MERGED_LISTED else "")
    first = _origin(spanning[0].split(":")[0])[0]
    return [Problem("data.merged_cells", {"ranges": shown},
                    Location(label, row=max(first, header_row + 1)), "warning")]


def _origin(ref: str) -> tuple[int, int]:
    """A cell reference as (Excel row, 0-based column index)."""
    row, column = cell_position(ref)
    return row + 1, column


def _column_index(column: pl.Expr) -> pl.Expr:
    """Excel column letters (A .. XFD) to a 0-based index, in Polars."""
    padded = column.str.pad_start(3, "@")
    digits = [padded.str.slice(i, 1).replace_strict(LETTERS, return_dtype=pl.Int64)
              for i in range(3)]
    return digits[0] * 676 + digits[1] * 26 + digits[2] - 1


def _broken_cells(found: pl.DataFrame, row0: int, col0: int, width: int) -> pl.DataFrame:
    """The scanned cells that fall in the data (below the header row), located by row and
    positional column."""
    if found.height == 0:
        return no_broken()
    parts = pl.col("ref").str.extract_groups(r"^(?<letters>[A-Z]+)(?<row>\d+)$")
    index = _column_index(parts.struct.field("letters")) - col0
    row = parts.struct.field("row").cast(pl.Int64)
    return (found.select(row.alias(ROW), index.alias("index"), "code", "value")
            .filter((pl.col(ROW) > row0) & pl.col("index").is_between(0, width - 1))
            .sort(ROW, "index")
            .select(ROW, (pl.lit("_c") + pl.col("index").cast(pl.String)).alias("column"),
                    "code", "value"))
