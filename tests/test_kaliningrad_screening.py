"""End to end: the 69 applications to the Kaliningrad pool against Table 1 of the report."""

from __future__ import annotations

import zipfile
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES

APPLICATIONS = KALININGRAD_DATA / "applications.xlsx"
PUBLISHED = KALININGRAD_DATA.parent / "table1-published.csv"
COUNTS = ["population", "applications", "K1", "K2", "K3", "K4", "K5", "admitted"]
# Table 1 prints 4 admitted for foreign languages with only 3 meeting K2 and K3: impossible
# when all five criteria are required. The data keeps the 4 admitted.
INCONSISTENT_ROW = "Иностранный язык"


@pytest.fixture(scope="module")
def rules() -> mayak.Ruleset:
    return mayak.load(KALININGRAD_RULES)


@pytest.fixture(scope="module")
def screening(rules: mayak.Ruleset) -> mayak.Screening:
    return rules.screen(APPLICATIONS, population=KALININGRAD_DATA)


def published_rows() -> pl.DataFrame:
    table = pl.read_csv(PUBLISHED)
    table.columns = ["subject_area", *COUNTS]
    return table.with_columns(pl.col("subject_area").str.strip_chars("«»"))


def test_table_1_reproduced_row_by_row(screening: mayak.Screening) -> None:
    assert screening.summary is not None
    printed = published_rows().filter(pl.col("subject_area") != "ВСЕГО:")
    recomputed = screening.summary.select("subject_area", *COUNTS)
    consistent = printed.filter(pl.col("subject_area") != INCONSISTENT_ROW)
    joined = consistent.join(recomputed, on="subject_area", how="left", suffix="_data")
    for column in COUNTS:
        assert joined[column].to_list() == joined[f"{column}_data"].to_list(), column
    foreign = recomputed.filter(pl.col("subject_area") == INCONSISTENT_ROW).row(0, named=True)
    assert [foreign[c] for c in COUNTS[1:]] == [4, 4, 4, 4, 4, 4, 4]


def test_outcomes_match_the_report(screening: mayak.Screening) -> None:
    assert screening.admitted.height == 51
    assert screening.reserve.height == 18  # "18 педагогов ... включены в резервный список"
    assert screening.candidates.filter(pl.col("outcome") == "needs_review").height == 0
    assert [p for p in screening.problems if p.severity == "error"] == []


def test_published_table_inconsistencies_are_reported(rules: mayak.Ruleset,
                                                      screening: mayak.Screening) -> None:
    findings, problems = rules.check_table(PUBLISHED, screening)
    found = {(r["check"], r["group"], r["column"], r["printed"], r["expected"], r["detail"])
             for r in findings.to_dicts()}
    assert found == {
        ("total", "ВСЕГО:", "K2", 68, 66, None),          # rows add up to 66
        ("row", INCONSISTENT_ROW, "admitted", 4, 3, "K2"),
        ("row", INCONSISTENT_ROW, "admitted", 4, 3, "K3"),
        ("differs", INCONSISTENT_ROW, "K2", 3, 4, None),
        ("differs", INCONSISTENT_ROW, "K3", 3, 4, None),
        ("differs", "ВСЕГО:", "K2", 68, 67, None),
        ("differs", "ВСЕГО:", "K3", 57, 58, None),
    }
    assert len([p for p in problems if p.code.startswith("table.")]) == 7


def test_unreadable_printed_cells_and_subjects_without_applicants(
        rules: mayak.Ruleset, tmp_path: Path) -> None:
    lines = PUBLISHED.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("«Биология»,187,4,4,", "«Биология»,187,4,5*,")
    lines.insert(-1, "«Технология»,217,0,0,0,0,0,0,0")  # teachers, but nobody applied
    lines[-1] = lines[-1].replace("ВСЕГО:,9315,", "ВСЕГО:,9532,")  # 9315 + 217
    published = tmp_path / "table1.csv"
    published.write_text("\n".join(lines) + "\n", encoding="utf-8")
    screening = rules.screen(APPLICATIONS, population=KALININGRAD_DATA)
    findings, problems = rules.check_table(published, screening)
    assert findings.filter(pl.col("group") == "Технология").is_empty()
    assert findings.filter(pl.col("column") == "K1").is_empty()  # not a sum with a gap
    unreadable = [p for p in problems if p.code == "data.printed_not_number"]
    assert [(p.location.row, p.location.column) for p in unreadable if p.location] == [
        (2, "K1")]
    assert findings.height == 7  # the printed contradictions are still all there


def test_pool_feeds_the_monitoring_indicators(rules: mayak.Ruleset) -> None:
    result = rules.evaluate(rules.read(KALININGRAD_DATA))
    assert result.value("teachers_per_methodist") == 196
    per_subject = dict(result.indicators.filter(
        (pl.col("indicator") == "teachers_per_methodist") & (pl.col("level") == "subject_area"))
        .select("key", "status").iter_rows())
    below = {k for k, v in per_subject.items() if v == "not_met"}
    assert below == {"Дошкольное образование", "Начальная школа", "Русский язык и литература",
                     "Физическая культура", "Иностранный язык"}
    assert per_subject["Технология"] == per_subject["ОБЖ"] == "no_data"  # no methodist at all


