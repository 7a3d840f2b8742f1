"""A report table as a Word table: a grouped two-row header with merged cells, repeated on
every page; values as Russian tables print them (decimal comma, « %», statuses as words on
a light fill by tone); bold rows. The rows are written as XML by Polars expressions, a
column at a time, so a table of thousands of rows takes no Python loop."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import groupby

import polars as pl

from mayak.expr._format import format_fixed, format_number
from mayak.messages._catalogue import Lang
from mayak.render._document import TONES, Column, Table, row_digits
from mayak.render._docx_style import text_width

PORTRAIT_COLUMNS = 9  # wider tables go on a landscape page
MOST_COLUMNS = 24  # wider ones still are cut into parts that repeat the row labels
_FILLS = {"good": "E2EFDA", "bad": "FBE2D5", "unknown": "EDEDED"}
_HEADER_FILL = "F2F2F2"
_DASH = "—"
_NUMERIC = ("integer", "number", "percent")
# Characters XML 1.0 cannot hold; a value carrying one keeps the rest of its text.
_NOT_XML = r"[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]"
_NOT_XML_RE = re.compile(_NOT_XML)
_T = '<w:t xml:space="preserve">'


def clean(text: str) -> str:
    """Text without the characters a Word document cannot hold."""
    return _NOT_XML_RE.sub("", text)


def pieces(table: Table, statuses: Mapping[str, str], lang: Lang,
           ) -> list[tuple[Column, ...]]:
    """The columns in parts that fit a landscape page at 8 pt with their values unbroken,
    each repeating the row labels (the columns before the first group; or the first
    column) and keeping groups whole."""
    columns = table.columns
    if not columns:
        return []
    lengths = _lengths(table.frame, _texts(table, columns, statuses, lang))
    hard = dict(zip(columns, _bounds(columns, lengths, 16)[0], strict=True))
    room = text_width(landscape=True)
    if len(columns) <= MOST_COLUMNS and sum(hard.values()) <= room:
        return [tuple(columns)]
    grouped = [n for n, c in enumerate(columns) if c.group is not None]
    stub = list(columns[:grouped[0] if grouped and grouped[0] > 0 else 1])
    units: list[list[Column]] = []
    for group, run in groupby(columns[len(stub):], key=lambda c: c.group):
        mine = list(run)
        units += [mine] if group is not None else [[c] for c in mine]
    found = _pack(stub, units, hard, MOST_COLUMNS, room)
    # As many parts, but even: the least limits that still give that many.
    for most in range(len(stub) + 1, MOST_COLUMNS):
        even = _pack(stub, units, hard, most, room * most // MOST_COLUMNS)
        if len(even) == len(found):
            return even
    return found


def _pack(stub: list[Column], units: list[list[Column]], hard: Mapping[Column, int],
          most: int, room: int) -> list[tuple[Column, ...]]:
    """The units in order, as many to a part as fit ``most`` columns and ``room`` dxa."""
    found: list[tuple[Column, ...]] = []
    current: list[Column] = []
    for unit in units:
        more = [*stub, *current, *unit]
        if current and (len(more) > most or sum(hard[c] for c in more) > room):
            found.append((*stub, *current))
            current = []
        current += unit
    found.append((*stub, *current))
    return found


def font_size(count: int) -> int:
    """The table's font size in half-points: smaller as the table widens."""
    if count <= 7:
        return 24 if count <= 5 else 22
    return 20 if count <= 14 else 18 if count <= 19 else 16


def shown(column: Column, dtype: pl.DataType, statuses: Mapping[str, str],
          lang: Lang, digits: tuple[int, ...] = ()) -> pl.Expr:
    """A column's values as the справка prints them; «—» for a missing number.
    ``digits``: the decimals of the rows, when they differ."""
    value = pl.col(column.name)
    if column.kind in _NUMERIC and dtype.is_numeric():
        if column.kind == "integer" and dtype.is_integer():
            text = value.cast(pl.Int64, strict=False).cast(pl.String)
        elif column.digits_column is not None:
            text = format_number(value, lang, digits, column.digits_column)
        elif column.digits is None and column.kind != "integer":
            text = format_number(value, lang)
        else:
            text = format_fixed(value, column.digits or 0, lang)
        if column.kind == "percent":
            text = text + pl.lit("\u00a0%")
        if column.signed:
            text = pl.when(value > 0).then(pl.lit("+") + text).otherwise(text)
        missing = value.is_null() | (~value.is_finite() if dtype.is_float() else pl.lit(False))
        return pl.when(missing).then(pl.lit(_DASH)).otherwise(text)
    if column.kind == "date" and dtype.is_temporal():
        return value.dt.strftime("%d.%m.%Y" if lang == "ru" else "%Y-%m-%d").fill_null(_DASH)
    text = value.cast(pl.String, strict=False)
    if column.kind == "status":
        text = text.replace_strict(dict(statuses), default=text)
    return text.fill_null(_DASH if column.kind in _NUMERIC else "")


