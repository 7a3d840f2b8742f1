"""``mayak report --format xlsx|html`` in process: the report spec's document written
atomically, its cells typed and equal to the evaluation's, and the refusals (no -o, an
unknown report, an extension contradicting --format)."""

from __future__ import annotations

from pathlib import Path

import mayak
import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner
from mayak.io._sheet_names import sheet_name
from mayak_cli import main

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
ARGS = ["report", "--rules", str(EXAMPLE / "rules"), "--data", str(EXAMPLE / "data")]


def _run(*extra: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, [*ARGS, *extra])
    return outcome.exit_code, outcome.output


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "справка.xlsx"
    code, output = _run("-o", str(path))  # the extension names the format
    assert code == 0, output
    return openpyxl.load_workbook(path)


def test_a_sheet_per_table_in_the_specs_order(workbook: openpyxl.Workbook) -> None:
    spec = mayak.load([EXAMPLE / "rules"]).report_for()
    assert spec is not None
    names = workbook.sheetnames
    # Each section's sheet bears its title (cut for Excel), in the spec's order.
    firsts = [sheet_name(s.title) for s in spec.sections if s.title]
    assert [n for n in names if n in firsts] == firsts


def test_a_section_with_a_table_per_period_has_one_sheet(workbook: openpyxl.Workbook) -> None:
    # One sheet per section (and the provenance sheet); the scores of both periods on the
    # scores section's sheet as one table, told apart by the first column «Период».
    rules = mayak.load([EXAMPLE / "rules"])
    spec = rules.report_for()
    assert spec is not None
    assert len(workbook.sheetnames) == len(spec.sections) + 1
    number = next(n for n, s in enumerate(spec.sections) if s.type == "scores")
    scored = rules.evaluate_folder(EXAMPLE / "data").scores[str(spec.sections[number].scoring)]
    rows = list(workbook[workbook.sheetnames[number]].iter_rows(values_only=True))
    header = next(n for n, row in enumerate(rows) if row[0] == mayak.text("col.period", "ru"))
    body = [row for row in rows[header + 1:] if row[0] is not None]
    periods = scored.get_column("period").unique().to_list()
    assert len(periods) == 2
    for code in periods:
        shown = [row for row in body if str(row[0]).startswith(code)]
        units = scored.filter(pl.col("period") == code).get_column("unit").sort().to_list()
        assert sorted(row[1] for row in shown) == units, code
    assert len(body) == scored.height


