"""The command line hardened: spreadsheet formulas, click's own texts, signals, large
workbooks and outputs that cannot be written."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from mayak import DataError
from mayak.files._write import write_atomic
from mayak.io import _xlsx_write
from mayak.io._spreadsheet import formula_like, quoted
from mayak.io._xlsx_write import Sheet, write_workbook
from mayak.render._screening import RENDERERS as SCREENING_RENDERERS
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# A lone "-" is not among them: it reads as «нет данных» (its output is checked by
# test_formula_like_cells and test_workbook_marks_formula_like_text_as_text).
NAMES = ['=HYPERLINK("http://example.com";"x")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)",
         "\t=1+1", "-2+3", "-5", "+7,5", "Иванова Анна"]


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
    names = set(pl.read_csv(target, infer_schema=False, comment_prefix="#")["ФИО"].to_list())
    assert names == {"'=HYPERLINK(\"http://example.com\";\"x\")", "'+cmd|' /C calc'!A0",
                     "'@SUM(A1:A2)", "'=1+1", "'-2+3", "-5", "+7,5", "Иванова Анна"}


def test_csv_to_standard_output_is_quoted_too(tmp_path: Path) -> None:
    code, out, _ = run("screen", "--rules", str(KALININGRAD_RULES),
                       str(_applications_with_names(tmp_path)), "--format", "csv")
    assert code == 0
    assert "'@SUM(A1:A2)" in out and "\n@" not in out and ",@" not in out
    assert ',"@' not in out and ',"=' not in out  # text cells are quoted


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
    frame = pl.DataFrame({"Имя": ["=HYPERLINK(1)", "Иванова", "-5", "@A", "-"]})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Лист", frame)])
    marked = _styles_of_cells(tmp_path / "t.xlsx", 1)
    assert {cell: marked[cell] for cell in ["A2", "A3", "A4", "A5", "A6"]} == {
        "A2": True, "A3": False, "A4": False, "A5": True, "A6": False}
    with zipfile.ZipFile(tmp_path / "t.xlsx") as files:
        assert "<f>" not in files.read("xl/worksheets/sheet1.xml").decode()


def test_screening_workbook_marks_formulas_in_application_text(tmp_path: Path) -> None:
    target = tmp_path / "screening.xlsx"
    code, _, err = run("screen", "--rules", str(KALININGRAD_RULES),
                       str(_applications_with_names(tmp_path)), "--format", "xlsx",
                       "-o", str(target))
    assert code == 0, err
    names = pl.read_excel(target, sheet_name="Кандидаты")["ФИО"].to_list()
    read = [name.strip() for name in NAMES]  # text cells are read without edge spaces
    assert set(names) == set(read)  # the values themselves are unchanged
    marked = _styles_of_cells(target, 1)
    column = "C"  # ФИО: after «Строка» and «Номер заявки»
    for row, name in enumerate(names, start=2):
        assert marked[f"{column}{row}"] is (name in read[:5]), name


def test_a_sheet_longer_than_excel_allows_goes_on_over_further_sheets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_xlsx_write, "MAX_ROWS", 3)
    frame = pl.DataFrame({"№": list(range(7)), "Текст": [f"t{i}" for i in range(7)]})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Кандидаты", frame), Sheet("Сводка", frame[:2])])
    sheets = pl.read_excel(tmp_path / "t.xlsx", sheet_id=0)
    assert list(sheets) == ["Кандидаты", "Кандидаты (2)", "Кандидаты (3)", "Сводка"]
    assert pl.concat([sheets[f] for f in list(sheets)[:3]]).equals(frame)
    assert sheets["Сводка"].equals(frame[:2])


# -- click's texts in the reader's language ------------------------------------------------

RULES, DATA = str(KALININGRAD_RULES), str(KALININGRAD_DATA)
APPLICATIONS = str(KALININGRAD_DATA / "applications.xlsx")
CLICK_ENGLISH = ["Usage:", "Error:", "Invalid value", "Missing", "No such", "Try '", "Aborted",
                 "is a directory", "does not exist", "Show this message", "Options:"]

# (arguments, fragments in Russian, fragments in English); exit code 2 for each
MISTAKES = [
    (["valdate", RULES], ["Запуск: mayak [ПАРАМЕТРЫ] КОМАНДА",
                          "нет команды «valdate» (возможно, имелось в виду «validate»?)"],
     ["Usage: mayak [OPTIONS] COMMAND", "no command 'valdate' (did you mean 'validate'?)"]),
    (["report", "--frmat", "md"],
     ["Справка: mayak report --help", "нет параметра «--frmat» (возможно, имелось в виду "
      "«--format»?)"],
     ["Help: mayak report --help", "no option '--frmat' (did you mean '--format'?)"]),
    (["screen", "--rules", RULES], ["не указан ФАЙЛ_ЗАЯВОК"], ["APPLICATIONS is missing"]),
    (["report", "--rules", RULES], ["Ошибка: не указан обязательный параметр --data"],
     ["Error: the required option --data is missing"]),
    (["report", "--rules", RULES, "--data", DATA, "--format", "xml"],
     ["--format: значение «xml» не подходит; допустимые: «csv», «docx», «html», «json», «md», "
      "«table», «xlsx»"],
     ["--format: 'xml' is not allowed; allowed: 'csv', 'docx', 'html', 'json', 'md', "
      "'table', 'xlsx'"]),
    (["report", "--rules", RULES, "--data", APPLICATIONS],
     ["--data: «" + APPLICATIONS + "» — это файл, а нужна папка"],
     ["--data: '" + APPLICATIONS + "' is a file, not a folder"]),
    (["screen", "--rules", RULES, DATA], ["ФАЙЛ_ЗАЯВОК: «" + DATA + "» — это папка, а нужен файл"],
     ["APPLICATIONS: '" + DATA + "' is a folder, not a file"]),
    (["screen", "--rules", RULES, APPLICATIONS, "-o", DATA],
     ["--output: не удаётся записать файл: «" + DATA + "» — это папка"],
     ["--output: cannot write the file: '" + DATA + "' is a folder"]),
    (["check-table", "--rules", RULES, APPLICATIONS, "--published", DATA],
     ["--published: «" + DATA + "» — это папка, а нужен файл"],
     ["--published: '" + DATA + "' is a folder, not a file"]),
    (["report", "--rules", RULES, "--data", DATA, "--strict=yes"],
     ["параметр --strict пишется без значения"], ["--strict takes no value"]),
    (["report", "--rules", RULES, "--data"], ["после --data нужно значение"],
     ["--data needs a value"]),
    (["report", "--rules", RULES, "--data", DATA, "лишнее"], ["лишнее в командной строке: лишнее"],
     ["unexpected extra arguments: лишнее"]),
    (["screen", "--rules", RULES, "/nonexistent/заявки.xlsx"],
     ["заявки.xlsx: файл не найден"], ["заявки.xlsx: file not found"]),
    (["validate", "/nonexistent/rules"], ["путь не найден"], ["path not found"]),
]


def _in(lang: str, args: list[str], how: str) -> tuple[int, str, str]:
    """Run with the language chosen by --lang before the command, or by MAYAK_LANG."""
    if how == "option":
        return run("--lang", lang, *args)
    return run(*args, env={"MAYAK_LANG": lang})


@pytest.mark.parametrize("how", ["option", "environment"])
@pytest.mark.parametrize(("args", "russian", "english"), MISTAKES,
                         ids=[" ".join(m[0][:2]) + f"-{i}" for i, m in enumerate(MISTAKES)])
def test_command_line_mistakes_in_both_languages(args: list[str], russian: list[str],
                                                 english: list[str], how: str) -> None:
    for lang, expected in (("ru", russian), ("en", english)):
        code, out, err = _in(lang, args, how)
        assert code == 2, (lang, err)
        for fragment in expected:
            assert fragment in err, (lang, fragment, err)
        assert "Traceback" not in out + err
        if lang == "ru":
            assert not [e for e in CLICK_ENGLISH if e in err], err


def test_lang_after_the_mistake_still_chooses_the_language() -> None:
    # The mistake is found before click reads --lang: the arguments were looked at first.
    code, _, err = run("--lang", "en", "report", "--frmat", "md")
    assert code == 2 and "no option '--frmat'" in err
    code, _, err = run("--lang=en", "valdate")
    assert code == 2 and "no command 'valdate'" in err


@pytest.mark.parametrize(("lang", "expected"), [("ru", "Mayak, версия "),
                                                ("en", "Mayak, version ")])
def test_version_in_both_languages(lang: str, expected: str) -> None:
    code, out, _ = run("--lang", lang, "--version")
    assert code == 0 and out.startswith(expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", ["Запуск: mayak [ПАРАМЕТРЫ] КОМАНДА [АРГУМЕНТЫ]...", "Параметры:", "Команды:",
            "показать эту справку и выйти", "[по умолчанию: ru]", "130 — прервано"]),
    ("en", ["Usage: mayak [OPTIONS] COMMAND [ARGS]...", "Options:", "Commands:",
            "show this message and exit", "[default: ru]", "130 interrupted"]),
])
def test_help_in_both_languages(lang: str, expected: list[str]) -> None:
    for args, env in ((["--lang", lang, "--help"], None), (["--help"], {"MAYAK_LANG": lang})):
        code, out, _ = run(*args, env=env)
        assert code == 0
        words = " ".join(out.split())  # as the help is wrapped to the terminal's width
        for fragment in expected:
            assert fragment in words, (fragment, out)
        if lang == "ru":
            assert not [e for e in CLICK_ENGLISH if e in out], out


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", ["Запуск: mayak report [ПАРАМЕТРЫ]", "--data ПАПКА", "[обязательно]",
            "--format [csv|docx|html|json|md|table|xlsx]", "[по умолчанию: table]",
            "-o, --output ФАЙЛ"]),
    ("en", ["Usage: mayak report [OPTIONS]", "--data FOLDER", "[required]",
            "[default: table]", "-o, --output FILE"]),
])
def test_report_help_in_both_languages(lang: str, expected: list[str]) -> None:
    code, out, _ = run("--lang", lang, "report", "--help")
    assert code == 0
    words = " ".join(out.split())
    for fragment in expected:
        assert fragment in words, (fragment, out)


@pytest.mark.parametrize(("lang", "expected"), [("ru", "Команды:"), ("en", "Commands:")])
def test_mayak_alone_shows_the_help(lang: str, expected: str) -> None:
    code, out, err = run(env={"MAYAK_LANG": lang})
    assert code == 2 and expected in err and "check-table" in err and out == ""


# -- Ctrl-C and SIGTERM ----------------------------------------------------------------------

def _many_applications(folder: Path, rows: int) -> Path:
    forms = pl.read_excel(KALININGRAD_DATA / "applications.xlsx", infer_schema_length=0)
    many = pl.concat([forms] * (rows // forms.height + 1)).head(rows).with_columns(
        pl.format("{}-{}", pl.col("Номер заявки"), pl.int_range(pl.len())).alias("Номер заявки"))
    path = folder / "applications.parquet"
    many.write_parquet(path)
    return path


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_run_and_removes_the_temporary_file(tmp_path: Path,
                                                               signum: int) -> None:
    applications = _many_applications(tmp_path, 300_000)
    target = tmp_path / "out" / "screening.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"the previous result")
    process = subprocess.Popen(
        [sys.executable, "-c", "from mayak_cli import main; main()", "screen", "--rules",
         RULES, str(applications), "--format", "xlsx", "-o", str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "MAYAK_LANG": "ru"})
    give_up = time.monotonic() + 300  # a guard against hanging, not a measure of speed
    while not list(target.parent.glob(".*.tmp")):
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < give_up
        time.sleep(0.005)
    process.send_signal(signum)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 128 + signum  # 130 for Ctrl-C, 143 for SIGTERM
    assert "Прервано: работа остановлена, недописанные файлы удалены." in err.decode()
    assert "Traceback" not in err.decode()
    assert list(target.parent.iterdir()) == [target]  # no .screening.xlsx.*.tmp left
    assert target.read_bytes() == b"the previous result"


def test_interruption_in_process_is_exit_130_not_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("mayak.load", interrupted)
    code, _, err = run("validate", RULES)
    assert code == 130 and "Прервано" in err and "Aborted" not in err


# -- a reader that goes away -----------------------------------------------------------------

def _mayak(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "from mayak_cli import main; main()", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "MAYAK_LANG": "ru"})


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
def test_report_into_a_closed_pipe_is_quiet() -> None:
    process = _mayak("report", "--rules", RULES, "--data", DATA)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `head` does once it has its line
    err = process.stderr.read().decode()
    assert process.wait() == 141
    assert "Traceback" not in err and "внутренняя ошибка" not in err and "Exception" not in err


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
def test_screening_csv_into_pipe_closed_after_one_line_is_quiet(tmp_path: Path) -> None:
    process = _mayak("screen", "--rules", RULES, str(_many_applications(tmp_path, 100_000)),
                     "--format", "csv")
    assert process.stdout is not None and process.stderr is not None
    # The first line: the provenance's, above the 100 000 candidates still to come.
    assert process.stdout.readline().startswith("\ufeff# mayak ".encode())
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait() == 141
    assert "Traceback" not in err and "внутренняя ошибка" not in err


# -- outputs that must not be written --------------------------------------------------------

def _copy_of_applications(folder: Path) -> Path:
    path = folder / "a.xlsx"
    path.write_bytes((KALININGRAD_DATA / "applications.xlsx").read_bytes())
    return path


@pytest.mark.parametrize("spelling", ["dot", "symlink", "hardlink"])
def test_output_onto_the_input_under_another_name_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str) -> None:
    monkeypatch.chdir(tmp_path)
    applications = _copy_of_applications(tmp_path)
    before = applications.read_bytes()
    if spelling == "dot":
        output = "./a.xlsx"
    else:
        output = "link.xlsx"
        if spelling == "symlink":
            (tmp_path / output).symlink_to(applications)
        else:
            os.link(applications, tmp_path / output)
    for lang, message in (("ru", "совпадает с входным файлом"), ("en", "is the input file")):
        code, _, err = run("--lang", lang, "screen", "--rules", RULES, "a.xlsx",
                           "--format", "xlsx", "-o", output)
        assert code == 2 and message in err, err
    assert applications.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_report_output_onto_a_data_file_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for file in KALININGRAD_DATA.iterdir():
        (data / file.name).write_bytes(file.read_bytes())
    teachers = next(data.glob("teachers.*"))
    before = teachers.read_bytes()
    (tmp_path / "out.csv").symlink_to(teachers)
    code, _, err = run("report", "--rules", RULES, "--data", str(data), "-o",
                       str(tmp_path / "out.csv"))
    assert code == 2 and "совпадает с входным файлом" in err
    assert teachers.read_bytes() == before


def test_output_onto_a_spec_file_is_refused(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    for file in KALININGRAD_RULES.iterdir():
        (rules / file.name).write_bytes(file.read_bytes())
    (rules / "ruleset.yaml").write_text(
        (KALININGRAD_RULES / "ruleset.yaml").read_text("utf-8").replace(
            "../../indicators", str(KALININGRAD_RULES.parent.parent / "indicators")).replace(
            "../order-908-1", str(KALININGRAD_RULES.parent / "order-908-1")), "utf-8")
    spec = rules / "rma-admission.yaml"
    before = spec.read_bytes()
    code, _, err = run("screen", "--rules", str(rules), APPLICATIONS, "--format", "csv",
                       "-o", str(spec))
    assert code == 2 and "совпадает с входным файлом" in err, err
    assert spec.read_bytes() == before


def test_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("screen", "--rules", RULES, APPLICATIONS, "--format", "csv", "-o", "-")
    assert code == 0 and out.startswith("\ufeff# mayak ")
    assert '\n"Номер заявки",' in out
    code, out, _ = run("report", "--rules", RULES, "--data", DATA, "--format", "md", "-o", "-")
    assert code == 0 and out.startswith("# Мониторинг показателей")
    code, _, err = run("screen", "--rules", RULES, APPLICATIONS, "--format", "xlsx", "-o", "-")
    assert code == 2 and "для формата xlsx укажите файл: -o ФАЙЛ" in err
    assert list(tmp_path.iterdir()) == []  # no file named «-»


def test_output_below_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for lang, message in (("ru", "не удаётся записать файл"), ("en", "cannot write the file")):
        code, _, err = run("--lang", lang, "screen", "--rules", RULES, APPLICATIONS,
                           "--format", "csv", "-o", str(blocker / "sub" / "out.csv"))
        assert code == 2 and message in err and "Traceback" not in err
        assert "Заявок" not in err and "Applications" not in err  # nothing was screened


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_full_disk_is_an_input_error_and_the_old_output_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    def full(_screening: object, _spec: object, _dataset: object, _lang: object,
             target: Path, **_options: object) -> None:
        target.write_bytes(b"half a file")
        # As Polars' writers say it: an OSError without errno.
        raise OSError("No space left on device (os error 28)")

    monkeypatch.setitem(SCREENING_RENDERERS, fmt, full)
    target = tmp_path / f"screening.{fmt}"
    target.write_bytes(b"the previous result")
    for lang, message in (("ru", "на диске не хватает места"), ("en", "the disk is full")):
        code, _, err = run("--lang", lang, "screen", "--rules", RULES, APPLICATIONS,
                           "--format", fmt, "-o", str(target))
        assert code == 2 and message in err and "внутренняя" not in err, err
    assert target.read_bytes() == b"the previous result"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_write_failures_are_told_by_their_reason(tmp_path: Path) -> None:
    def refuse(path: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    with pytest.raises(DataError) as raised:
        write_atomic(tmp_path / "x.csv", refuse)
    assert "нет прав на запись сюда" in raised.value.problems[0].message("ru")
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_keeps_the_temporary_file_in_the_given_set(tmp_path: Path) -> None:
    in_progress: set[Path] = set()
    seen: list[set[Path]] = []
    write_atomic(tmp_path / "x.csv", lambda path: seen.append(set(in_progress)) or None,
                 in_progress=in_progress)
    assert len(seen[0]) == 1 and next(iter(seen[0])).name.startswith(".x.csv.")
    assert in_progress == set()


def test_repeated_workbook_text_is_shared_and_reads_back_exactly(tmp_path: Path) -> None:
    values = ["a & b <c>", "\x01ctrl", "_x0041_", " lead ", "=1+1", None, "-5", "a\nb", "да"]
    frame = pl.DataFrame({"Текст": values * 5, "Ещё": ["да", "нет", None] * 15})
    write_workbook(tmp_path / "t.xlsx", [Sheet("Лист", frame)])
    with zipfile.ZipFile(tmp_path / "t.xlsx") as files:
        sheet = files.read("xl/worksheets/sheet1.xml").decode()
        strings = files.read("xl/sharedStrings.xml").decode()
    assert 't="inlineStr"' not in sheet  # both columns repeat: every text cell is shared
    assert strings.count("<si>") == 2 + 8 + 1  # headers, distinct values, «нет»
    back = pl.read_excel(tmp_path / "t.xlsx", sheet_name="Лист", drop_empty_rows=False)
    assert back["Текст"].to_list() == frame["Текст"].to_list()
    assert back["Ещё"].to_list() == frame["Ещё"].to_list()
    marked = _styles_of_cells(tmp_path / "t.xlsx", 1)
    assert [marked.get(f"A{row}") for row in range(2, 11)] == [
        False, False, False, False, True, None, False, False, False]


def test_an_earlier_output_beside_the_inputs_may_be_replaced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for file in KALININGRAD_DATA.iterdir():
        (data / file.name).write_bytes(file.read_bytes())
    (data / "report.md").write_text("old report")
    code, _, err = run("report", "--rules", RULES, "--data", str(data), "--format", "md",
                       "-o", str(data / "report.md"))
    assert code == 0, err
    (data / "screening.csv").write_text("old screening")
    code, _, err = run("screen", "--rules", RULES, str(data / "applications.xlsx"),
                       "--format", "csv", "-o", str(data / "screening.csv"))
    assert code == 0, err
    assert (data / "report.md").read_text("utf-8").startswith("# Мониторинг")
    assert (data / "screening.csv").read_text("utf-8-sig").startswith("# mayak ")
    teachers = next(data.glob("teachers.*"))
    code, _, err = run("screen", "--rules", RULES, str(data / "applications.xlsx"),
                       "--format", "csv", "-o", str(teachers))  # the population: an input
    assert code == 2 and "совпадает с входным файлом" in err