def _xml_text(text: pl.Expr) -> pl.Expr:
    """Text for the inside of ``w:t``: escaped, line breaks and tabs as Word's own."""
    return (text.str.replace_all(_NOT_XML, "")
            .str.replace_all("&", "&amp;", literal=True)
            .str.replace_all("<", "&lt;", literal=True)
            .str.replace_all(">", "&gt;", literal=True)
            .str.replace_all("\r\n", "\n", literal=True)
            .str.replace_all("\r", "\n", literal=True)
            .str.replace_all("\n", f"</w:t><w:br/>{_T}", literal=True)
            .str.replace_all("\t", f"</w:t><w:tab/>{_T}", literal=True))


def _lengths(frame: pl.DataFrame, texts: list[pl.Expr]) -> list[tuple[int, int]]:
    """Each column's longest value and longest word, in characters."""
    if not frame.height:
        return [(0, 0)] * len(texts)
    words = [t.str.split(" ").list.eval(pl.element().str.len_chars()).list.max() for t in texts]
    found = frame.select(*(t.str.len_chars().max().fill_null(0).alias(f"all{n}")
                           for n, t in enumerate(texts)),
                         *(w.max().fill_null(0).alias(f"word{n}")
                           for n, w in enumerate(words))).row(0)
    return [(int(found[n]), int(found[len(texts) + n])) for n in range(len(texts))]


def _bounds(columns: Sequence[Column], lengths: list[tuple[int, int]],
            size: int) -> tuple[list[int], list[int], list[int]]:
    """Each column's widths (dxa) at three wishes: its values unbroken (a number, a word of
    text), its heading's words unbroken too, and all it would like (short text on one line,
    long text wrapped at about 45 characters)."""
    char, bold, pad = size * 28 // 5, size * 13 // 2, 150  # about .56 and .65 em; margins
    hard, need, desire = [], [], []
    for column, (longest, word) in zip(columns, lengths, strict=True):
        heading = max((len(w) for w in re.split(r"[\s\-–/]+", column.title)), default=1)
        text = column.kind in ("text", "status")  # may wrap between words
        values = max(min(word, 16) if text else longest, 3 if text else 2) * char + pad
        hard.append(values)
        need.append(max(values, min(heading, 16) * bold + pad))
        desire.append(max(need[-1], min(longest, 45) * char + pad) if text else need[-1])
    return hard, need, desire


def _share(hard: list[int], need: list[int], desire: list[int], total: int) -> list[int]:
    """Widths filling ``total``: what each would like if all fit; else the most wishes
    that fit for all, the rest shared in proportion to what each wishes more."""
    widths: list[float] = [float(h) for h in hard]
    for low, high in ((hard, need), (need, desire)):
        if sum(high) <= total:
            continue
        if sum(low) >= total:
            widths = [total * w / sum(low) for w in low]
        else:
            share = (total - sum(low)) / (sum(high) - sum(low))
            widths = [w + (h - w) * share for w, h in zip(low, high, strict=True)]
        break
    else:
        widths = [total * d / sum(desire) for d in desire]
    found = [int(w) for w in widths]
    found[-1] += total - sum(found)
    return found


def _texts(table: Table, columns: Sequence[Column], statuses: Mapping[str, str],
           lang: Lang) -> list[pl.Expr]:
    schema = table.frame.schema
    return [shown(c, schema[c.name], statuses, lang, row_digits(table.frame, c))
            for c in columns]


def wide(table: Table, columns: Sequence[Column], lang: Lang) -> bool:
    """Whether these columns need a landscape page: too many, or too wide for portrait,
    down to 10 pt, with some room (18 characters a line) for their text."""
    if len(columns) > PORTRAIT_COLUMNS:
        return True
    lengths = _lengths(table.frame, _texts(table, columns, {}, lang))
    for size in range(font_size(len(columns)), 19, -2):
        _, need, desire = _bounds(columns, lengths, size)
        roomy = size * 28 // 5 * 18 + 150
        if sum(max(n, min(d, roomy)) for n, d in zip(need, desire, strict=True)) <= (
                text_width(landscape=False)):
            return False
    return True


def _fit(columns: Sequence[Column], lengths: list[tuple[int, int]], total: int) -> int:
    """The largest font size, down to 8 pt, at which every heading word fits its column."""
    size = font_size(len(columns))
    while size > 16 and sum(_bounds(columns, lengths, size)[1]) > total:
        size -= 2
    return size


