"""Sheet XML made by Polars expressions: one ``<row>`` element per row of a frame.

Text that repeats (yes/no, outcomes, categories, explanations) goes to the workbook's
shared strings: each distinct value is escaped and checked once, and a cell only refers to
it by number. Other text is written in the cell (an inline string). Either way a cell that
a spreadsheet would take for a formula gets the quote-prefix style: it stays text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from mayak.io._spreadsheet import column_name, formula_like

MAX_CHARS = 32_767  # Excel shows no more characters in a cell
LINE_PIXELS = 20  # height of one line of text in a row
ROW_NUMBER = "__mayak_row"  # not a name a column can have (no leading "_" in specs)

# XML 1.0 cannot hold most control characters: Excel writes them as _xHHHH_, and a text
# that already reads like that is kept by escaping its underscore (_x005F).
_CONTROL = {chr(c): f"_x{c:04X}_" for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                              0xFFFE, 0xFFFF]}
_XML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", **_CONTROL}


@dataclass(frozen=True)
class Column:
    """How the cells of one column are written."""

    style: int  # the cell format (top-aligned, wrapped or not)
    quoted_style: int  # the same, marked as text: for a value that looks like a formula
    too_long: bool = False  # some value is longer than a cell can show
    shared: pl.DataFrame | None = None  # value → index in the shared strings ("value", "index")
    wrap_width: int | None = None  # characters per line, when the text wraps



def escaped(cell: pl.Expr) -> pl.Expr:
    """Text as XML character data."""
    # Most cells need nothing: a quick search spares them the replacements.
    needed = cell.str.contains_any([*_XML, "_x"])
    replaced = (cell.str.replace_all(r"_(x[0-9A-Fa-f]{4}_)", "_x005F_$1")
                .str.replace_many(_XML))
    return pl.when(needed).then(replaced).otherwise(cell)


def shown(cell: pl.Expr, too_long: bool) -> pl.Expr:
    """The text of a cell cut to what Excel shows, when some cell is longer."""
    return cell.str.slice(0, MAX_CHARS) if too_long else cell


def shared_items(values: pl.Series) -> pl.Series:
    """The ``<si>`` elements of the shared strings, in index order."""
    return pl.select(pl.concat_str(pl.lit('<si><t xml:space="preserve">'),
                                   escaped(shown(pl.lit(values), too_long=True)),
                                   pl.lit("</t></si>"))).to_series()


def _cell(name: str, dtype: pl.DataType, column: int, spec: Column) -> pl.Expr:
    """One ``<c>`` element, or null for an empty cell (then nothing is written)."""
    value, start = pl.col(name), (pl.lit(f'<c r="{column_name(column)}'), pl.col(ROW_NUMBER))
    if dtype == pl.String and spec.shared is not None:
        # The whole rest of the element per distinct value: a lookup, no work per cell.
        rest = pl.concat_str(
            pl.lit('" s="'),
            pl.when(formula_like(pl.col("value"))).then(pl.lit(str(spec.quoted_style)))
            .otherwise(pl.lit(str(spec.style))),
            pl.lit('" t="s"><v>'), pl.col("index").cast(pl.String), pl.lit("</v></c>"))
        lookup = spec.shared.select("value", rest.alias("rest"))
        return pl.concat_str(*start, value.replace_strict(lookup["value"], lookup["rest"]))
    if dtype == pl.String:
        text = shown(value, spec.too_long)
        style = (pl.when(formula_like(text)).then(pl.lit(str(spec.quoted_style)))
                 .otherwise(pl.lit(str(spec.style))))
        return pl.concat_str(*start, pl.lit('" s="'), style,
                             pl.lit('" t="inlineStr"><is><t xml:space="preserve">'),
                             escaped(text), pl.lit("</t></is></c>"))
    if dtype.is_numeric():
        # NaN and infinity are no numbers to a spreadsheet: left empty.
        number = (pl.when(value.is_finite()).then(value) if dtype.is_float() else value)
        return pl.concat_str(*start, pl.lit(f'" s="{spec.style}"><v>'),
                             number.cast(pl.String), pl.lit("</v></c>"))
    return pl.concat_str(*start, pl.lit(f'" s="{spec.style}" t="inlineStr"><is><t '
                                       'xml:space="preserve">'),
                         escaped(shown(value.cast(pl.String), spec.too_long)),
                         pl.lit("</t></is></c>"))


def row_xml(schema: pl.Schema, columns: Mapping[str, Column]) -> pl.Expr:
    """One ``<row>`` element per row of a frame that has its row number (as text) in
    ``ROW_NUMBER``."""
    cells = [_cell(name, dtype, n, columns[name]) for n, (name, dtype) in enumerate(schema.items())]
    return pl.concat_str(pl.lit('<row r="'), pl.col(ROW_NUMBER), pl.lit('"'),
                         _height(columns), pl.lit(">"),
                         pl.concat_str(cells, ignore_nulls=True), pl.lit("</row>"))


def _height(columns: Mapping[str, Column]) -> pl.Expr:
    """A taller row where wrapped text needs more than one line: spreadsheet programs do
    not all grow such rows by themselves. A line holds a little less than the column's
    width in characters, because words wrap whole."""
    wrapped = {c: spec.wrap_width for c, spec in columns.items() if spec.wrap_width}
    if not wrapped:
        return pl.lit("")
    lines = pl.max_horizontal(
        (pl.col(c).cast(pl.String).str.len_chars() / max(w - 4, 1)).ceil().fill_null(1)
        for c, w in wrapped.items()).cast(pl.Int64)
    return (pl.when(lines > 1)
            .then(pl.format(' ht="{}" customHeight="1"', lines * LINE_PIXELS * 3 // 4))
            .otherwise(pl.lit("")))
