"""A report section's several tables on one workbook sheet: one table with a first column
naming each row's table; headers unique as Excel wants them (letter case aside), whatever
the spec's titles; a header whose values differ in kind between the tables kept apart."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
from mayak.render import Column, Document, Part, Table
from mayak.render._xlsx_report import render_xlsx


def _sheet(tmp_path: Path, *tables: Table) -> list[tuple[object, ...]]:
    document = Document(title="Отчёт", lang="ru", parts=(Part("scores", "Баллы",
                                                              tables=tables),))
    path = tmp_path / "r.xlsx"
    render_xlsx(document, path)
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) == 1
    rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    header = next(n for n, row in enumerate(rows) if row[0] in ("Период", "Таблица"))
    return [row for row in rows[header:] if any(cell is not None for cell in row)]


def _table(period: str, columns: tuple[Column, ...], frame: pl.DataFrame, **fields: object
           ) -> Table:
    return Table(frame, columns, key=("Период", period), **fields)  # type: ignore[arg-type]


def test_a_column_titled_as_the_key_is_kept_apart(tmp_path: Path) -> None:
    columns = (Column("unit", "Единица"), Column("p", "период"))  # a class titled so
    frame = pl.DataFrame({"unit": ["А", "Б"], "p": ["до 60", "61–120"]})
    rows = _sheet(tmp_path, _table("2023 г.", columns, frame), _table("2022 г.", columns, frame))
    assert rows[0] == ("Период", "Единица", "период (2)")
    assert [row[0] for row in rows[1:]] == ["2023 г.", "2023 г.", "2022 г.", "2022 г."]
    assert [row[2] for row in rows[1:]] == ["до 60", "61–120"] * 2


def test_a_header_with_numbers_in_one_table_and_text_in_another_keeps_both(
        tmp_path: Path) -> None:
    first = _table("2023 г.", (Column("v", "Итого", "number", 1),),
                   pl.DataFrame({"v": [1.5]}))
    second = _table("2022 г.", (Column("v", "Итого"),), pl.DataFrame({"v": ["нет данных"]}))
    rows = _sheet(tmp_path, first, second)
    assert rows[0] == ("Период", "Итого", "Итого (2)")
    assert rows[1] == ("2023 г.", 1.5, None)  # a number, not the text «1.5»
    assert rows[2] == ("2022 г.", None, "нет данных")


def test_bold_rows_and_a_header_named_bold(tmp_path: Path) -> None:
    columns = (Column("u", "bold"), Column("v", "Итого", "integer"))
    frame = pl.DataFrame({"u": ["Все", "А"], "v": [3, 1], "b": [True, False]})
    with_bold = _table("2023 г.", columns, frame, bold="b")
    plain = _table("2022 г.", columns, frame.drop("b"))
    rows = _sheet(tmp_path, with_bold, plain)
    assert rows[0] == ("Период", "bold", "Итого")  # the bold flag itself is not written
    assert [row[1:] for row in rows[1:]] == [("Все", 3), ("А", 1)] * 2


def test_tables_without_key_or_title_say_their_notes_plainly(tmp_path: Path) -> None:
    columns = (Column("v", "Итого", "integer"),)
    one = Table(pl.DataFrame({"v": [1]}), columns, notes=("только здесь",))
    other = Table(pl.DataFrame({"v": [2]}), columns)
    document = Document(title="Отчёт", lang="ru", parts=(Part("t", "Т", tables=(one, other)),))
    path = tmp_path / "r.xlsx"
    render_xlsx(document, path)
    cells = [c for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    assert ": только здесь" in cells and "None: только здесь" not in cells