def _cell(width: int, content: str, *, fill: str | None = None, span: int = 1,
          merge: str | None = None, align: str = "center", bold: bool = True,
          size: int = 20, style: str = "") -> str:
    """A heading cell's XML."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    props += {None: "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"
              }[merge]
    props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    props += '<w:vAlign w:val="center"/>'
    run = ""
    if content:
        escaped = (content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                   .replace("\n", f"</w:t><w:br/>{_T}"))
        run = (f"<w:r><w:rPr>{'<w:b/><w:bCs/>' if bold else ''}<w:sz w:val=\"{size}\"/>"
               f'<w:szCs w:val="{size}"/></w:rPr>{_T}{escaped}</w:t></w:r>')
    return (f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>'
            f'<w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>')


def _header(columns: Sequence[Column], widths: list[int], size: int, style: str) -> str:
    """One heading row, or two where columns are grouped: the group's title merged across
    its columns above their own titles, the other titles merged down both rows."""
    row = '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{}</w:tr>'
    if all(c.group is None for c in columns):
        return row.format("".join(_cell(w, clean(c.title), fill=_HEADER_FILL, size=size,
                                         style=style) for c, w in zip(columns, widths,
                                                                      strict=True)))
    top, bottom = [], []
    at = 0
    for group, run in groupby(columns, key=lambda c: c.group):
        mine = list(run)
        spans = widths[at:at + len(mine)]
        at += len(mine)
        if group is None:
            for column, width in zip(mine, spans, strict=True):
                top.append(_cell(width, clean(column.title), fill=_HEADER_FILL,
                                 merge="restart", size=size, style=style))
                bottom.append(_cell(width, "", fill=_HEADER_FILL, merge="continue",
                                    size=size, style=style))
            continue
        top.append(_cell(sum(spans), clean(group), fill=_HEADER_FILL, span=len(mine),
                         size=size, style=style))
        bottom += [_cell(width, clean(c.title), fill=_HEADER_FILL, size=size, style=style)
                   for c, width in zip(mine, spans, strict=True)]
    return row.format("".join(top)) + row.format("".join(bottom))


def _body(table: Table, columns: Sequence[Column], texts: list[pl.Expr], widths: list[int],
          *, size: int, style: str) -> str:
    """Every data row's XML, built column by column."""
    if table.frame.height == 0:
        return ""
    bold = (pl.when(pl.col(table.bold).fill_null(False)).then(pl.lit("<w:b/><w:bCs/>"))
            .otherwise(pl.lit("")) if table.bold else pl.lit(""))
    fills = {code: f'<w:shd w:val="clear" w:color="auto" w:fill="{_FILLS[tone]}"/>'
             for code, tone in TONES.items() if tone in _FILLS}
    parts: list[pl.Expr] = [pl.lit("<w:tr><w:trPr><w:cantSplit/></w:trPr>")]
    for column, text, width in zip(columns, texts, widths, strict=True):
        fill = (pl.col(column.name).cast(pl.String).replace_strict(
                    fills, default=pl.lit(""), return_dtype=pl.String)
                if column.kind == "status" else pl.lit(""))
        align = "left" if column.kind == "text" else "center"
        parts += [pl.lit(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'), fill,
                  pl.lit(f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>'
                         f'<w:pStyle w:val="{style}"/><w:jc w:val="{align}"/></w:pPr>'
                         "<w:r><w:rPr>"), bold,
                  pl.lit(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>{_T}'),
                  _xml_text(text), pl.lit("</w:t></w:r></w:p></w:tc>")]
    parts.append(pl.lit("</w:tr>"))
    return str(table.frame.select(pl.concat_str(parts).str.join("")).item())


def table_xml(table: Table, columns: Sequence[Column], *, statuses: Mapping[str, str],
              lang: Lang, total: int, style: str, size: int | None = None,
              header: bool = True) -> str:
    """The XML of the Word table of ``columns`` of ``table`` (inside a document that
    declares the ``w`` namespace), ``total`` dxa wide; ``size`` in
    half-points (None: by the number of columns, smaller if the headings need it)."""
    texts = _texts(table, columns, statuses, lang)
    lengths = _lengths(table.frame, texts)
    size = size or _fit(columns, lengths, total)
    widths = _share(*_bounds(columns, lengths, size), total)
    border = '<w:{} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right",
                                                        "insideH", "insideV"))
    xml = ("<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>"
           f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
           '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
           '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
           'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
           + (_header(columns, widths, size, style) if header else "")
           + _body(table, columns, texts, widths, size=size, style=style) + "</w:tbl>")
    return xml
