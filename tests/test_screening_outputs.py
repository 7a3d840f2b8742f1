"""The screening's outputs on the Kaliningrad example: the workbook read back with openpyxl
(typed cells, Russian headers, bold total, criteria and provenance sheets, page setup), the
criteria's legal basis in the table and the JSON, and --format against the -o extension."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import mayak
import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner
from mayak.messages import text
from mayak.render._basis import basis_text
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES

APPLICATIONS = KALININGRAD_DATA / "applications.xlsx"
MUNICIPAL = KALININGRAD_DATA.parent.parent / "kaliningrad-municipal-2022-2023"  # has audits


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def rules() -> mayak.Ruleset:
    return mayak.load(KALININGRAD_RULES)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    target = tmp_path_factory.mktemp("screen") / "screening.xlsx"
    code, _, err = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                       "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    return openpyxl.load_workbook(target)


def _rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, object]]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_candidates_headers_are_titles_or_catalogue_texts(book: openpyxl.Workbook,
                                                          rules: mayak.Ruleset) -> None:
    admission = rules.admission_for(None)
    dataset = rules.datasets[admission.dataset]
    header = [cell.value for cell in book["Кандидаты"][1]]
    allowed = {text("col.row", "ru"), text("col.outcome", "ru"), text("col.reasons", "ru"),
               *[c.title for c in dataset.columns.values()],
               *[c.id for c in admission.criteria],
               *[text("col.explain", "ru", id=c.id) for c in admission.criteria]}
    derived = [h for h in header if h not in allowed]
    assert len(derived) == len(admission.derive)  # one header per derived value, …
    assert all(h.endswith(": расчётное значение") for h in derived)  # … in Russian
    assert not set(header) & set(admission.derive)  # never the internal name


def test_candidates_numbers_and_dates_are_typed(book: openpyxl.Workbook,
                                                rules: mayak.Ruleset) -> None:
    dataset = rules.datasets[rules.admission_for(None).dataset]
    sheet = book["Кандидаты"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    source = pl.read_excel(APPLICATIONS)  # the form as filled in, read by fastexcel
    assert sheet.max_row - 1 == source.height
    for name, column in dataset.columns.items():
        cells = [row[0] for row in sheet.iter_rows(min_row=2, min_col=columns[column.title],
                                                   max_col=columns[column.title])]
        filled = [c for c in cells if c.value is not None]
        if column.type in ("number", "integer"):
            assert filled and all(c.data_type == "n" for c in filled), name
        elif column.type == "date":
            assert filled and all(c.is_date for c in filled), name
        else:
            assert all(c.data_type == "s" for c in filled), name
    # The application dates are the dates of the form (typed there as text), row for row.
    title = dataset.columns["application_date"].title
    written = [c.value.date() if c.value else None for (c,) in sheet.iter_rows(
        min_row=2, min_col=columns[title], max_col=columns[title])]
    assert written == source[title].str.to_date("%d.%m.%Y").to_list()


def test_criteria_and_outcome_are_filled_by_status(book: openpyxl.Workbook) -> None:
    sheet = book["Кандидаты"]
    fills = {"да": "FFC6EFCE", "нет": "FFFFC7CE", "нет данных": "FFFFEB9C",
             "включён": "FFC6EFCE", "резерв": "FFFFC7CE", "на проверку": "FFFFEB9C"}
    for name in ("K1", "K3", "Решение"):
        column = next(c.column for c in sheet[1] if c.value == name)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            assert cell.fill.fgColor.rgb == fills[cell.value], (name, cell.value)


def test_answers_and_explanations_are_collapsed_and_the_sheet_prints_one_page_wide(
        book: openpyxl.Workbook, rules: mayak.Ruleset) -> None:
    admission = rules.admission_for(None)
    sheet = book["Кандидаты"]
    hidden = {n for d in sheet.column_dimensions.values() if d.hidden
              for n in range(d.min, d.max + 1)}
    header = {cell.column: cell.value for cell in sheet[1]}
    shown = [header[n] for n in sorted(header) if n not in hidden]
    assert [c.id for c in admission.criteria] == [h for h in shown if h.startswith("K")
                                                  and ":" not in h]
    assert all(text("col.explain", "ru", id=c.id) not in shown for c in admission.criteria)
    assert {"Номер заявки", "ФИО", "Решение", "Основания"} <= set(shown)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0 and sheet.freeze_panes == "A2"
    (table,) = sheet.tables.values()
    assert table.autoFilter is not None and table.ref.endswith(str(sheet.max_row))


def test_summary_total_row_is_bold_and_adds_up(book: openpyxl.Workbook) -> None:
    sheet = book["Сводка"]
    rows = list(sheet.iter_rows(min_row=2))
    *groups, total = rows
    assert total[0].value == "ВСЕГО"
    assert all(cell.font.b for cell in total)
    assert not any(cell.font.b for row in groups for cell in row)
    for column, cell in enumerate(total[1:], start=1):
        assert cell.data_type == "n"
        assert cell.value == sum(row[column].value for row in groups)


def test_criteria_sheet_gives_each_rule_and_its_basis(book: openpyxl.Workbook,
                                                     rules: mayak.Ruleset) -> None:
    admission = rules.admission_for(None)
    assert admission.basis is not None
    rows = _rows(book["Критерии"])
    assert [(r["Критерий"], r["Содержание"], r["Правило"]) for r in rows] == [
        (c.id, c.title, c.rule) for c in admission.criteria]
    for row in rows:  # no criterion gives its own: the admission's basis stands for each
        assert admission.basis.document in str(row["Основание"])
        assert admission.basis.date in str(row["Основание"])


def test_provenance_sheet_names_the_rule_files_and_the_applications(
        book: openpyxl.Workbook, rules: mayak.Ruleset) -> None:
    rows = _rows(book["Сведения о расчёте"])
    files = [str(r["Значение"]) for r in rows if r["Сведение"] == text("about.label.rules", "ru")]
    assert sorted(Path(f.split(" (SHA-256")[0]).name for f in files) == sorted(
        Path(f).name for f in rules.files)
    data = [str(r["Значение"]) for r in rows if r["Сведение"] == text("about.label.data", "ru")]
    applications = [f for f in data if Path(f.split(" (SHA-256")[0]).name == APPLICATIONS.name]
    digest = hashlib.sha256(APPLICATIONS.read_bytes()).hexdigest()
    assert applications == [f"{applications[0].split(' (SHA-256')[0]} (SHA-256: {digest})"]


def test_table_has_a_criteria_legend_with_the_basis(rules: mayak.Ruleset) -> None:
    admission = rules.admission_for(None)
    code, out, _ = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS))
    assert code == 0
    legend = out[out.index("Критерии:"):]
    for criterion in admission.criteria:
        assert f"{criterion.id} — {criterion.title}" in legend
    assert f"Основание: {basis_text(admission.basis, 'ru')}" in legend


def test_json_gives_the_basis_of_the_admission_and_of_each_criterion(
        tmp_path: Path, rules: mayak.Ruleset) -> None:
    admission = rules.admission_for(None)
    target = tmp_path / "screening.json"  # the extension picks the format
    code, _, err = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                       "-o", str(target))
    assert code == 0, err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert admission.basis is not None
    assert document["basis"] == {"document": admission.basis.document,
                                 "date": admission.basis.date,
                                 "clause": admission.basis.clause, "url": admission.basis.url}
    assert [(c["id"], c["rule"], c["basis"]) for c in document["criteria"]] == [
        (c.id, c.rule, None) for c in admission.criteria]


@pytest.mark.parametrize(("command", "name", "fmt", "kind"), [
    ("screen", "out.csv", "xlsx", "csv"), ("screen", "out.xlsx", "json", "xlsx"),
    ("report", "out.json", "md", "json"), ("audit", "out.md", "csv", "md"),
])
def test_an_extension_that_contradicts_format_is_a_usage_error(
        tmp_path: Path, command: str, name: str, fmt: str, kind: str) -> None:
    where = ([str(APPLICATIONS)] if command == "screen" else
             ["--data", str(MUNICIPAL / "data")] if command == "audit" else
             ["--data", str(KALININGRAD_DATA)])
    rules = str(MUNICIPAL / "rules" if command == "audit" else KALININGRAD_RULES)
    for lang, said in (("ru", f"означает формат {kind}, а задан --format {fmt}"),
                       ("en", f"means the {kind} format, but --format is {fmt}")):
        code, _, err = run("--lang", lang, command, "--rules", rules, *where, "--format", fmt,
                           "-o", str(tmp_path / name))
        assert code == 2 and said in err, err
    assert not (tmp_path / name).exists()


def test_a_known_extension_picks_the_format(tmp_path: Path) -> None:
    code, _, err = run("report", "--rules", str(KALININGRAD_RULES), "--data",
                       str(KALININGRAD_DATA), "-o", str(tmp_path / "report.md"))
    assert code in (0, 1), err
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("#")
    code, _, err = run("report", "--rules", str(KALININGRAD_RULES), "--data",
                       str(KALININGRAD_DATA), "-o", str(tmp_path / "report.xlsx"))
    assert code in (0, 1), err  # the report as a workbook
    assert openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames
    code, _, err = run("audit", "--rules", str(MUNICIPAL / "rules"), "--data",
                       str(MUNICIPAL / "data"), "-o", str(tmp_path / "audit.xlsx"))
    assert code == 2 and "«csv», «json», «md», «table»" in err  # audit writes no workbook
    assert not (tmp_path / "audit.xlsx").exists()
    code, _, _ = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                     "-o", str(tmp_path / "screening.txt"))  # says nothing: the table
    assert code == 0
    assert "Критерии:" in (tmp_path / "screening.txt").read_text(encoding="utf-8")
    code, _, _ = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                     "-o", str(tmp_path / "screening.xlsx"))
    assert code == 0
    assert openpyxl.load_workbook(tmp_path / "screening.xlsx").sheetnames[0] == "Кандидаты"


def test_a_criterion_with_its_own_basis_and_an_unused_derived_value(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    # The admission, its dataset and the summary's population: nothing else is needed.
    for spec in (KALININGRAD_RULES / "applications.yaml", KALININGRAD_RULES /
                 "rma-admission.yaml", KALININGRAD_RULES.parent.parent / "indicators" /
                 "datasets" / "teachers.yaml"):
        (rules / spec.name).write_text(spec.read_text(encoding="utf-8"), encoding="utf-8")
    admission = rules / "rma-admission.yaml"
    own = {"document": "Приказ о стаже", "date": "01.02.2023", "clause": "п. 3",
           "url": "https://example.org/prikaz"}
    text_ = admission.read_text(encoding="utf-8")
    text_ = text_.replace(
        "    rule: experience >= 5\n",
        "    rule: experience >= 5\n    basis:\n"
        + "".join(f"      {key}: \"{value}\"\n" for key, value in own.items()))
    text_ = text_.replace("derive:\n", "derive:\n  spare: experience_years * 2\n")
    admission.write_text(text_, encoding="utf-8")
    spec = mayak.load(rules).admission_for(None)
    k2 = next(c for c in spec.criteria if c.id == "K2")
    assert k2.basis is not None and k2.basis.document == own["document"]

    code, out, err = run("screen", "--rules", str(rules), str(APPLICATIONS))
    assert code == 0, err
    shown = basis_text(k2.basis, "ru")
    assert all(value in shown for value in own.values())
    assert f"K2 — {k2.title} (Основание: {shown})" in out

    code, _, err = run("screen", "--rules", str(rules), str(APPLICATIONS),
                       "-o", str(tmp_path / "s.json"))
    assert code == 0, err
    criteria = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["criteria"]
    assert {c["id"]: c["basis"] for c in criteria}["K2"] == own

    code, _, err = run("screen", "--rules", str(rules), str(APPLICATIONS),
                       "-o", str(tmp_path / "s.xlsx"))
    assert code == 0, err
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    bases = {r["Критерий"]: r["Основание"] for r in _rows(book["Критерии"])}
    assert bases["K2"] == shown and bases["K1"] == basis_text(spec.basis, "ru")
    header = [cell.value for cell in book["Кандидаты"][1]]
    position = list(spec.derive).index("spare") + 1
    assert f"Расчётное значение {position}" in header  # no criterion uses it
    assert "spare" not in header
