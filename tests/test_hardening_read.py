"""Reading data files: every input row is either in the result or named in a problem; no
file, however damaged, is an internal error; problems are said in Russian with the row."""

from __future__ import annotations

import codecs
import datetime as dt
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import mayak
import msgspec
import polars as pl
import pytest
import xlsxwriter
from click.testing import CliRunner
from mayak.io._coerce import MAX_LISTED, ROW
from mayak.io._csv import read_csv
from mayak.io._read import DatasetFile, find_files, read_dataset
from mayak_cli import main

from tests.conftest import KALININGRAD_RULES

Write = Callable[[str, str], Path]

DATASET = """
kind: dataset
id: people
title: Люди
key: person_id
columns:
  person_id: {type: string, title: Идентификатор, required: true}
  municipality: {type: string, title: Муниципалитет}
  experience: {type: number, title: Стаж, min: 0}
  lessons: {type: integer, title: Уроки}
  member: {type: boolean, title: Член РМА}
  hired: {type: date, title: Дата приёма}
  category:
    type: category
    title: Категория
    values: [без категории, первая, высшая]
"""


COUNT = """
kind: indicator
id: members
title: Члены РМА
unit: number
variables:
  A: {count: people, where: member}
formula: A
"""


@pytest.fixture
def people(write: Write, tmp_path: Path) -> mayak.Ruleset:
    write("specs/people.yaml", DATASET)
    write("specs/count.yaml", COUNT)
    return mayak.load(tmp_path / "specs")


@pytest.fixture
def kaliningrad() -> mayak.Ruleset:
    return mayak.load(KALININGRAD_RULES)


def read(rules: mayak.Ruleset, path: Path, dataset: str = "people") -> DatasetFile:
    return read_dataset(path, rules.datasets[dataset], path.name)


def cells(result: DatasetFile, code: str) -> list[tuple[int | None, str | None]]:
    return [(p.location.row, p.location.column) for p in result.problems
            if p.code == code and p.location is not None]


def codes(problems: tuple[mayak.Problem, ...] | list[mayak.Problem]) -> set[str]:
    return {p.code for p in problems}


# -- XLSX written by hand: a workbook is a zip of XML parts -------------------------------

def _inline(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_rows(rows: list[list[str]]) -> str:
    """Rows of inline text cells; a cell written as ``<...>`` is put in as raw XML."""
    out = []
    for r, row in enumerate(rows, start=1):
        parts = []
        for c, value in enumerate(row):
            ref = f"{chr(ord('A') + c)}{r}"
            if value.startswith("<"):
                parts.append(value.replace("REF", ref))
            elif value:
                parts.append(_inline(ref, value))
        out.append(f'<row r="{r}">{"".join(parts)}</row>')
    return "".join(out)


def write_xlsx(path: Path, sheets: list[tuple[str, str]], recalc: bool = False) -> Path:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    kinds = ["<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
             "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
             "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd."
             "openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"]
    kinds += [f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
              'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
              for i in range(1, len(sheets) + 1)]
    names = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, (n, _) in enumerate(sheets, 1))
    calc = '<calcPr fullCalcOnLoad="1"/>' if recalc else ""
    links = "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types">'
                         + "".join(kinds) + "</Types>")
        archive.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{pkg}">'
                         f'<Relationship Id="rId1" Type="{rel}/officeDocument" '
                         'Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{main}" '
                         f'xmlns:r="{rel}"><sheets>{names}</sheets>{calc}</workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         f'<?xml version="1.0"?><Relationships xmlns="{pkg}">{links}'
                         "</Relationships>")
        for i, (_, rows) in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml",
                             f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>'
                             f"{rows}</sheetData></worksheet>")
    return path


HEADER = ["Идентификатор", "Стаж", "Дата приёма"]


# -- 4: nested Parquet columns -------------------------------------------------------------

@pytest.mark.parametrize("values", [
    pl.Series([[1, 2], [3]]),
    pl.Series([{"a": 1}, {"a": 2}]),
    pl.Series([[1, 2], [3, 4]], dtype=pl.Array(pl.Int64, 2)),
    pl.Series([b"\x00", b"\x01"]),
], ids=["list", "struct", "array", "binary"])
def test_nested_parquet_column_is_named_not_an_internal_error(
        people: mayak.Ruleset, tmp_path: Path, values: pl.Series) -> None:
    path = tmp_path / "people.parquet"
    pl.DataFrame({"person_id": ["a", "b"], "experience": values}).write_parquet(path)
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    problem = caught.value.problems[0]
    assert problem.code == "data.nested_column"
    assert problem.location is not None and problem.location.column == "experience"
    assert "списки" in problem.render("ru")


