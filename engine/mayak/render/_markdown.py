"""Markdown text and tables: text made safe for Markdown, tables drawn as Polars draws them.

Text from data files (a municipality «A|B», a cell written over two lines in Excel, «<b>»)
must not change a document's layout: a «|» would end a table cell, a line break would start
a row, «<» would open HTML and «](» make a link. Such characters are escaped; a line break
becomes a space, as Markdown itself would show it.

A table of plain text is drawn directly, exactly as Polars' formatter would draw it, at a
fraction of the cost; any other table is drawn by Polars (``pl.Config``).
"""

from __future__ import annotations

import re

import polars as pl

# Characters Polars' formatter draws one column wide and as they are (no line breaks, no
# zero-width or wide characters). tests/test_render_markdown.py checks each against Polars.
ONE_COLUMN = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x48A, 0x52F),
              (0x2010, 0x2027), (0x202F, 0x205E), (0x20A0, 0x20BF), (0x2100, 0x214F),
              (0x2190, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F))
_PLAIN = "^[" + "".join(f"\\x{{{low:X}}}-\\x{{{high:X}}}" for low, high in ONE_COLUMN) + "]*$"
CELL_CHARS = 1000  # polars_text's fmt_str_lengths: Polars cuts longer cells
TABLE_CHARS = 10_000  # polars_text's tbl_width_chars: Polars wraps wider tables
# Escapes, in order (the backslash first): what they keep from changing the layout.
_ESCAPES = (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), ("](", "]\\("))
_BREAK = r"\r\n|\r|\n"
_MARKUP = r"[\\|<\r\n]|\]\("  # a text holding none of these is left as it is


def markdown_text(text: str) -> str:
    """``text`` safe inside a Markdown document or table cell."""
    for plain, escaped in _ESCAPES:
        text = text.replace(plain, escaped)
    return re.sub(_BREAK, " ", text)


def _escaped(expr: pl.Expr) -> pl.Expr:
    """``markdown_text`` of each text in a column."""
    for plain, escaped in _ESCAPES:
        expr = expr.str.replace_all(plain, escaped, literal=True)
    return expr.str.replace_all(_BREAK, " ")


def _safe(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its headers and texts made safe (only the columns that need it)."""
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    marked = (frame.select(pl.col(n).str.contains(_MARKUP).any() for n in texts).row(0)
              if texts and frame.height else [False] * len(texts))
    frame = frame.with_columns(_escaped(pl.col(n)) for n, hit in zip(texts, marked, strict=True)
                               if hit)
    return frame.rename({n: markdown_text(n) for n in frame.columns if re.search(_MARKUP, n)})


def polars_text(frame: pl.DataFrame, formatting: str) -> str:
    """The frame as Polars prints it, whole, in the given table style."""
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True,
                   tbl_hide_column_data_types=True, fmt_str_lengths=1000,
                   tbl_width_chars=10_000, tbl_formatting=formatting,  # type: ignore[arg-type]
                   tbl_cell_alignment="LEFT"):
        return str(frame)


def _widths(frame: pl.DataFrame) -> list[int] | None:
    """Each column's width when every header and cell is plain text that Polars draws as it
    is, else None."""
    names = frame.columns
    if frame.height == 0 or not names or any(d != pl.String for d in frame.dtypes):
        return None
    headers = pl.Series(names, dtype=pl.String)
    if not (headers.str.contains(_PLAIN).all() and headers.str.len_chars().is_between(
            1, CELL_CHARS).all()):
        return None
    plain = frame.select(pl.all_horizontal(
        pl.col(n).str.contains(_PLAIN).fill_null(False) for n in names).all()).item()
    if not plain:
        return None
    measured = frame.select(*(pl.col(n).str.len_chars().max().alias(f"{i}") for i, n in
                              enumerate(names)),
                            *(_drawn_width(pl.col(n)).max().alias(f"w{i}") for i, n in
                              enumerate(names))).row(0)
    lengths, drawn = measured[:len(names)], measured[len(names):]
    widths = [max(_width(n), width) for n, width in zip(names, drawn, strict=True)]
    if max(lengths) > CELL_CHARS or sum(widths) + 3 * len(widths) + 1 > TABLE_CHARS:
        return None
    return widths


# Polars draws a text of one or two characters, not all ASCII, one column wider ("Б" takes
# two): checked against Polars for every such text of up to five characters.
def _width(text: str) -> int:
    return len(text) + (not text.isascii() and len(text) <= 2)


def _drawn_width(text: pl.Expr) -> pl.Expr:
    chars = text.str.len_chars()
    return chars + ((text.str.len_bytes() > chars) & (chars <= 2)).cast(pl.UInt32)


def markdown_table(frame: pl.DataFrame) -> str:
    """``frame`` as Polars draws it in Markdown, its text made safe for Markdown (see
    ``markdown_text``): drawn directly, one Polars expression for the rows, when its text
    is plain; else by Polars."""
    return "".join(table_pieces(frame))


def table_pieces(frame: pl.DataFrame) -> list[str]:
    """``markdown_table`` in pieces, joined once with the rest of the document: the rows of
    a national report are megabytes, and each concatenation would copy them."""
    frame = _safe(frame)
    widths = _widths(frame)
    if widths is None:
        return [polars_text(frame, "MARKDOWN")]
    pairs = list(zip(frame.columns, widths, strict=True))
    header = "| " + " | ".join(name.ljust(width) for name, width in pairs) + " |"
    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    rows = frame.select(pl.concat_str(
        [pl.lit("| "), pl.concat_str([pl.col(n).str.pad_end(w) for n, w in pairs],
                                     separator=" | "), pl.lit(" |")]).str.join("\n")).item()
    return [header, "\n", rule, "\n", rows]
