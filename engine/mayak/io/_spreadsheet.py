"""Text that a spreadsheet program would run as a formula, and how to keep it text.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return before one) as a formula, even in a CSV file: a name
typed as ``=HYPERLINK(...)`` or ``+cmd|' /C calc'!A0`` in an application form would run on
the methodologist's computer. A plain signed number such as «-5» or «+7,5» is left as it
is: the spreadsheet reads it as the number it is, nothing runs, and it stays readable;
so is a lone «-» (a dash for "none" in forms).
"""

from __future__ import annotations

import re

import polars as pl

# A formula start (= @ tab CR), or a sign followed by anything but a plain number: after
# the sign, a non-digit; or digits, then a character that is neither a digit nor a decimal
# mark; or digits, a decimal mark, then the end, a non-digit or digits and a non-digit.
# One anchored pattern (no look-ahead in Polars' regex engine), so most cells are decided
# by their first character.
FORMULA = (r"^(?:[=@\t\r]|[+-](?:[^0-9]|[0-9]+(?:[^0-9.,]|[.,](?:$|[^0-9]|[0-9]+[^0-9]))))")


def formula_like(cell: pl.Expr) -> pl.Expr:
    """True for text a spreadsheet would take for a formula; null for an empty cell."""
    return cell.str.contains(FORMULA)


def quoted(cell: pl.Expr) -> pl.Expr:
    """The cell with a leading apostrophe when it looks like a formula: the spreadsheet's
    own way of saying "this is text" (for CSV; the XLSX workbook marks such cells with the
    quote-prefix style instead, so the value itself is unchanged)."""
    return pl.when(formula_like(cell)).then(pl.lit("'") + cell).otherwise(cell)


def quoted_name(header: str) -> str:
    """A header (a column title from a spec) quoted as ``quoted`` quotes a cell."""
    return "'" + header if re.match(FORMULA, header) else header


def quoted_text(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Every text column of ``frame`` with formula-like cells quoted, and the headers too:
    they are column titles from a spec."""
    schema = frame.collect_schema()
    frame = frame.with_columns(quoted(pl.col(name)).alias(name)
                               for name, dtype in schema.items() if dtype == pl.String)
    return frame.rename({name: quoted_name(name) for name in schema})


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def column_name(index: int) -> str:
    """A 0-based column index as spreadsheet letters: 0 -> A, 26 -> AA (what xlsxwriter's
    xl_col_to_name gives, without importing the writer at start-up)."""
    letters = ""
    number = index + 1 if index >= 0 else 0
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_position(ref: str) -> tuple[int, int]:
    """A cell reference such as «B3» as a 0-based (row, column); (0, 0) if it is none."""
    match = _CELL_REF.match(ref)
    if match is None:
        return 0, 0
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)) - 1, column - 1
