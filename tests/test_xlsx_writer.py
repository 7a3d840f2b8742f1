"""The XLSX workbook writer, read back with openpyxl (a reader independent of the writer):
typed cells and their formats, status fills, bold rows, title block, frozen header,
filter buttons, print setup, sheet names, the details sheet, collapsed columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from mayak.io import _xlsx_write
from mayak.io._sheet_names import MAX_LENGTH, sheet_names
from mayak.io._xlsx_formats import FILLS, date, integer, number, percent, status
from mayak.io._xlsx_write import Sheet, details_sheet, write_workbook

STATUSES = {"достигнуто": "good", "не достигнуто": "bad", "нет данных": "unknown"}
FRAME = pl.DataFrame({
    "Показатель": ["Доля А", "Доля Б", "Число В", "Итого"],
    "Сумма": [1234, None, 7, 1241],
    "Значение": [12.345, 0.5, None, 3.25],
    "Доля, %": [12.5, 100.0, 0.0, 37.5],
    "Дата": [dt.date(2023, 3, 15), dt.date(2024, 2, 29), None, dt.date(2000, 1, 1)],
    "Момент": [dt.datetime(2023, 3, 15, 12, 30), None, None, dt.datetime(1999, 12, 31, 6)],
    "Статус": ["достигнуто", "не достигнуто", "нет данных", "другое"],
    "жирно": [False, False, False, True],
})
FORMATS = {"Сумма": integer(), "Значение": number(2), "Доля, %": percent(1), "Дата": date(),
           "Статус": status(STATUSES)}
TITLE = ("Мониторинг: квартальная форма", "Калининградская область", "I квартал 2023 г.")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "book.xlsx"
    write_workbook(path, [
        Sheet("Форма", FRAME, FORMATS, title=TITLE, bold="жирно"),
        details_sheet("Сведения о расчёте", [("Версия", "0.1.0"), ("Файл", "a.yaml")],
                      ("Сведение", "Значение"))])
    return openpyxl.load_workbook(path)


def _header_row() -> int:
    return len(TITLE) + 2  # the title lines, an empty row, then the header (1-based)


def test_title_block_and_headers(book: openpyxl.Workbook) -> None:
    sheet = book["Форма"]
    assert [sheet.cell(row, 1).value for row in range(1, len(TITLE) + 1)] == list(TITLE)
    assert sheet.cell(1, 1).font.b
    top = _header_row()
    written = [c for c in FRAME.columns if c != "жирно"]  # the bold marker is not written
    assert [cell.value for cell in sheet[top]] == written
    assert sheet.max_column == len(written)


def test_cells_are_typed_and_formatted(book: openpyxl.Workbook) -> None:
    sheet, top = book["Форма"], _header_row()
    names = [cell.value for cell in sheet[top]]
    for offset, row in enumerate(FRAME.iter_rows(named=True)):
        cells = {name: sheet.cell(top + 1 + offset, n + 1) for n, name in enumerate(names)}
        for name in ("Сумма", "Значение", "Доля, %"):
            expected = row[name]
            assert cells[name].value == expected, name
            if expected is not None:
                assert cells[name].data_type == "n"
        # Dates are Excel dates (read back as datetimes at midnight), not text.
        if row["Дата"] is not None:
            assert cells["Дата"].is_date
            assert cells["Дата"].value.date() == row["Дата"]
        if row["Момент"] is not None:
            assert cells["Момент"].is_date
            assert abs(cells["Момент"].value - row["Момент"]) < dt.timedelta(seconds=1)
        shown = {"Сумма": FORMATS["Сумма"].num_format, "Значение": "#,##0.00",
                 "Доля, %": '#,##0.0" %"', "Дата": "dd.mm.yyyy"}
        for name, code in shown.items():
            if row[name] is not None:  # an empty cell has no format of its own
                assert cells[name].number_format == code, name


def test_status_fills_and_bold_rows(book: openpyxl.Workbook) -> None:
    sheet, top = book["Форма"], _header_row()
    column = FRAME.columns.index("Статус") + 1
    for offset, row in enumerate(FRAME.iter_rows(named=True)):
        cell = sheet.cell(top + 1 + offset, column)
        fill = FILLS.get(STATUSES.get(row["Статус"]))
        colour = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
        assert colour == (f"FF{fill[0][1:]}" if fill else None), row["Статус"]
        for n in range(1, sheet.max_column + 1):
            assert bool(sheet.cell(top + 1 + offset, n).font.b) is row["жирно"]


def test_frozen_header_filter_buttons_and_print_setup(book: openpyxl.Workbook) -> None:
    sheet, top = book["Форма"], _header_row()
    assert sheet.freeze_panes == f"A{top + 1}"
    (table,) = sheet.tables.values()
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert table.ref == f"A{top}:{last}{top + FRAME.height}"
    assert table.autoFilter is not None
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (1 is the default, left out of the file), as many pages tall as needed.
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${top}:${top}"


def test_column_widths_follow_the_content(book: openpyxl.Workbook) -> None:
    sheet, top = book["Форма"], _header_row()
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width
              for cell in sheet[top]}
    # The longest value of a text column is wider than the shortest one's header word.
    assert widths["Показатель"] > widths["Сумма"] - 1
    assert all(width >= 6 for width in widths.values())


def test_details_sheet(book: openpyxl.Workbook) -> None:
    sheet = book["Сведения о расчёте"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Сведение", "Значение"], ["Версия", "0.1.0"], ["Файл", "a.yaml"]]
    assert not sheet.tables  # a list to read, not a table to filter
    assert sheet.freeze_panes == "A2"


def test_collapsed_columns_are_hidden_in_a_group(tmp_path: Path) -> None:
    frame = pl.DataFrame({"a": [1], "b": [2], "c": [3], "d": [4]})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Лист", frame,
                                               collapsed=frozenset({"b", "c"}))])
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["Лист"]
    hidden = {openpyxl.utils.get_column_letter(n): (bool(d.hidden), d.outlineLevel)
              for d in sheet.column_dimensions.values() for n in range(d.min, d.max + 1)}
    assert hidden["B"] == (True, 1) and hidden["C"] == (True, 1)
    assert hidden["A"] == (False, 0) and hidden["D"][0] is False
    assert pl.read_excel(tmp_path / "t.xlsx").equals(frame)  # hidden, not dropped


def test_a_long_sheet_with_a_title_goes_on_over_further_sheets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_xlsx_write, "MAX_ROWS", 3)
    frame = pl.DataFrame({"№": list(range(7)), "Когда": [dt.date(2023, 1, 1 + i)
                                                        for i in range(7)]})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Кандидаты", frame, title=("Заголовок",))])
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["Кандидаты", "Кандидаты (2)", "Кандидаты (3)"]
    rows = [row for sheet in book for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert [(n, when.date()) for n, when in rows] == list(frame.iter_rows())


@pytest.mark.parametrize(("names", "expected"), [
    (["Сводка", "сводка", "СВОДКА"], ["Сводка", "сводка (2)", "СВОДКА (3)"]),
    (["a/b:c*d?e[f]g\\h"], ["a b c d e f g h"]),
    (["'Кавычки'"], ["Кавычки"]),
    (["History"], ["History_"]),
    ([""], ["-"]),
])
def test_sheet_names_excel_accepts(names: list[str], expected: list[str]) -> None:
    assert sheet_names(names) == expected


def test_long_sheet_names_are_cut_and_kept_apart() -> None:
    title = "Доля педагогических работников, прошедших диагностику"
    found = sheet_names([title, title])
    assert all(len(name) <= MAX_LENGTH for name in found)
    # Cut after a whole word, without the punctuation that ended it.
    assert title.startswith(found[0]) and title[len(found[0])] in " ,"
    assert not found[0].endswith(",") and len(found[0]) > MAX_LENGTH // 2
    assert found[1].endswith(" (2)") and found[1].casefold() != found[0].casefold()


@pytest.mark.parametrize("title", ["😀" * 40, "Итоги 📊 " * 8, "𝔐𝔞𝔶𝔞𝔨" * 10])
def test_sheet_names_beyond_the_bmp_fit_excels_count(title: str) -> None:
    # Excel counts a sheet name in UTF-16 code units: an emoji is two of its 31.
    found = sheet_names([title, title])
    assert all(len(name.encode("utf-16-le")) // 2 <= MAX_LENGTH for name in found)
    assert found[0] and title.startswith(found[0])
    assert found[1].endswith(" (2)") and found[1] != found[0]


def test_a_failed_write_leaves_the_old_workbook(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"the previous workbook")
    failing = pl.LazyFrame({"a": ["x"]}).select(pl.col("a").cast(pl.Int64, strict=True))
    with pytest.raises(pl.exceptions.PolarsError):
        write_workbook(target, [Sheet("Лист", FRAME), Sheet("Плохой", failing)])
    assert target.read_bytes() == b"the previous workbook"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_a_date_excel_cannot_count_is_kept_as_text(tmp_path: Path) -> None:
    frame = pl.DataFrame({"Дата": [dt.date(1899, 1, 1), dt.date(1900, 3, 1), None]})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Лист", frame)])
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["Лист"]
    cells = [sheet.cell(row, 1) for row in range(2, 2 + frame.height)]
    assert cells[0].data_type == "s" and cells[0].value == str(frame["Дата"][0])
    assert cells[1].is_date and cells[1].value.date() == frame["Дата"][1]
    assert cells[2].value is None


def test_a_cut_name_leaves_no_quote_open() -> None:
    found = sheet_names(["Показатели по уровню «Предметная область»",
                         "Indicators by ‘Предметная область’",  # English quotes too
                         "A “very long quoted name of something”"])
    for name, (opening, closing) in zip(found, ("«»", "‘’", "“”"), strict=True):
        assert name.count(opening) == name.count(closing), name
