"""The command line, run in-process with click's CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from mayak.spec._schema import KINDS, editor_schemas
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES, MALFORMED, ROOT


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_ok() -> None:
    code, _, err = run("validate", str(KALININGRAD_RULES))
    # The region's rules, the catalogue they include and the base rule set they extend.
    files = [*KALININGRAD_RULES.rglob("*.yaml"), *(ROOT / "indicators").rglob("*.yaml"),
             *(ROOT / "rules" / "order-908-1").rglob("*.yaml")]
    assert code == 0 and f"Спецификации корректны (файлов: {len(files)})" in err


def test_validate_reports_all_errors_with_exit_2() -> None:
    code, out, err = run("validate", str(MALFORMED / "_base"), str(MALFORMED / "unknown_name"),
                         str(MALFORMED / "bad_enum"))
    assert code == 2
    assert "unknown_name/indicator.yaml:7:32" in err and "bad_enum/indicator.yaml:5:7" in err
    assert "Traceback" not in out + err


def test_validate_in_english() -> None:
    code, _, err = run("--lang", "en", "validate", str(MALFORMED / "_base"),
                       str(MALFORMED / "unknown_dataset"))
    assert code == 2 and "did you mean 'teachers'" in err


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_report_formats(fmt: str) -> None:
    code, out, _ = run("report", "--rules", str(KALININGRAD_RULES), "--data",
                       str(KALININGRAD_DATA), "--format", fmt)
    assert code == 0
    if fmt == "json":
        document = json.loads(out)
        values = {r["indicator"]: r["value"] for r in document["indicators"]
                  if r["level"] == "total"}
        assert values["teachers_per_methodist"] == 196
    else:
        assert "196" in out and "достигнуто" in out


def test_report_writes_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.md"
    code, out, _ = run("report", "--rules", str(KALININGRAD_RULES), "--data",
                       str(KALININGRAD_DATA), "--format", "md", "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text("utf-8").startswith("# Мониторинг показателей")
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]  # no temp files left


def test_report_strict_exit_1_when_a_target_is_missed() -> None:
    code, _, err = run("report", "--rules", str(KALININGRAD_RULES), "--data",
                       str(KALININGRAD_DATA), "--level", "municipality", "--strict")
    assert code == 1 and "Не достигнуто целевых значений" in err


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for file in KALININGRAD_DATA.iterdir():
        (data / file.name).write_bytes(file.read_bytes())
    return data


def test_report_bad_cell_exit_2_names_file_row_column(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    agreements = data / "community_agreements.csv"
    lines = agreements.read_text("utf-8").splitlines()
    lines[3] = lines[3].replace(",2022,", ",abc,")
    agreements.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("report", "--rules", str(KALININGRAD_RULES), "--data", str(data))
    assert code == 2
    assert "community_agreements.csv: строка 4, столбец «Год»" in err
    assert "«abc» не читается как целое число" in err
    assert "Traceback" not in out + err
    assert "достигнуто" in out  # the report is still produced


@pytest.mark.parametrize(("broken", "message"), [
    ("missing_column", "нет обязательного столбца «has_agreement»"),
    ("empty_file", "файл пуст"),
    ("no_file", "нет файла данных для набора «community_agreements»"),
])
def test_report_unusable_input_exit_2(tmp_path: Path, broken: str, message: str) -> None:
    data = _copy_data(tmp_path)
    agreements = data / "community_agreements.csv"
    if broken == "missing_column":
        agreements.write_text("Сообщество,Год\nX,2022\n", encoding="utf-8")
    elif broken == "empty_file":
        agreements.write_text("", encoding="utf-8")
    else:
        agreements.unlink()
    code, out, err = run("report", "--rules", str(KALININGRAD_RULES), "--data", str(data))
    assert code == 2 and message in err and "Traceback" not in out + err


def test_report_invalid_specs_stop_before_data(tmp_path: Path) -> None:
    code, _, err = run("report", "--rules", str(MALFORMED / "_base"), "--rules",
                       str(MALFORMED / "attribute_access"), "--data", str(tmp_path / "none"))
    assert code == 2 and "«.__class__» запрещено" in err
    assert "нет файла данных" not in err  # data was never looked at


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    run("report", "--rules", str(KALININGRAD_RULES), "--data", str(data), "-o",
        str(tmp_path / "r.json"), "--format", "json")
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_schema_command_writes_editor_schemas(tmp_path: Path) -> None:
    code, _, _ = run("schema", "-o", str(tmp_path / "schemas"))
    assert code == 0
    combined = json.loads((tmp_path / "schemas" / "mayak.schema.json").read_text("utf-8"))
    refs = {branch["then"]["$ref"] for branch in combined["allOf"]}
    assert refs == {f"{kind}.schema.json" for kind in KINDS}
    for ref in refs:
        assert (tmp_path / "schemas" / ref).is_file()


def test_lang_from_a_locale_style_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAYAK_LANG", "en_US.UTF-8")
    code, _, err = run("validate", str(KALININGRAD_RULES))
    assert code == 0 and "Specs are valid" in err


def test_published_difference_is_written_with_the_indicator_digits() -> None:
    _, _, err = run("report", "--rules", str(KALININGRAD_RULES), "--data",
                    str(KALININGRAD_DATA))
    assert "в опубликованном документе 1,09, пересчёт даёт 1,10" in err
    _, _, err = run("--lang", "en", "report", "--rules", str(KALININGRAD_RULES), "--data",
                    str(KALININGRAD_DATA))
    assert "the published document says 1.09, recomputed 1.10" in err


def test_committed_editor_schemas_are_current() -> None:
    """schemas/ (what the spec files' yaml-language-server comments point at) must match
    what `mayak schema` writes; regenerate with `mayak schema -o schemas`."""
    folder = KALININGRAD_RULES.parent.parent / "schemas"
    for name, body in editor_schemas().items():
        assert (folder / name).read_text("utf-8") == body, name


def test_screen_bad_rows_go_to_review_and_the_run_goes_on(tmp_path: Path) -> None:
    applications = tmp_path / "applications.csv"
    applications.write_text(
        "Номер заявки;Предметная область;Педагогический стаж, лет;Квалификационная категория;"
        "Любимый цвет\n"
        "1;Физика;-2;Высшая;синий\n"
        "2;Физика;10;высш.;синий\n"
        ";;;;\n"
        "2;Химия;7;высшая;красный\n", encoding="cp1251")
    code, out, err = run("screen", "--rules", str(KALININGRAD_RULES), str(applications))
    assert code == 0, err
    assert "Требуется проверка: 3" in out
    assert "строка 2, столбец «Педагогический стаж, лет»" in err
    assert "строка 4: пустая строка пропущена" in err
    assert "«Любимый цвет»" in err and "«2»" in err


@pytest.mark.parametrize(("content", "message"), [
    ("Номер заявки;Стаж\n1;5\n", "нет обязательного столбца «subject_area»"),
    (None, "не удаётся прочитать как XLSX"),
])
def test_screen_unusable_file_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / ("applications.csv" if content else "applications.xlsx")
    path.write_text(content or "это не таблица", encoding="utf-8")
    code, out, err = run("screen", "--rules", str(KALININGRAD_RULES), str(path))
    assert code == 2 and message in err and "Traceback" not in out + err


def test_screen_a_file_that_is_not_there(tmp_path: Path) -> None:
    code, out, err = run("screen", "--rules", str(KALININGRAD_RULES),
                         str(tmp_path / "заявки.xlsx"))
    assert code == 2 and "заявки.xlsx: файл не найден" in err
    assert "Traceback" not in out + err and "Errno" not in err


def test_check_table_names_the_headers_it_looked_for(tmp_path: Path) -> None:
    published = tmp_path / "table1.csv"
    published.write_text("Кто;K1\nБиология;4\n", encoding="utf-8")
    code, _, err = run("check-table", "--rules", str(KALININGRAD_RULES),
                       str(KALININGRAD_DATA / "applications.xlsx"), "--published", str(published))
    assert code == 2
    assert "«subject_area», «Предметная область», «Предмет», «Направление»" in err


def test_check_table_of_groups_alone_has_nothing_to_compare(tmp_path: Path) -> None:
    published = tmp_path / "table1.csv"
    published.write_text("Предметная область\nБиология\n", encoding="utf-8")
    code, _, err = run("check-table", "--rules", str(KALININGRAD_RULES),
                       str(KALININGRAD_DATA / "applications.xlsx"), "--published", str(published))
    assert code == 2 and "нет ни одного столбца сводки с числами" in err
    assert "внутренняя ошибка" not in err


def test_check_table_names_a_repeated_header_as_printed(tmp_path: Path) -> None:
    published = tmp_path / "table1.csv"
    published.write_text("Предметная область;K1;K1\nБиология;4;4\n", encoding="utf-8")
    code, _, err = run("check-table", "--rules", str(KALININGRAD_RULES),
                       str(KALININGRAD_DATA / "applications.xlsx"), "--published", str(published))
    assert code in (0, 1)  # compared: consistent, or differences found
    assert "заголовок «K1» повторяет уже найденный столбец «K1» и пропущен" in err
    assert "_duplicated" not in err


@pytest.mark.parametrize(("lang", "expected"), [("ru", "Коды выхода: 0 — готово"),
                                                ("en", "Exit codes: 0 done")])
def test_help_in_the_language_of_mayak_lang(lang: str, expected: str) -> None:
    done = subprocess.run([sys.executable, "-c", "from mayak_cli import main; main()", "--help"],
                          env={**os.environ, "MAYAK_LANG": lang}, capture_output=True,
                          text=True, check=True)
    assert expected in done.stdout


def test_outputs_that_cannot_be_written_are_input_errors(tmp_path: Path) -> None:
    applications = tmp_path / "applications.xlsx"
    applications.write_bytes((KALININGRAD_DATA / "applications.xlsx").read_bytes())
    before = applications.read_bytes()
    code, _, err = run("screen", "--rules", str(KALININGRAD_RULES), str(applications),
                       "--format", "xlsx", "-o", str(applications))
    assert code == 2 and "совпадает с входным файлом" in err
    assert applications.read_bytes() == before  # inputs are never modified
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run("report", "--rules", str(KALININGRAD_RULES), "--data",
                       str(KALININGRAD_DATA), "-o", str(blocker / "report.md"))
    assert code == 2 and "не удаётся записать файл" in err and "внутренняя" not in err


def test_application_text_never_becomes_a_spreadsheet_formula(tmp_path: Path) -> None:
    forms = pl.read_excel(KALININGRAD_DATA / "applications.xlsx", infer_schema_length=0)
    forms = forms.with_columns(pl.lit('=HYPERLINK("http://example.com";"x")').alias("ФИО"))
    forms.write_csv(tmp_path / "applications.csv")
    target = tmp_path / "screening.xlsx"
    code, _, _ = run("screen", "--rules", str(KALININGRAD_RULES),
                     str(tmp_path / "applications.csv"), "--format", "xlsx", "-o", str(target))
    assert code == 0
    with zipfile.ZipFile(target) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    names = pl.read_excel(target, sheet_name="Кандидаты")["ФИО"].to_list()
    assert set(names) == {'=HYPERLINK("http://example.com";"x")'}


@pytest.mark.parametrize(("command", "fmt", "extension"), [
    ("report", "md", "md"), ("report", "html", "html"), ("report", None, "xlsx"),
    ("screen", "csv", "csv"), ("audit", "json", "json"), ("audit", None, "md")])
@pytest.mark.parametrize("format_first", [True, False])
def test_a_folder_given_as_output_is_answered_with_a_file_name_of_the_format(
        tmp_path: Path, command: str, fmt: str | None, extension: str,
        format_first: bool) -> None:
    rules = str(ROOT / "rules" / "kaliningrad")
    data = str(ROOT / "examples" / "kaliningrad-2023" / "data")
    args = {"report": ["--rules", rules, "--data", data],
            "audit": ["--rules", rules, "--data", data],
            "screen": ["--rules", rules, f"{data}/applications.xlsx"]}[command]
    chosen = ["--format", fmt] if fmt else []
    output = ["-o", str(tmp_path)]
    order = [*chosen, *output] if format_first else [*output, *chosen]
    result = CliRunner().invoke(main, ["--lang", "ru", command, *args, *order])
    assert result.exit_code == 2
    assert f"{tmp_path}/результат.{extension}" in result.output


def test_no_compare_and_compare_to_together_are_a_command_line_error() -> None:
    code, out, err = run("report", "--rules", str(KALININGRAD_RULES), "--data",
                         str(KALININGRAD_DATA), "--compare-to", "2022", "--no-compare")
    assert code == 2 and out == ""
    assert "--no-compare и --compare-to 2022 противоречат друг другу" in err


def test_each_command_names_the_formats_its_file_extension_chooses() -> None:
    for command, said in (("screen", "-o (.csv, .json, .xlsx), иначе table"),
                          ("audit", "-o (.csv, .json, .md), иначе table"),
                          ("report", "-o (.csv, .json, .xlsx, .md, .docx, .html), иначе table")):
        _, out, _ = run(command, "--help")
        assert said in " ".join(out.split()), command
