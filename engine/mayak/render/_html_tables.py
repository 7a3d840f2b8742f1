"""A document's table as HTML: every cell formatted and escaped by Polars expressions (no
loop over the rows), numbers in the reader's notation, statuses coloured by their tone,
grouped headings as a two-row header."""

from __future__ import annotations

import html
from collections.abc import Mapping

import polars as pl

from mayak.expr._rounding import scaled
from mayak.messages._catalogue import Lang
from mayak.render._document import TONES, Column, Table, row_digits

DASH = "—"
# Digits shown for a number the spec does not round (trailing zeros dropped).
_FREE_DIGITS = 6
# Thousands apart by a narrow no-break space in Russian, so that a number never wraps.
_GROUP = {"ru": "\u202f", "en": ","}
_DECIMAL = {"ru": ",", "en": "."}
_PERCENT = "\u00a0%"
_NUMERIC = ("integer", "number", "percent")
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def escaped(expr: pl.Expr) -> pl.Expr:
    """The text of ``expr`` safe inside HTML (as ``html.escape`` does it)."""
    for plain, entity in _ESCAPES:
        expr = expr.str.replace_all(plain, entity, literal=True)
    return expr


def _grouped(digits: pl.Expr, lang: Lang) -> pl.Expr:
    """Thousands of a string of digits set apart: ``1234567`` → ``1 234 567``."""
    mark = _GROUP[lang]
    return (digits.str.reverse().str.replace_all(r"(\d{3})", "${1}" + mark)
            .str.strip_chars_end(mark).str.reverse())


def number_text(value: pl.Expr, digits: int | None, lang: Lang) -> pl.Expr:
    """A number as people read it: ``digits`` decimals (None: as computed, up to six, no
    trailing zeros), rounded half away from zero, thousands grouped; «—» for none."""
    shown = _FREE_DIGITS if digits is None else digits
    value = value.cast(pl.Float64)
    units = scaled(value.abs(), shown).cast(pl.Int64, strict=False)
    whole = units // 10**shown
    fraction = (units % 10**shown).cast(pl.String).str.zfill(shown)
    if digits is None:
        fraction = fraction.str.strip_chars_end("0")
    sign = pl.when((value < 0) & (units != 0)).then(pl.lit("-")).otherwise(pl.lit(""))
    tail = (pl.when(fraction.str.len_chars() > 0).then(_DECIMAL[lang] + fraction)
            .otherwise(pl.lit("")) if shown else pl.lit(""))
    text = pl.concat_str(sign, _grouped(whole.cast(pl.String), lang), tail)
    return pl.when(value.is_finite()).then(text).otherwise(pl.lit(DASH)).fill_null(DASH)


def integer_text(value: pl.Expr, lang: Lang) -> pl.Expr:
    """A whole number with its thousands grouped; «—» for none."""
    value = value.cast(pl.Int64, strict=False)
    sign = pl.when(value < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str(sign, _grouped(value.abs().cast(pl.String), lang)).fill_null(DASH)


def _content(column: Column, dtype: pl.DataType, statuses: Mapping[str, str],
             lang: Lang, digits: tuple[int, ...] = ()) -> pl.Expr:
    """The cell's text, escaped; ``digits``: the decimals of the rows, when they differ."""
    value = pl.col(column.name)
    if column.kind == "integer" and dtype.is_numeric():
        return integer_text(value, lang)
    if column.kind in ("number", "percent") and dtype.is_numeric():
        shown = number_text(value, None if column.digits_column else column.digits, lang)
        for places in digits:  # a few numbers of decimals, not rows
            shown = (pl.when(pl.col(str(column.digits_column)) == places)
                     .then(number_text(value, places, lang)).otherwise(shown))
        if column.kind == "percent":
            shown = pl.when(value.is_finite()).then(shown + _PERCENT).otherwise(shown)
        if column.signed:
            shown = pl.when(value > 0).then(pl.lit("+") + shown).otherwise(shown)
        return shown
    if column.kind == "date" and dtype.is_temporal():
        return value.dt.strftime("%d.%m.%Y" if lang == "ru" else "%Y-%m-%d").fill_null(DASH)
    if column.kind == "status":
        code = value.cast(pl.String)
        return escaped(code.replace_strict(dict(statuses), default=code)).fill_null("")
    return escaped(value.cast(pl.String)).fill_null("")


def _cell(column: Column, dtype: pl.DataType, statuses: Mapping[str, str],
          lang: Lang, digits: tuple[int, ...] = ()) -> pl.Expr:
    content = _content(column, dtype, statuses, lang, digits)
    if column.kind == "status":
        tone = pl.col(column.name).cast(pl.String).replace_strict(
            dict(TONES), default=pl.lit("neutral")).fill_null("neutral")
        return pl.concat_str(pl.lit('<td class="st st-'), tone, pl.lit('">'), content,
                             pl.lit("</td>"))
    opening = '<td class="num">' if column.kind in _NUMERIC else "<td>"
    return pl.concat_str(pl.lit(opening), content, pl.lit("</td>"))


def _header(columns: tuple[Column, ...]) -> str:
    """One row of headings, or two where some columns are grouped under a common one."""
    e = html.escape
    if all(c.group is None for c in columns):
        return "<tr>" + "".join(f"<th>{e(c.title)}</th>" for c in columns) + "</tr>"
    top: list[str] = []
    below: list[str] = []
    n = 0
    while n < len(columns):
        group = columns[n].group
        if group is None:
            top.append(f'<th rowspan="2">{e(columns[n].title)}</th>')
            n += 1
            continue
        span = 1
        while n + span < len(columns) and columns[n + span].group == group:
            span += 1
        top.append(f'<th colspan="{span}" class="group">{e(group)}</th>')
        below += [f"<th>{e(c.title)}</th>" for c in columns[n:n + span]]
        n += span
    return f"<tr>{''.join(top)}</tr>\n<tr>{''.join(below)}</tr>"


def table_html(table: Table, statuses: Mapping[str, str], lang: Lang) -> str:
    """The table with its title above and its notes below."""
    frame = table.frame
    cells = [_cell(c, frame.schema[c.name], statuses, lang, row_digits(frame, c))
             for c in table.columns]
    opening = (pl.when(pl.col(table.bold)).then(pl.lit('<tr class="bold">'))
               .otherwise(pl.lit("<tr>")) if table.bold else pl.lit("<tr>"))
    body = (frame.select(pl.concat_str(opening, *cells, pl.lit("</tr>"))
                         .str.join("\n")).item() if frame.height else "")
    caption = (f'<h3 class="table-title">{html.escape(table.title)}</h3>\n'
               if table.title else "")
    notes = "".join(f'<p class="note">{html.escape(n)}</p>\n' for n in table.notes)
    return (f'{caption}<div class="scroll"><table>\n<thead>\n{_header(table.columns)}\n'
            f"</thead>\n<tbody>\n{body}\n</tbody>\n</table></div>\n{notes}")
