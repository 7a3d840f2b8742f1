"""A change shows its sign in every document, as in the Markdown report («+1,7»)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
from mayak.render import render_docx, render_html
from mayak.render._document import Column, Part, Table
from mayak.render._xlsx_report import render_xlsx

from tests.test_render_docx import _read, _rows
from tests.test_render_html import parsed, small

CHANGES = [1.5, -0.5, 0.0, None]
TABLE = Table(pl.DataFrame({"name": ["а", "б", "в", "г"], "change": CHANGES,
                            "free": CHANGES}),
              (Column("name", "Единица"),
               Column("change", "Изменение", "number", 1, signed=True),
               Column("free", "Изменение как есть", "number", signed=True)))
DOCUMENT = small((Part("t", "Т", tables=(TABLE,)),))


def test_html_and_docx_show_the_sign_of_a_rise() -> None:
    numbers = [content for content, kind in parsed(render_html(DOCUMENT)).cells if kind == "num"]
    assert numbers == ["+1,5", "+1,5", "-0,5", "-0,5", "0,0", "0", "—", "—"]
    rows = _rows(_read(render_docx(DOCUMENT)).tables[0])
    assert [row[1:] for row in rows[1:]] == [["+1,5", "+1,5"], ["-0,5", "-0,5"],
                                             ["0,0", "0"], ["—", "—"]]


def test_a_workbook_keeps_numbers_and_formats_the_sign(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    render_xlsx(DOCUMENT, path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    formats = {c.number_format for row in sheet.iter_rows() for c in row
               if c.value in (1.5, -0.5)}
    assert formats == {"+#,##0.0;-#,##0.0;#,##0.0", "+General;-General;General"}