def test_unused_nested_parquet_column_is_ignored(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.parquet"
    pl.DataFrame({"person_id": ["a", "b"], "notes": [[1], [2, 3]],
                  "blob": [b"x", b"y"]}).write_parquet(path)
    result = read(people, path)
    assert result.frame.collect()["person_id"].to_list() == ["a", "b"]
    assert "data.nested_column" not in codes(result.problems)


def test_nested_column_in_a_frame_is_a_data_error(people: mayak.Ruleset) -> None:
    frame = pl.DataFrame({"person_id": ["a"], "member": [[True]]})
    with pytest.raises(mayak.DataError, match="member"):
        people.evaluate({"people": frame})


# -- 8: sheets -----------------------------------------------------------------------------

def two_sheets(path: Path, first: list[list[str]], second: list[list[str]],
               names: tuple[str, str] = ("Инструкция", "Заявки")) -> Path:
    return write_xlsx(path, [(names[0], sheet_rows(first)), (names[1], sheet_rows(second))])


DATA_ROWS = [HEADER, ["P1", "5", "01.09.2015"], ["P2", "7", "01.09.2016"]]


def test_sheet_with_matching_headers_is_read_and_named(people: mayak.Ruleset,
                                                       tmp_path: Path) -> None:
    path = two_sheets(tmp_path / "people.xlsx", [["Заполните форму на листе «Заявки»"]],
                      DATA_ROWS)
    result = read(people, path)
    assert result.frame.collect()["person_id"].to_list() == ["P1", "P2"]
    chosen = next(p for p in result.problems if p.code == "data.sheet_chosen")
    assert "«Заявки»" in chosen.render("ru") and "«Инструкция»" in chosen.render("ru")


def test_several_matching_sheets_are_an_error_naming_them(people: mayak.Ruleset,
                                                          tmp_path: Path) -> None:
    path = two_sheets(tmp_path / "people.xlsx", DATA_ROWS, [HEADER, ["P3", "1", ""]],
                      ("Заявки 1", "Заявки 2"))
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    message = caught.value.render("ru")
    assert "«Заявки 1», «Заявки 2»" in message and "sheet" in message


def test_no_sheet_fits_is_an_error_naming_the_sheets(people: mayak.Ruleset,
                                                     tmp_path: Path) -> None:
    path = two_sheets(tmp_path / "people.xlsx", [["Инструкция"]], [["Справка"], ["текст"]])
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    assert caught.value.problems[0].code == "data.no_sheet_fits"
    assert "«Инструкция», «Заявки»" in caught.value.render("ru")


def test_dataset_names_its_sheet(write: Write, tmp_path: Path) -> None:
    write("specs/people.yaml", DATASET.replace("key: person_id", "key: person_id\nsheet: Заявки 2"))
    rules = mayak.load(tmp_path / "specs")
    assert rules.datasets["people"].sheet == "Заявки 2"
    path = two_sheets(tmp_path / "people.xlsx", DATA_ROWS, [HEADER, ["P3", "1", ""]],
                      ("Заявки 1", "Заявки 2"))
    result = read(rules, path)
    assert result.frame.collect()["person_id"].to_list() == ["P3"]
    assert "data.sheet_chosen" not in codes(result.problems)


def test_named_sheet_that_does_not_exist_lists_the_sheets(write: Write, tmp_path: Path) -> None:
    write("specs/people.yaml", DATASET.replace("key: person_id", "key: person_id\nsheet: Заявка"))
    rules = mayak.load(tmp_path / "specs")
    path = two_sheets(tmp_path / "people.xlsx", [["Инструкция"]], DATA_ROWS)
    with pytest.raises(mayak.DataError) as caught:
        read(rules, path)
    message = caught.value.render("ru")
    assert "нет листа «Заявка»" in message and "«Заявки»" in message
    assert "возможно, имелось в виду «Заявки»" in message


def test_sheet_must_be_text_in_the_spec(write: Write, tmp_path: Path) -> None:
    write("specs/people.yaml", DATASET.replace("key: person_id", "key: person_id\nsheet: 2"))
    with pytest.raises(mayak.SpecError, match="sheet"):
        mayak.load(tmp_path / "specs")


def test_rows_of_a_sheet_keep_their_excel_numbers(people: mayak.Ruleset, tmp_path: Path) -> None:
    # Headers on row 3 (two blank rows above): cells are named by the rows Excel shows.
    rows = '<row r="3">' + "".join(_inline(f"{c}3", h) for c, h in zip("ABC", HEADER,
                                                                       strict=True)) + "</row>"
    rows += '<row r="4">' + _inline("A4", "P1") + _inline("B4", "много") + "</row>"
    path = write_xlsx(tmp_path / "people.xlsx", [("Лист1", rows)])
    result = read(people, path)
    assert result.frame.collect()["_row"].to_list() == [4]
    assert cells(result, "data.bad_value") == [(4, "Стаж")]


# -- 9: outcomes come from per-row flags, not from the capped list of messages -------------

def test_every_row_with_an_unreadable_cell_goes_to_review(kaliningrad: mayak.Ruleset,
                                                          tmp_path: Path) -> None:
    count = MAX_LISTED + 100
    frame = pl.DataFrame({
        "Номер заявки": [f"N{i}" for i in range(count)],
        "Предметная область": ["Химия"] * count,
        "Дата подачи заявки": ["31.02.2023"] * count,  # unreadable
        "Высшее педагогическое образование": ["да"] * count,
        "Педагогический стаж, лет": ["12"] * count,
        "Квалификационная категория": ["высшая"] * count,
        "ПК в КОИРО": ["да"] * count,
        "Оценка компетенций": ["да"] * count,
    })
    path = tmp_path / "applications.csv"
    frame.write_csv(path, separator=";")
    screening = kaliningrad.screen(path)
    outcomes = screening.candidates["outcome"].cast(pl.String).value_counts()
    assert dict(outcomes.iter_rows()) == {"needs_review": count}
    assert screening.candidates["reasons"].str.contains("Дата подачи заявки").all()
    listed = [p for p in screening.problems if p.code == "data.bad_value"]
    assert len(listed) == MAX_LISTED  # the messages stay capped


# -- 12: formulas without a stored result, Excel error cells -------------------------------


def test_a_table_right_of_a_note_keeps_its_cells_in_their_columns(
        people: mayak.Ruleset, tmp_path: Path) -> None:
    # The table starts in column B; a note under it, in column A, widens the sheet's grid.
    rows = sheet_rows([
        ["", *HEADER],
        ["", "P1", "<c r=\"REF\"><f>A1+1</f></c>", "01.09.2015"],
        ["", "P2", "<c r=\"REF\" t=\"e\"><v>#N/A</v></c>", "02.09.2015"],
        ["", "P3", "7", "03.09.2015"],
        [],
        ["Примечание: данные на 01.01.2024"],
    ])
    result = read(people, write_xlsx(tmp_path / "people.xlsx", [("Лист1", rows)]))
    frame = result.frame.collect()
    assert frame["person_id"].to_list()[:3] == ["P1", "P2", "P3"]
    assert frame["experience"].to_list()[:3] == [None, None, 7.0]
    assert frame["hired"].to_list()[:3] == [dt.date(2015, 9, d) for d in (1, 2, 3)]
    assert cells(result, "data.formula_no_value") == [(2, "Стаж")]
    assert cells(result, "data.excel_error") == [(3, "Стаж")]
    assert any(p.code == "data.blank_header" and "столбце A " in p.render("ru")
               for p in result.problems)


def test_formula_without_value_and_error_cells_are_unknown_with_a_message(
        people: mayak.Ruleset, tmp_path: Path) -> None:
    rows = sheet_rows([
        HEADER,
        ["P1", "<c r=\"REF\"><f>A1+1</f></c>", "01.09.2015"],
        ["P2", "<c r=\"REF\" t=\"e\"><v>#DIV/0!</v></c>", "01.09.2015"],
        ["P3", "<c r=\"REF\" t=\"e\"><f>NA()</f><v>#N/A</v></c>", "01.09.2015"],
        ["P4", "<c r=\"REF\"><f>2+3</f><v>5</v></c>", "<c r=\"REF\" t=\"e\"><v>#VALUE!</v></c>"],
        ["P5", "<c r=\"REF\"><f>A1</f><v></v></c>", "01.09.2015"],
        ["<c r=\"REF\" t=\"str\"><f>\"P\"&amp;\"6\"</f><v></v></c>", "2", "01.09.2015"],
    ])
    result = read(people, write_xlsx(tmp_path / "people.xlsx", [("Лист1", rows)]))
    frame = result.frame.collect()
    assert frame["experience"].to_list() == [None, None, None, 5.0, None, 2.0]
    assert frame["hired"].to_list()[3] is None
    # A text formula may well give "" (P6's id): only a number's empty result is missing.
    assert frame["person_id"].to_list()[5] is None
    assert cells(result, "data.formula_no_value") == [(2, "Стаж"), (6, "Стаж")]
    assert cells(result, "data.excel_error") == [(3, "Стаж"), (4, "Стаж"), (5, "Дата приёма")]
    message = next(p for p in result.problems if p.code == "data.excel_error").render("ru")
    assert "#DIV/0!" in message and "сохраните файл в Excel" in message
    flagged = sorted(result.unreadable["_row"].to_list())
    assert flagged == [2, 3, 4, 5, 6]


def test_formulas_a_program_left_for_excel_to_calculate_are_not_zero(
        people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["P1"])
    sheet.write_formula(1, 1, "=2+3")  # xlsxwriter stores 0 and asks Excel to recalculate
    sheet.write_row(2, 0, ["P2", 7])
    book.close()
    result = read(people, path)
    assert result.frame.collect()["experience"].to_list() == [None, 7.0]
    assert cells(result, "data.formula_no_value") == [(2, "Стаж")]


def test_candidate_with_a_formula_cell_goes_to_review(kaliningrad: mayak.Ruleset,
                                                      tmp_path: Path) -> None:
    header = ["Номер заявки", "Предметная область", "Педагогический стаж, лет",
              "Высшее педагогическое образование", "Квалификационная категория", "ПК в КОИРО",
              "Оценка компетенций"]
    rows = sheet_rows([header, ["N1", "Химия", "<c r=\"REF\"><f>A1</f></c>", "да", "высшая",
                                "да", "да"],
                       ["N2", "Химия", "12", "да", "высшая", "да", "да"]])
    path = write_xlsx(tmp_path / "applications.xlsx", [("Заявки", rows)])
    screening = kaliningrad.screen(path)
    outcome = screening.candidates["outcome"].cast(pl.String).to_list()
    assert outcome == ["needs_review", "admitted"]
    assert "Педагогический стаж, лет" in screening.candidates["reasons"][0]


# -- 13: impossible dates ------------------------------------------------------------------

def test_future_and_ancient_dates_are_unreadable(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор;Дата приёма\nP1;12.05.2099\nP2;01.01.1850\nP3;01.09.2015\n",
                    encoding="utf-8")
    result = read(people, path)
    assert [str(d) if d else None for d in result.frame.collect()["hired"]] == [
        None, None, "2015-09-01"]
    assert cells(result, "data.impossible_date") == [(2, "Дата приёма"), (3, "Дата приёма")]
    assert "позже сегодняшнего дня" in result.problems[-1].render("ru")


def test_tomorrow_is_impossible_today_is_not(people: mayak.Ruleset) -> None:
    today = dt.date.today()
    frame = pl.DataFrame({"person_id": ["a", "b"],
                          "hired": [today, today + dt.timedelta(days=1)]})
    result = people.evaluate({"people": frame})
    assert [p.code for p in result.problems if p.location and p.location.row
            and p.code.startswith("data.")] == ["data.impossible_date"]


def test_application_dated_2099_goes_to_review(kaliningrad: mayak.Ruleset) -> None:
    frame = pl.DataFrame({
        "Номер заявки": ["N1"], "Предметная область": ["Химия"],
        "Дата подачи заявки": ["01.03.2099"], "Дата начала педагогической деятельности":
        ["01.09.2020"], "Высшее педагогическое образование": ["да"],
        "Квалификационная категория": ["высшая"], "ПК в КОИРО": ["да"],
        "Оценка компетенций": ["да"]})
    screening = kaliningrad.screen(frame)
    assert screening.candidates["outcome"].cast(pl.String).to_list() == ["needs_review"]
    assert "data.impossible_date" in codes(screening.problems)


# -- 14: typed columns must match their declared type --------------------------------------

def test_parquet_integer_in_a_date_column_is_not_an_excel_day(people: mayak.Ruleset,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "people.parquet"
    pl.DataFrame({"person_id": ["a", "b"], "hired": [45000, None]}).write_parquet(path)
    result = read(people, path)
    assert result.frame.collect()["hired"].to_list() == [None, None]
    assert cells(result, "data.wrong_type") == [(None, "hired")]
    assert result.unreadable["_row"].to_list() == [1]


@pytest.mark.parametrize(("values", "column", "expected"), [
    (pl.Series([1.5, 2.0]), "hired", [None, None]),          # float: not days since 1970
    (pl.Series([True, False]), "hired", [None, None]),       # boolean: not 1970-01-02
    (pl.Series([dt.date(2020, 1, 1), None]), "experience", [None, None]),
])
def test_typed_values_of_another_kind_are_unknown(people: mayak.Ruleset, values: pl.Series,
                                                 column: str, expected: list[object]) -> None:
    frame = pl.DataFrame({"person_id": ["a", "b"], column: values})
    result = people.evaluate({"people": frame})
    assert "data.wrong_type" in codes(result.problems)


# -- 19: encodings, line endings, quotes, ragged rows, damaged files -----------------------

CSV = "Идентификатор;Стаж;Категория\nP1;5;высшая\nP2;7;первая\n"


def test_mixed_cp1251_and_utf8_is_read_with_a_warning(people: mayak.Ruleset,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    lines = CSV.splitlines(keepends=True)
    path.write_bytes(lines[0].encode() + lines[1].encode() + "P2;7;первая\n".encode("cp1251")
                     + "P3;8;высшая\n".encode())
    result = read(people, path)
    frame = result.frame.collect()
    assert frame["category"].cast(pl.String).to_list() == ["высшая", "первая", "высшая"]
    warning = next(p for p in result.problems if p.code == "data.mixed_encoding")
    assert warning.location is not None and warning.location.row == 3
    assert "Windows-1251" in warning.render("ru")


def test_text_in_no_known_encoding_names_its_row(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(CSV.encode() + b"P3;\x98\x98;x\n")
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    problem = caught.value.problems[0]
    assert problem.code == "data.bad_encoding"
    assert problem.location is not None and problem.location.row == 4
    assert "codec" not in caught.value.render("ru")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-16-le-bom",
                                      "utf-16-be-bom"])
def test_utf16_is_read(people: mayak.Ruleset, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "people.csv"
    body = CSV.replace(";", "\t").replace("\n", "\r\n")
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        path.write_bytes(bom + body.encode(codec))
    else:
        path.write_bytes(body.encode(encoding))
    result = read(people, path)
    assert result.frame.collect()["experience"].to_list() == [5.0, 7.0]
    assert not [p for p in result.problems if p.severity == "error"]


def test_cr_only_line_endings_are_read(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(CSV.replace("\n", "\r").encode())
    assert read(people, path).frame.collect()["person_id"].to_list() == ["P1", "P2"]


def test_ragged_rows_are_kept_and_named(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор;Стаж;Категория\nP1;5;высшая;лишнее;ещё\nP2;7\nP3;8;первая\n",
                    encoding="utf-8")
    result = read(people, path)
    frame = result.frame.collect()
    assert frame["person_id"].to_list() == ["P1", "P2", "P3"]
    assert frame["category"].cast(pl.String).to_list() == ["высшая", None, "первая"]
    assert cells(result, "data.extra_cells") == [(2, None)]
    assert cells(result, "data.missing_cells") == [(3, None)]
    assert "ячеек в строке — 5, а заголовков — 3" in result.problems[0].render("ru")
    assert result.unreadable["_row"].to_list() == [2]  # the row with dropped cells


def test_many_ragged_rows_are_counted(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор;Стаж\n" + "".join(f"P{i};1;x\n" for i in range(80)),
                    encoding="utf-8")
    result = read(people, path)
    assert result.frame.collect().height == 80
    assert len(cells(result, "data.extra_cells")) == 50
    more = next(p for p in result.problems if p.code == "data.more_ragged_rows")
    assert "и ещё 30 строк" in more.render("ru")


def test_title_line_above_csv_headers_gets_the_hint(people: mayak.Ruleset,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Сведения о педагогах на 01.09.2023\n" + CSV, encoding="utf-8")
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    assert caught.value.problems[0].code == "data.no_known_headers"
    assert "удалите строки названия" in caught.value.render("ru")


def test_unclosed_quote_names_its_row(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(CSV + 'P3;"8;высшая\nP4;9;первая\n', encoding="utf-8")
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    problem = caught.value.problems[0]
    assert problem.code == "data.unclosed_quote"
    assert problem.location is not None and problem.location.row == 4


def test_quotes_inside_cells_are_fine(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text('Идентификатор;Муниципалитет;Стаж\nP1;"Гусев; ""центр""\nрайон";5\n'
                    'P2;МО "Лесное" 5";6\n', encoding="utf-8")
    result = read(people, path)
    frame = result.frame.collect()
    assert frame["municipality"].to_list() == ['Гусев; "центр"\nрайон', 'МО "Лесное" 5"']
    assert frame["experience"].to_list() == [5.0, 6.0]
    assert not [p for p in result.problems if p.code.endswith("_cells")]


def test_nul_bytes_and_a_bom_inside_are_removed_with_a_warning(people: mayak.Ruleset,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(codecs.BOM_UTF8 + CSV.encode() + b"P3;8\x00;\xef\xbb\xbf\xd0\xb2\n")
    result = read(people, path)
    assert result.frame.collect()["experience"].to_list() == [5.0, 7.0, 8.0]
    assert cells(result, "data.nul_chars") == [(4, None)]
    assert cells(result, "data.inner_bom") == [(4, None)]


@pytest.mark.parametrize(("name", "content", "words"), [
    ("people.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "защищён паролем"),
    ("people.xlsx", b"PK\x03\x04 truncated", "повреждён"),
    ("people.parquet", b"PAR1 truncated", "повреждён"),
])
def test_damaged_files_are_named_in_russian(people: mayak.Ruleset, tmp_path: Path, name: str,
                                            content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    message = caught.value.render("ru")
    assert caught.value.problems[0].code == "data.unreadable"
    assert words in message and message.index(words) < message.find("(")


def test_truncated_real_xlsx_and_parquet(people: mayak.Ruleset, tmp_path: Path) -> None:
    frame = pl.DataFrame({"Идентификатор": [f"P{i}" for i in range(2000)]})
    for name in ("people.xlsx", "people.parquet"):
        whole = tmp_path / f"whole-{name}"
        frame.write_excel(whole) if name.endswith("xlsx") else frame.write_parquet(whole)
        path = tmp_path / name
        path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
        with pytest.raises(mayak.DataError) as caught:
            read(people, path)
        assert "повреждён" in caught.value.render("ru")


def test_screen_cli_on_a_damaged_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "applications.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    result = CliRunner().invoke(main, ["screen", "--rules", str(KALININGRAD_RULES), str(path)])
    assert result.exit_code == 2, result.output
    assert "защищён паролем" in result.output


# -- 26: frames are read like files --------------------------------------------------------

def test_evaluate_matches_russian_headers_of_a_frame(kaliningrad: mayak.Ruleset) -> None:
    data = kaliningrad.read(KALININGRAD_RULES.parent.parent / "examples" / "kaliningrad-2023"
                            / "data")
    frames: dict[str, pl.DataFrame | pl.LazyFrame] = dict(data.frames)
    frames["teachers"] = pl.read_csv(data.files["teachers"])
    assert "Идентификатор педагога" in frames["teachers"].collect_schema().names()
    result = kaliningrad.evaluate(frames)
    assert result.value("teachers_per_methodist") == 196


def test_screen_matches_russian_headers_and_reads_text(kaliningrad: mayak.Ruleset) -> None:
    frame = pl.DataFrame({
        "№ заявки": ["N1", "N2"], "Предмет": [" Химия ", "нет данных"],
        "Стаж": ["12", "7,5"], "Высшее педагогическое образование": ["да", "Да"],
        "Категория": ["высш.", "высшая"], "ПК в КОИРО": ["да", "да"],
        "Оценка компетенций": ["да", "да"]})
    screening = kaliningrad.screen(frame)
    assert screening.candidates["subject_area"].to_list() == ["Химия", None]
    assert screening.candidates["experience_years"].to_list() == [12.0, 7.5]
    assert screening.candidates["outcome"].cast(pl.String).to_list() == ["admitted",
                                                                         "admitted"]


@pytest.mark.parametrize(("blank", "read"), [("", None), ("нет данных", None), (" ", None),
                                             ("\u00a0Химия", "Химия")])
def test_one_blank_text_cell_of_a_frame_is_tidied(kaliningrad: mayak.Ruleset, blank: str,
                                                    read: str | None) -> None:
    # The only untidy cell decides whether the column is tidied: each kind on its own.
    frame = pl.DataFrame({
        "№ заявки": ["N1", "N2"], "Предмет": ["Химия", blank],
        "Стаж": ["12", "7"], "Высшее педагогическое образование": ["да", "да"],
        "Категория": ["высшая", "высшая"], "ПК в КОИРО": ["да", "да"],
        "Оценка компетенций": ["да", "да"]})
    assert kaliningrad.screen(frame).candidates["subject_area"].to_list() == ["Химия", read]


# -- the class: other shapes of data files -------------------------------------------------

def test_repeated_header_is_named_as_written(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор;Стаж;Стаж\nP1;5;6\n", encoding="utf-8")
    result = read(people, path)
    problem = next(p for p in result.problems if p.code == "data.duplicate_header")
    assert problem.params["header"] == "Стаж"
    assert result.frame.collect()["experience"].to_list() == [5.0]


def test_header_row_only_is_empty(people: mayak.Ruleset, tmp_path: Path) -> None:
    for name, write_it in (("people.csv", lambda p: p.write_text("Идентификатор;Стаж\n")),
                           ("people.xlsx", lambda p: write_xlsx(
                               p, [("Лист1", sheet_rows([HEADER]))]))):
        path = tmp_path / name
        write_it(path)
        with pytest.raises(mayak.DataError) as caught:
            read(people, path)
        assert caught.value.problems[0].code == "data.empty"


def test_thousands_of_unknown_headers_are_counted(people: mayak.Ruleset, tmp_path: Path) -> None:
    width = 16_384
    frame = pl.DataFrame({"Идентификатор": ["P1"], **{f"x{i}": ["1"] for i in range(width)}})
    path = tmp_path / "people.csv"
    frame.write_csv(path)
    result = read(people, path)
    assert len(cells(result, "data.unknown_header")) == 20
    more = next(p for p in result.problems if p.code == "data.more_unknown_headers")
    assert more.params["count"] == width - 20


def test_a_cell_of_ten_megabytes(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(f"Идентификатор;Муниципалитет\nP1;{'ж' * 5_000_000}\n", encoding="utf-8")
    assert len(read(people, path).frame.collect()["municipality"][0]) == 5_000_000


@pytest.mark.parametrize(("series", "column", "expected"), [
    (pl.Series([2**64 - 1, 3], dtype=pl.UInt64), "lessons", [None, 3]),
    # Whole numbers beyond ±2**53, as in a text cell: summed, they would wrap around Int64.
    (pl.Series([2**63 - 1, -(2**63)], dtype=pl.Int64), "lessons", [None, None]),
    (pl.Series([2**53, -(2**53)], dtype=pl.Int64), "lessons", [2**53, -(2**53)]),
    (pl.Series([2**100, 3], dtype=pl.Int128), "lessons", [None, 3]),
    (pl.Series([2**100, 3], dtype=pl.Int128), "experience", [float(2**100), 3.0]),
    (pl.Series(["1.50", "2.25"]).cast(pl.Decimal(10, 2)), "experience", [1.5, 2.25]),
    (pl.Series(["5", "x"], dtype=pl.Categorical), "experience", [5.0, None]),
    (pl.Series(["высшая", "вторая"], dtype=pl.Enum(["высшая", "вторая"])), "category",
     ["высшая", None]),
    (pl.Series([dt.datetime(2020, 1, 1, 23, 30), None]).dt.replace_time_zone(
        "Europe/Kaliningrad"), "hired", [dt.date(2020, 1, 1), None]),
])
def test_parquet_dtypes_are_read_or_named(people: mayak.Ruleset, tmp_path: Path,
                                          series: pl.Series, column: str,
                                          expected: list[object]) -> None:
    path = tmp_path / "people.parquet"
    pl.DataFrame({"person_id": ["a", "b"], column: series}).write_parquet(path)
    result = read(people, path)
    values = result.frame.collect()[column]
    shown = values.cast(pl.String).to_list() if column == "category" else values.to_list()
    assert shown == expected
    nulls = [i + 1 for i, v in enumerate(expected) if v is None and series[i] is not None]
    assert sorted(result.unreadable["_row"].to_list()) == nulls


def test_merged_header_cells_are_reported(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write(0, 0, "Идентификатор")
    sheet.merge_range("B1:C1", "Стаж")
    sheet.write_row(1, 0, ["P1", 5, 6])
    book.close()
    result = read(people, path)
    blank = next(p for p in result.problems if p.code == "data.blank_header")
    assert "столбце C" in blank.render("ru")
    assert result.frame.collect()["experience"].to_list() == [5.0]


def test_merged_data_cells_are_reported(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Идентификатор", "Муниципалитет"])
    sheet.merge_range("C1:D1", "Стаж")  # a merge inside the header row: not this warning
    sheet.merge_range("B2:B3", "Гусев")  # one municipality for two rows, as people format it
    sheet.write_column(1, 0, ["P1", "P2"])
    sheet.write_column(1, 2, [5, 6])
    book.close()
    result = read(people, path)
    merged = [p for p in result.problems if p.code == "data.merged_cells"]
    assert [(p.location.row if p.location else None, p.params["ranges"]) for p in merged] == [
        (2, "B2:B3")]
    assert "разъедините ячейки" in merged[0].render("ru")
    assert result.frame.collect()["municipality"].to_list() == ["Гусев", None]


def test_large_crlf_csv_keeps_every_row(people: mayak.Ruleset, tmp_path: Path) -> None:
    count = 200_000
    path = tmp_path / "people.csv"
    frame = pl.DataFrame({"Идентификатор": [f"P{i}" for i in range(count)],
                          "Стаж": [str(i % 40) for i in range(count)]})
    path.write_bytes(frame.write_csv(separator=";").replace("\n", "\r\n").encode())
    result = read(people, path)
    read_back = result.frame.collect()
    assert read_back.height == count
    assert read_back["_row"].to_list()[-1] == count + 1
    assert not [p for p in result.problems if p.severity == "error"]


def test_every_row_is_in_the_result_or_named(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Идентификатор;Стаж\nP1;1\n;\n\nP4;x;y\nP5\n", encoding="utf-8")
    result = read(people, path)
    kept = set(result.frame.collect()["_row"].to_list())
    named = {p.location.row for p in result.problems if p.location and p.location.row}
    assert kept | named == {2, 3, 4, 5, 6}


def test_blank_lines_above_csv_headers_keep_row_numbers(people: mayak.Ruleset,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(";;\n\nИдентификатор;Стаж\nP1;много\n", encoding="utf-8")
    result = read(people, path)
    assert result.frame.collect()["_row"].to_list() == [4]
    assert cells(result, "data.bad_value") == [(4, "Стаж")]


def test_formula_cells_of_a_sheet_starting_at_column_b(people: mayak.Ruleset,
                                                       tmp_path: Path) -> None:
    rows = ('<row r="2">' + _inline("B2", "Идентификатор") + _inline("C2", "Стаж") + "</row>"
            '<row r="3">' + _inline("B3", "P1") + '<c r="C3" t="e"><v>#REF!</v></c></row>'
            '<row r="4">' + _inline("B4", "P2") + '<c r="C4"><v>4</v></c></row>')
    result = read(people, write_xlsx(tmp_path / "people.xlsx", [("Лист1", rows)]))
    assert result.frame.collect()["experience"].to_list() == [None, 4.0]
    assert cells(result, "data.excel_error") == [(3, "Стаж")]


def test_a_frame_column_of_nothing_but_nulls_is_just_unknown(people: mayak.Ruleset) -> None:
    frame = pl.DataFrame({"person_id": ["a"], "hired": [None], "member": [None]})
    result = people.evaluate({"people": frame})
    assert not [p for p in result.problems if p.severity == "error"]


def test_a_csv_of_separators_only_is_empty(people: mayak.Ruleset, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(";;;\n;;;\n", encoding="utf-8")
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    assert caught.value.problems[0].code == "data.empty"


def test_a_zip_without_a_workbook_is_a_damaged_xlsx(people: mayak.Ruleset,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    assert "повреждён" in caught.value.render("ru")


MATRIX = """
kind: dataset
id: d
title: D
columns:
  s: {type: string}
  i: {type: integer, min: 0}
  n: {type: number}
  b: {type: boolean}
  t: {type: date}
  c: {type: category, values: [a, b]}
"""

ODD_SERIES = {
    "int8": pl.Series([1, None], dtype=pl.Int8),
    "uint64": pl.Series([2**64 - 1, 1], dtype=pl.UInt64),
    "int128": pl.Series([2**100, 1], dtype=pl.Int128),
    "float32": pl.Series([float("nan"), 1.5], dtype=pl.Float32),
    "decimal": pl.Series(["1.5", None]).cast(pl.Decimal(5, 1)),
    "string": pl.Series(["x", " 1 "]),
    "categorical": pl.Series(["a", "q"], dtype=pl.Categorical),
    "enum": pl.Series(["a", "b"], dtype=pl.Enum(["a", "b"])),
    "boolean": pl.Series([True, None]),
    "date": pl.Series([dt.date(2020, 1, 1), dt.date(2999, 1, 1)]),
    "datetime": pl.Series([dt.datetime(2020, 1, 1), None]),
    "datetime_tz": pl.Series([dt.datetime(2020, 1, 1), None]).dt.replace_time_zone("UTC"),
    "time": pl.Series([dt.time(1, 2), None]),
    "duration": pl.Series([dt.timedelta(1), None]),
    "null": pl.Series([None, None]),
    "list": pl.Series([[1], [2]]),
    "struct": pl.Series([{"a": 1}, {"a": 2}]),
    "binary": pl.Series([b"a", b"b"]),
    "object": pl.Series([object(), object()], dtype=pl.Object),
}


@pytest.mark.parametrize("dtype", list(ODD_SERIES))
@pytest.mark.parametrize("column", list("sinbtc"))
def test_any_polars_type_in_any_column_is_read_or_refused(write: Write, tmp_path: Path,
                                                          dtype: str, column: str) -> None:
    write("m/d.yaml", MATRIX)
    write("m/i.yaml", "kind: indicator\nid: i\ntitle: I\nunit: number\n"
                      "variables: {N: {count: d}}\nformula: N\n")
    rules = mayak.load(tmp_path / "m")
    try:
        result = rules.evaluate({"d": pl.DataFrame({column: ODD_SERIES[dtype]})})
    except mayak.DataError as exc:  # a column of lists, structs, bytes or objects
        assert {p.code for p in exc.problems} == {"data.nested_column"}
    else:
        assert result.value("i") == 2


def test_a_file_that_cannot_be_opened_is_named(people: mayak.Ruleset, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(mayak.DataError) as caught:
        read(people, path)
    assert "нет прав на чтение" in caught.value.render("ru")


@pytest.mark.parametrize(("text", "headers", "first_row"), [
    # More commas than semicolons in the header; a decimal comma is not in every row.
    ("Фамилия, имя, отчество;Возраст, лет;Стаж, лет\nИванова Анна;34;7,5\nПетров;45;20\n",
     ("Фамилия, имя, отчество", "Возраст, лет", "Стаж, лет"), ["Иванова Анна", "34", "7,5"]),
    # Quoted cells may hold the other separators.
    ('МО,"Число; всего",Доля\n"Гурьевский; МО",12,"0,5"\nПионерский,3,"0,1"\n',
     ("МО", "Число; всего", "Доля"), ["Гурьевский; МО", "12", "0,5"]),
    ("МО\tЧисло, чел.\tДоля, %\nГурьевский, МО\t12\t0,5\n",
     ("МО", "Число, чел.", "Доля, %"), ["Гурьевский, МО", "12", "0,5"]),
    ("МО;Число\n", ("МО", "Число"), None),  # headers alone
])
def test_the_separator_is_the_one_the_lines_agree_on(text: str, headers: tuple[str, ...],
                                                     first_row: list[str] | None) -> None:
    table = read_csv(text.encode(), "staff.csv")
    assert table.headers == headers
    rows = table.frame.drop(ROW).rows()
    assert (list(rows[0]) if rows else None) == first_row


def test_a_data_file_named_in_another_case_or_unicode_form_is_found(people: mayak.Ruleset,
                                                                    tmp_path: Path) -> None:
    dataset = msgspec.structs.replace(people.datasets["people"], file="учителя_й")
    folder = tmp_path / "data"
    folder.mkdir()
    for written in ("Учителя_Й.CSV", unicodedata.normalize("NFD", "учителя_й.xlsx")):
        (folder / written).write_text("x\n", encoding="utf-8")
    found = find_files(folder, dataset)
    assert [p.name for p in found] == ["Учителя_Й.CSV",
                                       unicodedata.normalize("NFD", "учителя_й.xlsx")]


@pytest.mark.parametrize(("present", "said"), [
    ("Педагоги 2025.csv", "возможно, это «Педагоги 2025.csv»"),  # a word of the title
    ("peple.xlsx", "возможно, это «peple.xlsx»"),  # the name misspelt
    ("events.csv", None),  # nothing like it: no guess
])
def test_a_missing_data_file_names_the_one_it_may_be(people: mayak.Ruleset, tmp_path: Path,
                                                      present: str, said: str | None) -> None:
    dataset = msgspec.structs.replace(people.datasets["people"], title="Педагогические работники")
    (tmp_path / present).write_text("x\n", encoding="utf-8")
    with pytest.raises(mayak.DataError) as caught:
        find_files(tmp_path, dataset)
    message = caught.value.problems[0].render("ru")
    assert "нет файла данных для набора «people»" in message
    assert (said in message) if said else "возможно" not in message