def test_the_indicator_form_holds_typed_values(workbook: openpyxl.Workbook) -> None:
    rules = mayak.load([EXAMPLE / "rules"])
    result = rules.evaluate_folder(EXAMPLE / "data")
    expected = result.indicators.filter(pl.col("level") == "total")
    sheet = workbook[workbook.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(n for n, row in enumerate(rows) if row[0] == "№")
    heads = list(rows[header])
    achieved = heads.index(mayak.text("col.achieved", "ru"))
    body = rows[header + 1: header + 1 + expected.height]
    assert [r[1] for r in body] == expected.get_column("title").to_list()
    assert [r[achieved] for r in body] == expected.get_column("value").to_list()
    assert all(isinstance(r[achieved], float | int) for r in body)


def test_html_is_written(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    code, output = _run("--format", "html", "-o", str(path))
    assert code == 0, output
    page = path.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Калининградская область" in page


def test_a_document_needs_a_file() -> None:
    code, output = _run("--format", "xlsx")
    assert code == 2
    assert "-o" in output


@pytest.mark.parametrize("fmt", ["html", "xlsx", "csv", "md", "json"])
def test_an_unknown_report_is_named_with_the_known_ones(tmp_path: Path, fmt: str) -> None:
    # Formats other than the documents do not read the report spec: still a misspelt
    # --report is refused, not ignored.
    code, output = _run("--report", "kaliningrad-municipal", "-o", str(tmp_path / f"r.{fmt}"))
    assert code == 2
    assert "«kaliningrad-municipal»" in output and "kaliningrad-municipal-2023" in output
    assert not (tmp_path / f"r.{fmt}").exists()


def test_an_extension_contradicting_the_format_is_refused(tmp_path: Path) -> None:
    code, output = _run("--format", "html", "-o", str(tmp_path / "r.xlsx"))
    assert code == 2 and "xlsx" in output
    assert not (tmp_path / "r.xlsx").exists()


def test_csv_is_the_indicator_rows(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    code, output = _run("-o", str(path))
    assert code in (0, 1), output
    written = pl.read_csv(path, comment_prefix="#")
    result = mayak.load([EXAMPLE / "rules"]).evaluate_folder(EXAMPLE / "data")
    expected = result.indicators
    assert written.columns == [*expected.columns, "basis"]
    for name, basis in zip(written.get_column("indicator"), written.get_column("basis"),
                           strict=True):
        written_basis = result.bases.get(name)
        assert (basis or "").startswith(written_basis.document if written_basis else "")
    assert written.get_column("value").to_list() == expected.get_column("value").to_list()
    assert written.get_column("planned_op").to_list() == expected.get_column(
        "planned_op").to_list()


def test_csv_starts_with_its_provenance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    # The version, the period and every file read with its SHA-256, as «#» lines, so that a
    # reader told «#» starts a comment gets the table alone.
    import hashlib  # noqa: PLC0415
    from importlib.metadata import version  # noqa: PLC0415

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    path = tmp_path / "report.csv"
    code, output = _run("-o", str(path))
    assert code in (0, 1), output
    lines = path.read_text("utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    assert lines[:len(comments)] == comments  # all above the table
    assert comments[0] == f"# mayak {version('mayak')}"
    assert "# generated: 1970-01-02T00:00:00Z" in comments
    assert any(line.startswith("# period: ") for line in comments)
    listed = {line.split("  ", 1)[1]: line.split(": ", 1)[1].split("  ")[0]
              for line in comments if line.startswith(("# rules: ", "# data: "))}
    for shown, digest in listed.items():  # paths as shown, from the working folder
        assert hashlib.sha256(Path(shown).read_bytes()).hexdigest() == digest, shown
    read = {Path(shown).resolve() for shown in listed}
    assert set((EXAMPLE / "rules").rglob("*.yaml")) <= read
    assert {p for p in (EXAMPLE / "data").iterdir() if p.suffix == ".csv"} & read


@pytest.mark.parametrize("field", ["indicators", "audits"])
def test_csv_keeps_formula_like_text_as_text(field: str) -> None:
    # A unit named like a formula (from a data file) would run when the CSV is opened.
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415
    import re  # noqa: PLC0415
    from types import SimpleNamespace  # noqa: PLC0415

    from mayak.io._spreadsheet import FORMULA  # noqa: PLC0415
    from mayak.render._audits import render_csv as audit_csv  # noqa: PLC0415
    from mayak.render._report import render_csv as report_csv  # noqa: PLC0415

    names = ['=HYPERLINK("http://x","y")', "+1+2", "@SUM(A1)", "\t=1", "-3", "Город"]
    frame = pl.DataFrame({"indicator": ["x"] * len(names), "key": names,
                          "value": [1.5] * len(names)})
    render = report_csv if field == "indicators" else audit_csv
    written = render(SimpleNamespace(**{field: frame}, bases={}, provenance=None),  # type: ignore[arg-type]
                     "ru")
    header, *rows = list(csv.reader(io.StringIO(written)))
    assert not [cell for row in rows for cell in row if re.match(FORMULA, cell)]
    assert [row[header.index("key")].removeprefix("'") for row in rows] == names


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html"])
def test_a_document_under_a_foreign_extension_is_refused(tmp_path: Path, fmt: str) -> None:
    code, output = _run("--format", fmt, "-o", str(tmp_path / "справка.pdf"))
    assert code == 2 and "«.pdf»" in output and f".{fmt}" in output
    assert not (tmp_path / "справка.pdf").exists()


def test_the_workbook_properties_name_the_report(workbook: openpyxl.Workbook) -> None:
    spec = mayak.load([EXAMPLE / "rules"]).report_for()
    assert spec is not None
    # What a file manager or Excel's «Сведения» shows, as the Word справка has it.
    assert workbook.properties.title == spec.title
    assert workbook.properties.creator == (spec.author or "")