def test_recommendations_of_the_report(rules: mayak.Ruleset) -> None:
    result = rules.evaluate(rules.read(KALININGRAD_DATA))
    advice = {(r["rule"], r["key"]): r["text"] for r in result.recommendations.to_dicts()}
    assert set(advice) == {
        ("no_methodist", "Технология"), ("no_methodist", "ОБЖ"),
        ("below_norm", "Дошкольное образование"), ("below_norm", "Начальная школа"),
        ("below_norm", "Русский язык и литература"), ("below_norm", "Физическая культура"),
        # not in the report, but its own figures say so: 825 teachers, 4 methodists
        ("below_norm", "Иностранный язык"),
    }
    assert "(217 педагогов)" in advice[("no_methodist", "Технология")]
    assert "нужно 2" in advice[("no_methodist", "Технология")]  # ceil(217 / 200)
    assert "206 педагогов на одного методиста" in advice[("below_norm", "Иностранный язык")]
    assert "не хватает 1" in advice[("below_norm", "Иностранный язык")]  # ceil(825/200) - 4


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_screen_table() -> None:
    code, out, err = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS))
    assert code == 0
    assert "Заявок: 69; Вошли в состав РМА: 51; Резервный список: 18" in out
    assert "K2: стаж" in out and "Сводка" in out and "Резерв" in out
    assert "Traceback" not in out + err


def test_summary_without_the_teachers_file_says_unknown(tmp_path: Path) -> None:
    alone = tmp_path / "applications.xlsx"
    alone.write_bytes(APPLICATIONS.read_bytes())
    code, out, err = run("screen", "--rules", str(KALININGRAD_RULES), str(alone))
    assert code == 0 and "«teachers»" in err
    total = next(line for line in out.splitlines() if "ВСЕГО" in line)
    assert [cell.strip() for cell in total.split("┆")][1:3] == ["нет данных", "69"]


def test_cli_screen_xlsx_workbook(tmp_path: Path) -> None:
    target = tmp_path / "screening.xlsx"
    code, _, _ = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                     "--format", "xlsx", "-o", str(target))
    assert code == 0
    sheets = pl.read_excel(target, sheet_id=0)
    assert list(sheets) == ["Кандидаты", "Сводка", "Резерв", "Замечания", "Критерии",
                            "Сведения о расчёте"]
    assert sheets["Кандидаты"].height == 69 and sheets["Резерв"].height == 18
    assert sheets["Сводка"]["Предметная область"].to_list()[-1] == "ВСЕГО"
    with zipfile.ZipFile(target) as workbook:  # how the sheets look when opened or printed
        reserve = workbook.read("xl/worksheets/sheet3.xml").decode()
    assert 'state="frozen"' in reserve and "<tablePart " in reserve  # filters: a table
    assert "<pageSetup" in reserve and 'orientation="landscape"' in reserve
    assert 'customHeight="1"' in reserve  # long reasons wrap in taller rows
    code, _, err = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                       "--format", "xlsx")
    assert code == 2 and "-o ФАЙЛ" in err


def test_screening_csv_is_read_back_by_the_report(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for file in KALININGRAD_DATA.iterdir():
        if file.name != "applications.xlsx":
            (data / file.name).write_bytes(file.read_bytes())
    code, _, _ = run("screen", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                     "--format", "csv", "-o", str(data / "rma.csv"))
    assert code == 0
    rules = mayak.load(KALININGRAD_RULES)
    read = rules.read(data)
    assert [p for p in read.problems if p.severity == "error"] == []
    result = rules.evaluate(read)
    assert result.value("teachers_per_methodist") == 196
    assert result.value("rma_curator_share") == 0.5


def test_cli_check_table_exit_1_lists_differences() -> None:
    code, out, err = run("check-table", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                         "--published", str(PUBLISHED))
    assert code == 1
    assert "столбец «K2»: напечатано 68, а сумма строк — 66" in out
    assert "«Иностранный язык»: «Вошли в состав РМА» = 4 больше, чем «K2» = 3" in out
    assert "Расхождений: 7." in err


def test_cli_check_table_consistent(tmp_path: Path, rules: mayak.Ruleset,
                                    screening: mayak.Screening) -> None:
    assert screening.summary is not None
    table = tmp_path / "table.csv"
    screening.summary.select("subject_area", *COUNTS).rename(
        {"subject_area": "Предметная область", "population": "Всего педагогов",
         "applications": "Кол-во заявок", "admitted": "Вошли в состав РМА"}).write_csv(table)
    code, _, err = run("check-table", "--rules", str(KALININGRAD_RULES), str(APPLICATIONS),
                       "--published", str(table))
    assert code == 0 and "согласуется" in err


def test_population_problems_do_not_touch_the_applicants(rules: mayak.Ruleset,
                                                         tmp_path: Path) -> None:
    teachers = (KALININGRAD_DATA / "teachers.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "teachers.csv").write_text("\n".join([*teachers, teachers[1]]) + "\n",
                                           encoding="utf-8")  # a teacher listed twice
    forms = pl.read_excel(APPLICATIONS, infer_schema_length=0)
    forms = pl.concat([forms, forms.head(1)])  # the first application sent twice
    forms.write_csv(tmp_path / "applications.csv")
    screening = rules.screen(tmp_path / "applications.csv", population=tmp_path)
    repeated = {(Path(p.location.file).name, p.params["value"]) for p in screening.problems
                if p.code == "data.duplicate_key" and p.location is not None}
    assert repeated == {("teachers.csv", teachers[1].split(",")[0]),
                        ("applications.csv", forms[0, 0])}
    review = screening.candidates.filter(pl.col("outcome") == "needs_review")
    assert review["_row"].to_list() == [2, 71]  # only the twice-sent application
