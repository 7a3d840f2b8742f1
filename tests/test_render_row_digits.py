"""The indicator form mixes indicators rounded to different decimals: each row of a
document shows its own indicator's («1,10» and «20,0», not «1,1» and «20»), as the Markdown
report does."""

from __future__ import annotations

from pathlib import Path

import mayak
import openpyxl
import polars as pl
from mayak.render import compose, render_docx, render_html
from mayak.render._document import Column, Part, Table
from mayak.render._xlsx_report import render_xlsx

from tests.test_render_docx import _read, _rows
from tests.test_render_html import parsed, small

TABLE = Table(pl.DataFrame({"name": ["а", "б", "в", "г"], "value": [1.1, 20.0, 196.0, 0.125],
                            "change": [0.1, -2.0, 4.0, None],
                            "decimals": [2, 1, 0, None]}),
              (Column("name", "Показатель"),
               Column("value", "Значение", "number", digits_column="decimals"),
               Column("change", "Изменение", "number", signed=True, digits_column="decimals")))
DOCUMENT = small((Part("t", "Т", tables=(TABLE,)),))
SHOWN = [["1,10", "+0,10"], ["20,0", "-2,0"], ["196", "+4"]]


def test_html_and_docx_show_each_row_with_its_decimals() -> None:
    numbers = [content for content, kind in parsed(render_html(DOCUMENT)).cells if kind == "num"]
    assert numbers[:6] == [cell for row in SHOWN for cell in row]
    assert numbers[6] == "0,125"  # a row without decimals: as computed
    rows = _rows(_read(render_docx(DOCUMENT)).tables[0])
    assert [row[1:] for row in rows[1:4]] == SHOWN
    assert rows[4][1] in ("0,13", "0,125")  # as computed: the справка shows two decimals


def test_a_workbook_gives_each_row_its_decimals_and_writes_no_extra_column(
        tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    render_xlsx(DOCUMENT, path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = [row for row in sheet.iter_rows() if row[0].value in ("а", "б", "в", "г")]
    assert [[c.number_format for c in row[1:]] for row in rows] == [
        ["#,##0.00", "+#,##0.00;-#,##0.00;#,##0.00"], ["#,##0.0", "+#,##0.0;-#,##0.0;#,##0.0"],
        ["#,##0", "+#,##0;-#,##0;#,##0"], ["General", "General"]]  # no decimals; no change
    assert all(len([c for c in row if c.value is not None]) <= 3 for row in rows)
    assert "decimals" not in {c.value for row in sheet.iter_rows() for c in row}


def test_the_report_form_shows_an_indicator_rounded_to_two_decimals_with_both(
        tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "d.yaml").write_text(
        "kind: dataset\nid: d\ntitle: D\ncolumns: {ok: {type: boolean}}\n", "utf-8")
    for name, digits in (("two", 2), ("one", 1)):
        (rules / f"{name}.yaml").write_text(
            f"kind: indicator\nid: {name}\ntitle: {name}\nunit: number\n"
            f"variables: {{A: {{count: d, where: ok}}, Z: {{count: d}}}}\n"
            f"formula: A / Z * 10\nrounding: {digits}\n", "utf-8")
    rules_set = mayak.load(rules)
    result = rules_set.evaluate({"d": pl.DataFrame({"ok": [True] * 11 + [False] * 89})})
    document = compose(result, rules_set.specs, rules_set.report_for(), "ru")
    shown = [content for content, kind in parsed(render_html(document)).cells if kind == "num"]
    # №, then the value: 11 / 100 * 10 to one decimal, then to two
    assert shown == ["1", "1,1", "2", "1,10"]
    rows = _rows(_read(render_docx(document)).tables[0])
    assert [row[4] for row in rows[1:3]] == ["1,1", "1,10"]
