"""Renamed files, far-away XLSX cells and reproducible workbooks."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import mayak
import polars as pl
import pytest
import xlsxwriter
from click.testing import CliRunner
from mayak.io._coerce import conform
from mayak.io._xlsx_write import Sheet, write_workbook
from mayak.spec._model import Column, Dataset
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES


@pytest.fixture(scope="module")
def rules() -> mayak.Ruleset:
    return mayak.load(KALININGRAD_RULES)


def _codes(exc: pytest.ExceptionInfo[mayak.DataError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_a_workbook_renamed_to_csv_is_named_as_a_workbook(rules: mayak.Ruleset,
                                                          tmp_path: Path) -> None:
    renamed = tmp_path / "applications.csv"
    renamed.write_bytes((KALININGRAD_DATA / "applications.xlsx").read_bytes())
    with pytest.raises(mayak.DataError) as caught:
        rules.screen(renamed)
    assert _codes(caught) == ["data.other_format"]
    assert "«.xlsx»" in caught.value.render("ru") and "«.csv»" in caught.value.render("ru")


def test_a_csv_renamed_to_parquet_is_not_called_a_workbook(rules: mayak.Ruleset,
                                                           tmp_path: Path) -> None:
    renamed = tmp_path / "applications.parquet"
    renamed.write_text("Номер заявки;ФИО\n1;А\n", encoding="utf-8")
    with pytest.raises(mayak.DataError) as caught:
        rules.screen(renamed)
    assert _codes(caught) != ["data.other_format"]  # a damaged Parquet file, said as such


@pytest.mark.parametrize("far", [(1_048_575, 16_383), (1_048_575, 100), (100_000, 16_383)])
def test_a_far_away_cell_is_refused_before_the_sheet_is_read(
        rules: mayak.Ruleset, tmp_path: Path, far: tuple[int, int]) -> None:
    path = tmp_path / "applications.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Заявки")
        sheet.write_row(0, 0, ["Номер заявки", "ФИО"])
        sheet.write_row(1, 0, ["1", "Иванова"])
        sheet.write(*far, "x")
    with pytest.raises(mayak.DataError) as caught:
        rules.screen(path)
    assert _codes(caught) == ["data.sheet_too_large"]
    assert "Ctrl+End" in caught.value.render("ru")


def test_a_cell_written_far_below_its_row_is_found(rules: mayak.Ruleset, tmp_path: Path) -> None:
    """A hostile sheet: row 2 holds a cell whose reference says row 1 048 576."""
    path = tmp_path / "applications.xlsx"
    with xlsxwriter.Workbook(path) as book:
        book.add_worksheet("Заявки").write_row(0, 0, ["Номер заявки", "ФИО", "x"])
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", '<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c>'
        '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>').encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, body in parts.items():
            target.writestr(name, body)
    with pytest.raises(mayak.DataError) as caught:
        rules.screen(path)
    assert _codes(caught) == ["data.sheet_too_large"]


@pytest.mark.parametrize("far", [(1_048_575, 0), (5, 16_383)])
def test_a_long_or_a_wide_sheet_is_still_read(rules: mayak.Ruleset, tmp_path: Path,
                                              far: tuple[int, int]) -> None:
    """A lone cell far down or far right: a big grid, but one that can be read."""
    path = tmp_path / "applications.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Заявки")
        sheet.write_row(0, 0, ["Номер заявки", "ФИО"])
        sheet.write(*far, "x")
    with pytest.raises(mayak.DataError) as caught:
        rules.screen(path)
    assert "data.sheet_too_large" not in _codes(caught)  # it was read: columns are missing


def test_the_same_workbook_is_the_same_bytes(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    frame = pl.DataFrame({"ФИО": [f"Кандидат {i % 7}" for i in range(500)],
                          "Стаж": [float(i) for i in range(500)]})
    digests = set()
    for name in ("a.xlsx", "b.xlsx"):
        write_workbook(tmp_path / name, [Sheet("Кандидаты", frame)])
        digests.add(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert len(digests) == 1
    with zipfile.ZipFile(tmp_path / "a.xlsx") as book:
        assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2023-11-14T22:13:20Z" in book.read("docProps/core.xml")


def test_a_start_date_after_the_application_sends_the_candidate_to_review(
        rules: mayak.Ruleset, tmp_path: Path) -> None:
    """Both dates are possible alone; together they are not (stage −1 year is no stage)."""
    applications = pl.read_excel(KALININGRAD_DATA / "applications.xlsx",
                                 infer_schema_length=0)
    first = applications.head(3).with_columns(
        pl.Series("Педагогический стаж, лет", [None, None, None], dtype=pl.String),
        pl.Series("Дата начала педагогической деятельности",
                  ["01.09.2010", "01.05.2023", None]),
        pl.Series("Дата подачи заявки", ["15.10.2022", "15.10.2022", "15.10.2022"]))
    path = tmp_path / "applications.csv"
    first.write_csv(path, separator=";")
    screening = rules.screen(path)
    outcomes = screening.candidates.get_column("outcome").to_list()
    assert outcomes[1] == "needs_review"
    order = [p for p in screening.problems if p.code == "data.date_order"]
    assert len(order) == 1 and order[0].location is not None
    assert order[0].location.row == 3
    assert "«Дата подачи заявки»" in order[0].render("ru")
    assert "01.05.2023" in order[0].render("ru")


def test_an_unusable_applications_path_is_the_only_message(tmp_path: Path) -> None:
    (tmp_path / "loop.xlsx").symlink_to(tmp_path / "loop.xlsx")
    result = CliRunner().invoke(main, ["screen", "--rules", str(KALININGRAD_RULES),
                                       str(tmp_path / "loop.xlsx")])
    assert result.exit_code == 2
    assert "teachers" not in result.output  # no word about the population's missing file


@pytest.mark.parametrize("marker", ["нет данных", "Нет данных", "НЕТ ДАННЫХ", " н/д ", "N/A"])
def test_unknown_markers_in_a_frame_are_unknown(marker: str) -> None:
    rules = mayak.load(KALININGRAD_RULES)
    teachers: Dataset = rules.datasets["teachers"]
    assert isinstance(teachers.columns["municipality"], Column)
    frame = pl.DataFrame({"teacher_id": ["1", "2"], "municipality": [marker, " Гусев "],
                          "subject_area": ["Химия", "Химия"]})
    typed = conform(frame, teachers, "<teachers>").frame.collect()
    assert typed.get_column("municipality").to_list() == [None, "Гусев"]


def test_a_data_file_with_an_upper_case_suffix_is_found(rules: mayak.Ruleset,
                                                        tmp_path: Path) -> None:
    for source in KALININGRAD_DATA.iterdir():
        if source.suffix in (".csv", ".xlsx", ".parquet"):
            (tmp_path / (source.stem + source.suffix.upper())).write_bytes(source.read_bytes())
    data = rules.read(tmp_path)
    assert {path.suffix for path in data.files.values()} <= {".CSV", ".XLSX", ".PARQUET"}
    assert not [p for p in data.problems if p.code == "data.unused_file"]


def test_a_date_cell_holding_a_number_no_calendar_reaches_is_named(
        rules: mayak.Ruleset, tmp_path: Path) -> None:
    """calamine reads such a cell as empty: without the scan the row would look blank there."""
    header, *rows = pl.read_excel(KALININGRAD_DATA / "applications.xlsx",
                                  infer_schema_length=0).rows()
    columns = pl.read_excel(KALININGRAD_DATA / "applications.xlsx",
                            infer_schema_length=0).columns
    applied = columns.index("Дата подачи заявки")
    path = tmp_path / "applications.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet, dated = book.add_worksheet("Заявки"), book.add_format({"num_format": "dd.mm.yyyy"})
        sheet.write_row(0, 0, columns)
        for index, row in enumerate([header, *rows][:3], start=1):
            sheet.write_row(index, 0, [v if v is not None else "" for v in row])
        sheet.write_number(2, applied, 1e20, dated)  # row 3 in Excel
        sheet.write_number(3, 0, 1e20)  # a plain big number elsewhere is no date problem
    screening = rules.screen(path)
    found = [p for p in screening.problems if p.code == "data.excel_big_date"]
    assert len(found) == 1 and found[0].location is not None
    assert (found[0].location.row, found[0].location.column) == (3, "Дата подачи заявки")
    outcome = screening.candidates.filter(pl.col("_row") == 3).get_column("outcome").item()
    assert outcome == "needs_review"
