"""A second adversarial round on data: spreadsheet dates beyond the year 9999, frames
given to the library with their own row numbers or a failing computation, values that are
not tables, and outputs that are not plain files or cannot be written."""

from __future__ import annotations

import io
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import mayak
import polars as pl
import pytest
import xlsxwriter
from click.testing import CliRunner
from mayak.files._write import write_atomic
from mayak_cli import main

from tests.conftest import KALININGRAD_RULES

APPLICATIONS = {"Номер заявки": ["1", "2", "3"],
                "Предметная область": ["Биология", "Химия", "ИЗО"],
                "Педагогический стаж, лет": ["7,5", "6", "5"],
                "Квалификационная категория": ["высшая", "первая", "первая"]}


@pytest.fixture(scope="module")
def rules() -> mayak.Ruleset:
    return mayak.load(KALININGRAD_RULES)


def _workbook(path: Path, date_serial: float) -> None:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        sheet = book.add_worksheet("Заявки")
        for c, (header, values) in enumerate(APPLICATIONS.items()):
            sheet.write_string(0, c, header)
            for r, value in enumerate(values, start=1):
                sheet.write_string(r, c, value)
        sheet.write_string(0, 4, "Дата подачи заявки")
        sheet.write_number(1, 4, date_serial, book.add_format({"num_format": "dd.mm.yyyy"}))
    path.write_bytes(buffer.getvalue())


def test_date_cell_in_the_year_10000_is_named_not_an_internal_error(
        rules: mayak.Ruleset, tmp_path: Path) -> None:
    # Serial 2958466 is 01.01.10000: the sheet reader gives "+10000-01-01 00:00:00".
    _workbook(tmp_path / "a.xlsx", 2_958_466)
    screening = rules.screen(tmp_path / "a.xlsx")
    assert screening.candidates.height == 3
    rendered = [p.render("ru") for p in screening.problems]
    assert any("строка 2" in r and "+10000-01-01" in r for r in rendered), rendered


def test_text_date_beyond_9999_in_a_frame(rules: mayak.Ruleset) -> None:
    frame = pl.DataFrame(APPLICATIONS).with_columns(
        pl.Series("Дата подачи заявки", ["+10000-01-01", "10000-01-01", "31.12.2022"]))
    screening = rules.screen(frame)
    assert screening.candidates.get_column("application_date").null_count() == 2
    assert sum("10000-01-01" in p.render("ru") for p in screening.problems) == 2


@pytest.mark.parametrize("rows", [
    pl.Series("_row", ["a", "b", "c"]),
    pl.Series("_row", [None, 1, 2]),
    pl.Series("_row", [1, 1, 2]),
    pl.Series("_row", [0, 1, 2]),
    pl.Series("_row", [1.5, 2.0, 3.0]),
    pl.Series("_row", [2**64 - 1] * 3, dtype=pl.UInt64),
])
def test_own_row_numbers_that_cannot_name_rows_are_refused(rules: mayak.Ruleset,
                                                           rows: pl.Series) -> None:
    frame = pl.DataFrame(APPLICATIONS).with_columns(rows)
    with pytest.raises(mayak.DataError) as error:
        rules.screen(frame)
    assert "номера строк" in error.value.problems[0].render("ru")


def test_own_row_numbers_are_kept(rules: mayak.Ruleset) -> None:
    frame = pl.DataFrame(APPLICATIONS).with_columns(
        pl.Series("_row", [7, 3, 12], dtype=pl.Int8))
    screening = rules.screen(frame)
    assert screening.candidates.get_column("_row").to_list() == [7, 3, 12]


def test_lazy_frame_whose_computation_fails(rules: mayak.Ruleset) -> None:
    lazy = pl.LazyFrame(APPLICATIONS).with_columns(
        pl.col("Педагогический стаж, лет").str.to_integer())
    with pytest.raises(mayak.DataError) as error:
        rules.screen(lazy)
    rendered = error.value.problems[0].render("ru")
    assert "не удалось вычислить" in rendered and "applications" in rendered


def test_lazy_population_whose_computation_fails(rules: mayak.Ruleset) -> None:
    people = pl.LazyFrame({"Идентификатор педагога": ["a"]}).select(
        pl.col("Идентификатор педагога").str.to_integer())
    with pytest.raises(mayak.DataError, match="teachers"):
        rules.screen(pl.DataFrame(APPLICATIONS), population=people)


@pytest.mark.parametrize("value", [[1, 2, 3], None, 42, {"a": [1]}])
def test_screen_given_something_that_is_not_a_table(rules: mayak.Ruleset,
                                                    value: object) -> None:
    with pytest.raises(mayak.DataError, match="нужен polars DataFrame"):
        rules.screen(value)  # type: ignore[arg-type]


def test_cli_date_cell_in_the_year_10000(tmp_path: Path) -> None:
    _workbook(tmp_path / "a.xlsx", 2_958_466)
    result = CliRunner().invoke(main, ["screen", "--rules", str(KALININGRAD_RULES),
                                       str(tmp_path / "a.xlsx"), "--format", "json"])
    assert result.exit_code == 0, result.output


# -- outputs that are not plain files, and standard output that cannot be written ------------

EXAMPLE = KALININGRAD_RULES.parents[1] / "examples" / "kaliningrad-2023" / "data"
CLI = [sys.executable, "-c", "from mayak_cli import main; main()"]


def _cli(*args: str, shell_redirect: str = "") -> subprocess.CompletedProcess[bytes]:
    command = " ".join(shlex.quote(a) for a in [*CLI, *args]) + shell_redirect
    return subprocess.run(["sh", "-c", command], capture_output=True, timeout=120,
                          env={**os.environ, "MAYAK_LANG": "ru"}, check=False)


def test_fifo_output_is_refused_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    with pytest.raises(mayak.DataError, match="не обычный файл"):
        write_atomic(fifo, "x")
    run = _cli("screen", "--rules", str(KALININGRAD_RULES), str(EXAMPLE / "applications.xlsx"),
               "--format", "csv", "-o", str(fifo))
    assert run.returncode == 2, run.stderr.decode()
    assert "не обычный файл" in run.stderr.decode()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the FIFO, not a file put in its place


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_screen_to_a_full_stdout(fmt: str) -> None:
    run = _cli("screen", "--rules", str(KALININGRAD_RULES), str(EXAMPLE / "applications.xlsx"),
               "--format", fmt, shell_redirect=" > /dev/full")
    assert run.returncode == 2, run.stderr.decode()
    assert "не удалось вывести результат: на диске не хватает места" in run.stderr.decode()


@pytest.mark.parametrize("command", [
    ("screen", "--rules", str(KALININGRAD_RULES), str(EXAMPLE / "applications.xlsx"),
     "--format", "json"),
    ("report", "--rules", str(KALININGRAD_RULES), "--data", str(EXAMPLE)),
])
def test_closed_stdout_is_said_not_an_internal_error(command: tuple[str, ...]) -> None:
    run = _cli(*command, shell_redirect=" >&-")
    assert run.returncode == 2, run.stderr.decode()
    assert "вывод результата закрыт" in run.stderr.decode()
