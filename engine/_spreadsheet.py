"""Text that a spreadsheet program would run as a formula, and how to keep it text.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return before one) as a formula, even in a CSV file: a name
typed as ``=HYPERLINK(...)`` or ``+cmd|' /C calc'!A0`` in an application form would run on
the methodologist's computer. A plain signed number such as «-5» or «+7,5» is left as it
is: the spreadsheet reads it as the number it is, nothing runs, and it stays readable;
so is a lone «-» (a dash for "none" in forms).
"""

from __future__ import annotations

import polars as pl

FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?(?:[0-9]+(?:[.,][0-9]+)?)?$"  # «-5», «+7,5»; a lone dash


def formula_like(cell: pl.Expr) -> pl.Expr:
    """True for text a spreadsheet would take for a formula; null for an empty cell."""
    return cell.str.contains(FORMULA_START) & ~cell.str.contains(PLAIN_NUMBER)


def quoted(cell: pl.Expr) -> pl.Expr:
    """The cell with a leading apostrophe when it looks like a formula: the spreadsheet's
    own way of saying "this is text" (for CSV; the XLSX workbook marks such cells with the
    quote-prefix style instead, so the value itself is unchanged)."""
    return pl.when(formula_like(cell)).then(pl.lit("'") + cell).otherwise(cell)


def quoted_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` with formula-like cells quoted."""
    return frame.with_columns(quoted(pl.col(name)).alias(name)
                              for name, dtype in frame.schema.items() if dtype == pl.String)
