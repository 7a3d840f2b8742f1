"""The command line hardened: spreadsheet formulas, click's own texts, signals, large
workbooks and outputs that cannot be written."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner
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
