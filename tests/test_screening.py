"""Screening applications: outcomes, reasons, unknown data, bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest

Write = Callable[[str, str], Path]

DATASET = """
kind: dataset
id: apps
title: Заявки
key: app_id
columns:
  app_id: {type: string, title: Номер заявки, required: true}
  subject: {type: string, title: Предмет, required: true}
  years: {type: number, title: Стаж, min: 0}
  since: {type: date, title: Стаж с}
  applied: {type: date, title: Дата заявки}
  category:
    type: category
    title: Категория
    values: [без категории, первая, высшая]
    ordered: true
    synonyms: {"высш.": высшая}
  assessed: {type: boolean, title: Оценка пройдена}
"""


def admission(decision: str) -> str:
    return f"""
kind: admission
id: pool
title: Отбор
dataset: apps
derive:
  experience: coalesce(years, years_between(since, applied))
criteria:
  - id: K1
    title: стаж не менее 5 лет
    rule: experience >= 5
    explain: "стаж {{experience}}, нужно не менее 5"
  - id: K2
    title: высшая категория
    rule: category == 'высшая'
  - id: K3
    title: оценка пройдена
    rule: assessed
decision: {decision}
summary: {{by: subject}}
"""


@pytest.fixture
def rules(write: Write, tmp_path: Path) -> Callable[[str], mayak.Ruleset]:
    def make(decision: str = "all") -> mayak.Ruleset:
        folder = tmp_path / decision.replace(" ", "_").replace(":", "").strip("{}")
        (folder).mkdir(exist_ok=True)
        (folder / "apps.yaml").write_text(DATASET, encoding="utf-8")
        (folder / "pool.yaml").write_text(admission(decision), encoding="utf-8")
        return mayak.load(folder)
    return make


FRAME = pl.DataFrame({
    "app_id": ["a1", "a2", "a3", "a4", "a5"],
    "subject": ["физика", "физика", "химия", "химия", "химия"],
    "years": [10.0, 3.0, None, 12.0, 7.0],
    "since": [None, None, "2010-09-01", None, None],
    "applied": ["2022-09-01"] * 5,
    "category": ["высшая", "высшая", "высшая", None, "первая"],
    "assessed": [True, True, True, True, None],
}).with_columns(pl.col("since", "applied").str.to_date())


def outcomes(screening: mayak.Screening) -> dict[str, str]:
    return dict(screening.candidates.select("app_id", pl.col("outcome").cast(pl.String))
                .iter_rows())


def test_all_criteria_with_unknowns(rules: Callable[[str], mayak.Ruleset]) -> None:
    screening = rules("all").screen(FRAME)
    # a3's experience comes from the start date: 12 whole years
    assert screening.candidates.filter(pl.col("app_id") == "a3")["experience"].item() == 12
    assert outcomes(screening) == {
        "a1": "admitted",
        "a2": "reserve",        # 3 years < 5
        "a3": "admitted",
        "a4": "needs_review",   # category unknown: not "not met"
        "a5": "reserve",        # first category is a definite "no"; assessment unknown
    }
    reasons = dict(screening.candidates.select("app_id", "reasons").iter_rows())
    assert "K1 не выполнен (стаж не менее 5 лет): стаж 3, нужно не менее 5" in reasons["a2"]
    assert "K2 — нет данных" in reasons["a4"]
    assert "K2 не выполнен" in reasons["a5"] and "K3 — нет данных" in reasons["a5"]
    assert reasons["a1"] == "все критерии выполнены"


def test_at_least_and_expression_decisions(rules: Callable[[str], mayak.Ruleset]) -> None:
    at_least = outcomes(rules("{at_least: 2}").screen(FRAME))
    assert at_least == {"a1": "admitted", "a2": "admitted", "a3": "admitted",
                        "a4": "admitted", "a5": "needs_review"}
    either = outcomes(rules("K1 and (K2 or K3)").screen(FRAME))
    assert either == {"a1": "admitted", "a2": "reserve", "a3": "admitted",
                      "a4": "admitted", "a5": "needs_review"}


def test_summary_counts(rules: Callable[[str], mayak.Ruleset]) -> None:
    summary = rules("all").screen(FRAME).summary
    assert summary is not None
    rows = {r["subject"]: r for r in summary.to_dicts()}
    assert rows["химия"]["applications"] == 3
    assert (rows["химия"]["K1"], rows["химия"]["K2"], rows["химия"]["K3"]) == (3, 1, 2)
    assert (rows["химия"]["admitted"], rows["химия"]["reserve"],
            rows["химия"]["needs_review"]) == (1, 1, 1)


CSV = ("Номер заявки;Предмет;Стаж;Категория;Оценка пройдена;Лишний столбец\n"
       "a1;физика;10;Высшая ;да;x\n"
       "a2;физика;-3;высш.;да;x\n"
       ";;;;;\n"
       "a3;химия;7,5;высшея;да;x\n"
       "a1;химия;8;высшая;может быть;x\n")


def test_bad_input_goes_to_review_and_is_reported(rules: Callable[[str], mayak.Ruleset],
                                                  tmp_path: Path) -> None:
    path = tmp_path / "apps.csv"
    path.write_bytes(CSV.encode("cp1251"))
    screening = rules("all").screen(path)
    result = dict(screening.candidates.select("_row", pl.col("outcome").cast(pl.String))
                  .iter_rows())
    assert result == {2: "needs_review",   # duplicate id a1
                      3: "needs_review",   # negative experience
                      5: "needs_review",   # category spelled in an unknown way
                      6: "needs_review"}   # duplicate id a1, and «может быть»
    codes = {(p.code, p.location.row if p.location else None) for p in screening.problems}
    assert ("data.out_of_range", 3) in codes
    assert ("data.bad_category", 5) in codes
    assert ("data.bad_value", 6) in codes
    assert ("data.empty_row", 4) in codes
    assert ("data.duplicate_key", 2) in codes
    assert any(code == "data.unknown_header" for code, _ in codes)
    category = next(p for p in screening.problems if p.code == "data.bad_category")
    assert "«высшея»" in category.render() and "«высшая»" in category.render()
    reasons = dict(screening.candidates.select("_row", "reasons").iter_rows())
    assert "нечитаемые данные в столбцах: Стаж" in reasons[3]
    assert "номер заявки повторяется" in reasons[2]


def test_missing_required_column_stops_with_aliases(rules: Callable[[str], mayak.Ruleset],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "apps.csv"
    path.write_text("Номер заявки;Стаж\na1;5\n", encoding="utf-8")
    with pytest.raises(mayak.DataError, match=r"«subject».*«Предмет»"):
        rules("all").screen(path)


def test_not_a_spreadsheet(rules: Callable[[str], mayak.Ruleset], tmp_path: Path) -> None:
    path = tmp_path / "apps.xlsx"
    path.write_text("просто текст", encoding="utf-8")
    with pytest.raises(mayak.DataError, match="XLSX"):
        rules("all").screen(path)


def test_progress_is_reported(rules: Callable[[str], mayak.Ruleset]) -> None:
    seen: list[tuple[int, int]] = []
    rules("all").screen(FRAME, on_progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)


def test_english_reasons(rules: Callable[[str], mayak.Ruleset]) -> None:
    reasons = rules("all").screen(FRAME, lang="en").candidates["reasons"].to_list()
    assert reasons[0] == "all criteria met"
    assert reasons[1].startswith("K1 not met")


def test_a_long_chain_of_derived_values(write: Write, tmp_path: Path) -> None:
    # More steps than one query plans (STEPS_PER_QUERY): the values and criteria are those
    # of the chain computed in one go, and doubling past the Float64 range gives no data.
    chain = "\n".join(f"  c{i}: c{i - 1} + c{i - 1}" for i in range(1, 1030))
    spec = admission("all").replace(
        "derive:\n", f"derive:\n  c0: years\n{chain}\n").replace(
        "rule: assessed", "rule: c1029 > 0 or assessed")
    (tmp_path / "apps.yaml").write_text(DATASET, encoding="utf-8")
    (tmp_path / "pool.yaml").write_text(spec, encoding="utf-8")
    candidates = mayak.load(tmp_path).screen(FRAME).candidates
    assert candidates["c40"].to_list() == [10.0 * 2**40, 3.0 * 2**40, None, 12.0 * 2**40,
                                           7.0 * 2**40]
    assert candidates["c1029"].null_count() == 5  # past Float64's range: unknown
    assert candidates["K3"].to_list() == [True, True, True, True, None]


def test_the_population_of_a_dataset_with_years_is_counted_for_the_period(
        write: Write, tmp_path: Path) -> None:
    write("rules/apps.yaml", DATASET)
    write("rules/pool.yaml", admission("all").replace("summary: {by: subject}",
                                                      "summary: {by: subject, population: staff}"))
    write("rules/staff.yaml", """
        kind: dataset
        id: staff
        title: Педагоги
        period: year
        columns:
          year: {type: integer, title: Год}
          subject: {type: string, title: Предмет}
    """)
    staff = pl.DataFrame({"year": [2024, 2024, 2024, 2025, 2025],
                          "subject": ["физика", "химия", "химия", "физика", "физика"]})
    rules = mayak.load(tmp_path / "rules")

    def population(period: int | str) -> dict[str, int | None]:
        screening = rules.screen(FRAME, population=staff, period=period)
        summary = screening.summary
        assert summary is not None
        return dict(zip(summary["subject"], summary["population"], strict=True))

    by_year = staff.group_by("year", "subject").len()  # hand-written: the rows of each year
    for year in (2024, 2025):
        expected = {s: n for _, s, n in by_year.filter(pl.col("year") == year).iter_rows()}
        assert population(year) == {"физика": 0, "химия": 0} | expected
    assert population("2023") == {"физика": None, "химия": None}  # no rows: unknown, not 0
    # No period named: every year is counted, and a warning says so.
    unnamed = rules.screen(FRAME, population=staff)
    assert any(p.code == "screen.population_all_periods" for p in unnamed.problems)
    assert unnamed.provenance is not None and unnamed.provenance.period is None
    named = rules.screen(FRAME, population=staff, period=2025).provenance
    assert named is not None and named.period == "2025"


def test_a_value_a_decision_was_taken_on_is_shown_with_every_decimal(
        rules: Callable[[str], mayak.Ruleset], tmp_path: Path) -> None:
    from mayak.render import SCREENING_RENDERERS  # noqa: PLC0415

    ruleset = rules("all")
    frame = FRAME.with_columns(pl.Series("years", [4.99999, 5.25, 0.1 + 0.2, 12.0, 7.0]))
    screening = ruleset.screen(frame)
    reasons = dict(screening.candidates.select("app_id", "reasons").iter_rows())
    # Not «стаж 5» for a candidate refused for less than 5 years; no binary noise either.
    assert "стаж 4,99999, нужно не менее 5" in reasons["a1"]
    assert "стаж 0,3, нужно не менее 5" in reasons["a3"]
    out = tmp_path / "out.csv"
    specs = ruleset.specs
    SCREENING_RENDERERS["csv"](screening, specs.admissions["pool"], specs.datasets["apps"],
                               "ru", out)
    written = pl.read_csv(out, comment_prefix="#", infer_schema=False)
    # Written out, the file reads back as it was given, and screens the same.
    assert written["Стаж"].to_list()[:3] == ["4,99999", "5,25", "0,3"]
    assert written["experience"].to_list()[:3] == ["4,99999", "5,25", "0,3"]
    again = ruleset.screen(out)
    assert outcomes(again) == outcomes(screening)


def test_a_computed_number_is_decided_on_as_the_decimal_it_stands_for(
        write: Write, tmp_path: Path) -> None:
    write("apps.yaml", "kind: dataset\nid: apps\ntitle: A\nkey: id\ncolumns:\n"
                       "  id: {type: string, required: true}\n  a: {type: number}\n"
                       "  b: {type: number}\n  x: {type: number}\n")
    write("adm.yaml", """
        kind: admission
        id: adm
        title: Отбор
        dataset: apps
        derive:
          share: a / b * 100
          total: a + x - 0.3
        criteria:
          - {id: K1, title: доля, rule: share >= 29, explain: "доля {share}"}
          - {id: K2, title: сумма, rule: total <= 29, explain: "сумма {total}"}
          - {id: K3, title: прямо, rule: a / b * 100 >= 29}
        decision: all
    """)
    # 29 / 100 * 100 is 28.999999999999996 in binary; 0.1 + 0.2 - 0.3 is 5.55e-17.
    frame = pl.DataFrame({"id": ["1", "2"], "a": [29.0, 0.1], "b": [100.0, 1.0],
                          "x": [0.0, 0.2]})
    screening = mayak.load(tmp_path).screen(frame)
    rows = screening.candidates.select("K1", "K2", "K3", "K1_explain", "K2_explain").rows()
    assert rows[0][:3] == (True, True, True) and rows[0][3] == "доля 29"
    assert rows[1][1] is True and rows[1][4] == "сумма 0"
