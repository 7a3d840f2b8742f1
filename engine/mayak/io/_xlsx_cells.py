"""Sheet XML made by Polars expressions: one ``<row>`` element per row of a frame.

Text that repeats (yes/no, outcomes, categories, explanations) goes to the workbook's
shared strings: each distinct value is escaped and checked once, and a cell only refers to
it by number. Other text is written in the cell (an inline string). Either way a cell that
a spreadsheet would take for a formula gets the quote-prefix style: it stays text.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from msgspec import Struct, field

from mayak.io._spreadsheet import column_name, formula_like

MAX_CHARS = 32_767  # Excel shows no more characters in a cell
LINE_PIXELS = 20  # height of one line of text in a row
ROW_NUMBER = "__mayak_row"  # not a name a column can have (no leading "_" in specs)

# XML 1.0 cannot hold most control characters: Excel writes them as _xHHHH_, and a text
# that already reads like that is kept by escaping its underscore (_x005F).
_CONTROL = {chr(c): f"_x{c:04X}_" for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                              0xFFFE, 0xFFFF]}
_XML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", **_CONTROL}


class Styles(Struct, frozen=True):
    """The cell formats (style numbers) a column's cells may take."""

    plain: int
    quoted: int  # marked as text: for a value that looks like a formula
    bold: int
    bold_quoted: int
    status: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # value → (plain, bold)
    # A number's decimals per row: the frame column giving them, decimals → (plain, bold).
    digits_column: str | None = None
    by_digits: Mapping[int, tuple[int, int]] = field(default_factory=dict)


class Column(Struct, frozen=True):
    """How the cells of one column are written."""

    styles: Styles
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


def _style(value: pl.Expr, dtype: pl.DataType, spec: Column, *, bold: bool) -> pl.Expr:
    """The style number of a cell (as text), for a row in bold or not."""
    styles = spec.styles
    plain, quoted = (styles.bold, styles.bold_quoted) if bold else (styles.plain, styles.quoted)
    style: pl.Expr = pl.lit(str(plain))
    if dtype == pl.String:
        style = pl.when(formula_like(value)).then(pl.lit(str(quoted))).otherwise(style)
        if styles.status:
            filled = {v: str(pair[1] if bold else pair[0]) for v, pair in styles.status.items()}
            style = value.replace_strict(filled, default=style, return_dtype=pl.String)
    elif styles.by_digits and styles.digits_column is not None:
        fixed = {d: str(pair[1] if bold else pair[0]) for d, pair in styles.by_digits.items()}
        style = pl.col(styles.digits_column).replace_strict(fixed, default=style,
                                                            return_dtype=pl.String)
    return style


def _styled(value: pl.Expr, dtype: pl.DataType, spec: Column, bold: str | None) -> pl.Expr:
    """The style number of each cell: bold where the ``bold`` column is true."""
    if bold is None:
        return _style(value, dtype, spec, bold=False)
    return (pl.when(pl.col(bold)).then(_style(value, dtype, spec, bold=True))
            .otherwise(_style(value, dtype, spec, bold=False)))


def _serial(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A date or a date and time as Excel's serial number (days since 1899-12-30, the
    1900 date system); null before 1900-03-01, where Excel's count is off by its phantom
    29 February 1900 (such a date is written as text)."""
    if isinstance(dtype, pl.Datetime):
        moment = value.dt.replace_time_zone(None) if dtype.time_zone else value
        days = ((moment - pl.datetime(1899, 12, 30)).dt.total_microseconds()
                / 86_400_000_000)
        since = moment >= pl.datetime(1900, 3, 1)
    else:
        days = (value - pl.date(1899, 12, 30)).dt.total_days()
        since = value >= pl.date(1900, 3, 1)
    return pl.when(since).then(days)


def _cell(name: str, dtype: pl.DataType, column: int, spec: Column,
          bold: str | None) -> pl.Expr:
    """One ``<c>`` element, or null for an empty cell (then nothing is written)."""
    value, start = pl.col(name), (pl.lit(f'<c r="{column_name(column)}'), pl.col(ROW_NUMBER))
    if dtype == pl.String and spec.shared is not None:
        # The rest of the element per distinct value (style and index): a lookup, no work
        # per cell beyond choosing bold or not.
        index = pl.col("index").cast(pl.String)
        rests = spec.shared.select(
            "value", *[pl.concat_str(pl.lit('" s="'), _style(pl.col("value"), dtype, spec,
                                                              bold=b),
                                     pl.lit('" t="s"><v>'), index, pl.lit("</v></c>"))
                       .alias(str(b)) for b in (False, True)])
        rest = value.replace_strict(rests["value"], rests["False"])
        if bold is not None:
            rest = pl.when(pl.col(bold)).then(
                value.replace_strict(rests["value"], rests["True"])).otherwise(rest)
        return pl.concat_str(*start, rest)
    style = _styled(value, dtype, spec, bold)
    if dtype == pl.String:
        text = shown(value, spec.too_long)
        return pl.concat_str(*start, pl.lit('" s="'), style,
                             pl.lit('" t="inlineStr"><is><t xml:space="preserve">'),
                             escaped(text), pl.lit("</t></is></c>"))
    number: pl.Expr | None = None
    if dtype.is_numeric():
        # NaN and infinity are no numbers to a spreadsheet: left empty.
        number = pl.when(value.is_finite()).then(value) if dtype.is_float() else value
    elif dtype == pl.Date or isinstance(dtype, pl.Datetime):
        number = _serial(value, dtype)
    as_text = pl.concat_str(*start, pl.lit('" s="'), style,
                            pl.lit('" t="inlineStr"><is><t xml:space="preserve">'),
                            escaped(shown(value.cast(pl.String), spec.too_long)),
                            pl.lit("</t></is></c>"))
    if number is None:
        return as_text
    as_number = pl.concat_str(*start, pl.lit('" s="'), style, pl.lit('"><v>'),
                              number.cast(pl.String), pl.lit("</v></c>"))
    if dtype.is_numeric():
        return as_number
    return pl.coalesce(as_number, as_text)  # a date Excel cannot count stays as text


def row_xml(schema: pl.Schema, columns: Mapping[str, Column], bold: str | None = None
            ) -> pl.Expr:
    """One ``<row>`` element per row of a frame that has its row number (as text) in
    ``ROW_NUMBER``; the rows where the Boolean column ``bold`` is true are in bold."""
    cells = [_cell(name, dtype, n, columns[name], bold)
             for n, (name, dtype) in enumerate(schema.items())]
    return pl.concat_str(pl.lit('<row r="'), pl.col(ROW_NUMBER), pl.lit('"'),
                         _height(columns), pl.lit(">"),
                         pl.concat_str(cells, ignore_nulls=True), pl.lit("</row>"))


def _height(columns: Mapping[str, Column]) -> pl.Expr:
    """A taller row where wrapped text needs more than one line: spreadsheet programs do
    not all grow such rows by themselves. A column's width counts digits, which are wider
    than most letters: a line holds about as many characters, words wrapping whole."""
    wrapped = {c: spec.wrap_width for c, spec in columns.items() if spec.wrap_width}
    if not wrapped:
        return pl.lit("")
    lines = pl.max_horizontal(
        (pl.col(c).cast(pl.String).str.len_chars() / max(w - 1, 1)).ceil().fill_null(1)
        for c, w in wrapped.items()).cast(pl.Int64)
    return (pl.when(lines > 1)
            .then(pl.format(' ht="{}" customHeight="1"', lines * LINE_PIXELS * 3 // 4))
            .otherwise(pl.lit("")))
