"""The command line hardened: spreadsheet formulas, click's own texts, signals, large
workbooks and outputs that cannot be written."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from mayak import _xlsx
from mayak._spreadsheet import formula_like, quoted
from mayak._xlsx import Sheet, write_workbook
from mayak.cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


NAMES = ['=HYPERLINK("http://example.com";"x")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)",
         "\t=1+1", "-2+3", "-5", "+7,5", "-", "Иванова Анна"]


def _applications_with_names(tmp_path: Path) -> Path:
    forms = pl.read_excel(KALININGRAD_DATA / "applications.xlsx", infer_schema_length=0)
    names = pl.Series(NAMES * (forms.height // len(NAMES) + 1))[: forms.height]
    path = tmp_path / "applications.csv"
    forms.with_columns(names.alias("ФИО")).write_csv(path)
    return path


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    target = tmp_path / "screening.csv"
    code, _, err = run("screen", "--rules", str(KALININGRAD_RULES),
                       str(_applications_with_names(tmp_path)), "--format", "csv",
                       "-o", str(target))
    assert code == 0, err
    names = set(pl.read_csv(target, infer_schema=False)["ФИО"].to_list())
    assert names == {"'=HYPERLINK(\"http://example.com\";\"x\")", "'+cmd|' /C calc'!A0",
                     "'@SUM(A1:A2)", "'\t=1+1", "'-2+3", "-5", "+7,5", "-", "Иванова Анна"}


def test_csv_to_standard_output_is_quoted_too(tmp_path: Path) -> None:
    code, out, _ = run("screen", "--rules", str(KALININGRAD_RULES),
                       str(_applications_with_names(tmp_path)), "--format", "csv")
    assert code == 0
    assert "'@SUM(A1:A2)" in out and "\n@" not in out and ",@" not in out


@pytest.mark.parametrize(("cell", "formula"), [
    ("=1+1", True), ("@SUM(A1)", True), ("\t=1", True), ("\r=1", True),
    ("+cmd|' /C calc'!A0", True),
    ("-2+3", True), ("- 5", True), ("-5,", True), ("+7 (4012) 55-00-00", True), ("-1,2,3", True),
    ("-5", False), ("+7,5", False), ("-2.5", False), ("-12345", False), ("-", False), ("+", False),
    ("Иванова", False), ("1-2", False), ("", False),
])
def test_formula_like_cells(cell: str, formula: bool) -> None:
    found = pl.select(formula_like(pl.lit(cell))).item()
    assert found is formula
    assert pl.select(quoted(pl.lit(cell))).item() == ("'" + cell if formula else cell)


def test_workbook_cells_read_back_exactly(tmp_path: Path) -> None:
    frame = pl.DataFrame({
        "Текст": ["a & b <c>", "\x01ctrl", "_x0041_", " lead ", "=1+1", None, "-5", "a\nb"],
        "Число": [1, None, 3, 4, 5, 6, 7, 8],
        "Дробь": [1.5, float("nan"), None, 2.0, 3.0, float("inf"), 0.0, -1.0]})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Лист", frame)])
    back = pl.read_excel(tmp_path / "t.xlsx", sheet_name="Лист")
    assert back["Текст"].to_list() == frame["Текст"].to_list()
    assert back["Число"].to_list() == frame["Число"].to_list()
    assert back["Дробь"].to_list() == [1.5, None, None, 2.0, 3.0, None, 0.0, -1.0]


def _styles_of_cells(workbook: Path, sheet: int) -> dict[str, bool]:
    """Each cell of a sheet: whether its style marks it as text (Excel's quote prefix)."""
    with zipfile.ZipFile(workbook) as files:
        styles = files.read("xl/styles.xml").decode()
        xml = files.read(f"xl/worksheets/sheet{sheet}.xml").decode()
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.DOTALL)
    assert xfs is not None
    quoted_xf = [i for i, xf in enumerate(re.findall(r"<xf [^>]*>", xfs.group(1)))
                 if 'quotePrefix="1"' in xf]
    return {cell: int(style) in quoted_xf
            for cell, style in re.findall(r'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', xml)}


def test_workbook_marks_formula_like_text_as_text(tmp_path: Path) -> None:
    frame = pl.DataFrame({"Имя": ["=HYPERLINK(1)", "Иванова", "-5", "@A"]})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Лист", frame)])
    marked = _styles_of_cells(tmp_path / "t.xlsx", 1)
    assert {cell: marked[cell] for cell in ["A2", "A3", "A4", "A5"]} == {
        "A2": True, "A3": False, "A4": False, "A5": True}
    with zipfile.ZipFile(tmp_path / "t.xlsx") as files:
        assert "<f>" not in files.read("xl/worksheets/sheet1.xml").decode()


def test_screening_workbook_marks_formulas_in_application_text(tmp_path: Path) -> None:
    target = tmp_path / "screening.xlsx"
    code, _, err = run("screen", "--rules", str(KALININGRAD_RULES),
                       str(_applications_with_names(tmp_path)), "--format", "xlsx",
                       "-o", str(target))
    assert code == 0, err
    names = pl.read_excel(target, sheet_name="Кандидаты")["ФИО"].to_list()
    assert set(names) == set(NAMES)  # the values themselves are unchanged
    marked = _styles_of_cells(target, 1)
    column = "C"  # ФИО: after «Строка» and «Номер заявки»
    for row, name in enumerate(names, start=2):
        assert marked[f"{column}{row}"] is (name in NAMES[:5]), name


def test_a_sheet_longer_than_excel_allows_goes_on_over_further_sheets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_xlsx, "MAX_ROWS", 3)
    frame = pl.DataFrame({"№": list(range(7)), "Текст": [f"t{i}" for i in range(7)]})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Кандидаты", frame), Sheet("Сводка", frame[:2])])
    sheets = pl.read_excel(tmp_path / "t.xlsx", sheet_id=0)
    assert list(sheets) == ["Кандидаты", "Кандидаты (2)", "Кандидаты (3)", "Сводка"]
    assert pl.concat([sheets[f] for f in list(sheets)[:3]]).equals(frame)
    assert sheets["Сводка"].equals(frame[:2])
