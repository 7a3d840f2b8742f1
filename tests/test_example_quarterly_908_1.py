"""The quarterly example on the order 908/1 base (examples/quarterly-908-1): six indicators
fed from printed quarterly figures, compared with the previous quarter and with the same
quarter a year before. Expected values come from hand-written Polars over the same CSV and
from the targets file, never from numbers typed in."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import mayak
import polars as pl
import pytest
import yaml
from click.testing import CliRunner
from mayak.messages._catalogue import Key
from mayak_cli import main

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "quarterly-908-1"
RULES, DATA = EXAMPLE / "rules", EXAMPLE / "data"
CSV = DATA / "quarterly_figures.csv"
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
# Each indicator's numerator and denominator, as the README's table names them.
PARTS = {
    "diagnosed_share": ("прошли диагностику в ЦНППМ",
                        "педагогические работники и управленческие кадры"),
    "iom_share": ("ИОМ по результатам диагностики",
                  "педагогические работники и управленческие кадры"),
    "frdpp_course_share": ("освоили программу ДПО из ФР ДПП", "педагогические работники"),
    "management_training_share": ("команды, повысившие квалификацию",
                                  "управленческие команды"),
    "young_support_share": ("молодые педагоги в формах поддержки",
                            "педагоги до 35 лет в первые 3 года работы"),
    "frdpp_program_share": ("программы ДПО в ФР ДПП", "программы ДПО организации"),
}
QUARTERS = ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3"]


def _code(label: str) -> str:
    """«III квартал 2024» → 2024-Q3, written out here rather than taken from the engine."""
    roman, _, year = label.split()
    return f"{year}-Q{ROMAN[roman]}"


def _figures() -> pl.DataFrame:
    """The CSV as printed: quarter code, component, value (unknown where not a number)."""
    frame = pl.read_csv(CSV, separator=";", infer_schema=False)
    return frame.select(
        pl.col("Квартал").map_elements(_code, return_dtype=pl.String).alias("quarter"),
        pl.col("Составляющая").alias("figure"),
        pl.col("Значение").cast(pl.Float64, strict=False).alias("value"))


def _half_up(value: pl.Expr, digits: int) -> pl.Expr:
    return (value * 10**digits).round(0, mode="half_away_from_zero") / 10**digits


def _expected(quarter: str) -> dict[str, float | None]:
    """Per indicator: numerator / denominator * 100 of the quarter's figures, one decimal."""
    wide = (_figures().filter(pl.col("quarter") == quarter)
            .pivot("figure", index="quarter", values="value"))
    values: dict[str, float | None] = {}
    for indicator, (a, z) in PARTS.items():
        if a not in wide.columns or z not in wide.columns:
            values[indicator] = None  # a component not printed at all
            continue
        values[indicator] = wide.select(_half_up(pl.col(a) / pl.col(z) * 100, 1)).item()
    return values


def _planned(indicator: str, quarter: str) -> str | None:
    """The planned value in force in a quarter: the last `from` not after it."""
    targets = yaml.safe_load((RULES / "targets.yaml").read_text(encoding="utf-8"))["targets"]
    steps = [(_code(step["from"]), step["planned"])
             for step in targets.get(indicator, {}).get("periods", [])]
    in_force = [planned for start, planned in steps if start <= quarter]
    return in_force[-1] if in_force else None


def _rows(result: mayak.Result) -> dict[str, dict[str, object]]:
    return {row["indicator"]: row for row in result.indicators.iter_rows(named=True)}


def _line_of(cell: str) -> int:
    """The line (= the row number in messages) of the only figure written ``cell``."""
    lines = CSV.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if line.endswith(f";{cell}")]
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def rules() -> mayak.Ruleset:
    return mayak.load(RULES)


def test_the_example_has_what_it_shows() -> None:
    figures = _figures()
    assert sorted(figures["quarter"].unique()) == QUARTERS
    text = CSV.read_text(encoding="utf-8")
    assert ";н/д\n" in text and ";-\n" in text
    printed = figures.group_by("quarter").agg(pl.col("figure").n_unique())
    assert printed["figure"].min() < printed["figure"].max()  # a quarter lacks a component


@pytest.mark.parametrize("quarter", QUARTERS)
def test_values_per_quarter_are_the_printed_figures_divided(rules: mayak.Ruleset,
                                                            quarter: str) -> None:
    result = rules.evaluate_folder(DATA, period=quarter)
    rows = _rows(result)
    assert set(rows) == set(PARTS)
    expected = _expected(quarter)
    for indicator, value in expected.items():
        assert rows[indicator]["value"] == value, indicator
        assert (rows[indicator]["status"] == "no_data") == (value is None), indicator
        assert rows[indicator]["planned"] is not None


@pytest.mark.parametrize(("earlier", "compare"), [("2024-Q2", True), ("2023-Q3", "2023-Q3")])
def test_comparison_with_an_earlier_quarter(rules: mayak.Ruleset, earlier: str,
                                            compare: bool | str) -> None:
    result = rules.evaluate_folder(DATA, period="III квартал 2024", compare=compare)
    assert result.compared_with is not None and result.compared_with.code == earlier
    now, then = _expected("2024-Q3"), _expected(earlier)
    for indicator, row in _rows(result).items():
        value, previous = now[indicator], then[indicator]
        assert row["value"] == value and row["previous"] == previous, indicator
        if value is None or previous is None:
            assert row["change"] is None and row["ratio"] is None, indicator
        else:
            assert row["change"] == pl.select(_half_up(pl.lit(value - previous), 1)).item()
            assert row["ratio"] == pl.select(_half_up(pl.lit(value / previous), 3)).item()
        changed = _planned(indicator, "2024-Q3") != _planned(indicator, earlier)
        assert (row["method"] == "методика изменилась") == changed, indicator
    warned = {p.params["indicator"] for p in result.problems
              if p.code == "compare.method_changed"}
    assert warned == {i for i in PARTS if _planned(i, "2024-Q3") != _planned(i, earlier)}
    assert warned  # the example shows a changed planned value in both comparisons


@pytest.mark.parametrize(("quarter", "cell"), [("2023-Q3", "н/д"), ("2024-Q2", "-")])
def test_an_unknown_figure_gives_no_data_and_its_row_is_named(rules: mayak.Ruleset,
                                                              quarter: str, cell: str) -> None:
    line = _line_of(cell)
    component = CSV.read_text(encoding="utf-8").splitlines()[line - 1].split(";")[1]
    indicators = {i for i, parts in PARTS.items() if component in parts}
    result = rules.evaluate_folder(DATA, period=quarter)
    for indicator in indicators:
        assert _rows(result)[indicator]["value"] is None
        assert _rows(result)[indicator]["status"] == "no_data"
    unknown = [p for p in result.problems if p.code == "eval.unknown_values"]
    assert {p.params["indicator"] for p in unknown} == indicators
    for problem in unknown:
        assert problem.location is not None and problem.location.row == line
        assert problem.location.file is not None
        assert Path(problem.location.file).name == CSV.name


def test_a_component_not_printed_gives_no_data_not_zero(rules: mayak.Ruleset) -> None:
    figures = _figures()
    per_quarter = figures.group_by("quarter").agg(pl.col("figure"))
    printed = dict(zip(per_quarter["quarter"], per_quarter["figure"], strict=True))
    everything = set(figures["figure"])
    gaps = {q: everything - set(f) for q, f in printed.items() if everything - set(f)}
    assert len(gaps) == 1
    quarter, missing = next(iter(gaps.items()))
    affected = [i for i, parts in PARTS.items() if missing & set(parts)]
    assert affected
    result = rules.evaluate_folder(DATA, period=quarter)
    rows = _rows(result)
    for indicator in affected:
        assert rows[indicator]["value"] is None, indicator  # not 0 %
        assert rows[indicator]["status"] == "no_data", indicator
    # A figure not printed is said: the indicator, the variable (A or Z) and the whole region.
    expected = {(i, "AZ"[parts.index(m)]) for i, parts in PARTS.items()
                for m in missing if m in parts}
    assert _missing_figures(result) == expected
    # Compared with the next quarter, the same warning comes from the earlier quarter.
    later = QUARTERS[QUARTERS.index(quarter) + 1]
    compared = rules.evaluate_folder(DATA, period=later, compare=True)
    assert compared.compared_with is not None and compared.compared_with.code == quarter
    assert _missing_figures(compared) == expected


def _missing_figures(result: mayak.Result) -> set[tuple[str, str]]:
    """(indicator, variable) of the warnings that a figure is missing for the whole region."""
    found = [p for p in result.problems if p.code == "eval.figure_missing"]
    assert all(p.severity == "warning" and p.params["where"] == Key("level.total")
               and p.location is not None and p.location.file is not None
               and Path(p.location.file).name == CSV.name for p in found)
    return {(p.params["indicator"], p.params["variable"]) for p in found}


def test_a_year_of_quarterly_figures_gives_no_data_not_a_sum(rules: mayak.Ruleset) -> None:
    """In a year every figure is printed once per quarter: several rows, so no value."""
    result = rules.evaluate_folder(DATA, period="2024")
    assert all(row["status"] == "no_data" for row in _rows(result).values())
    counts = (_figures().filter(pl.col("quarter").str.starts_with("2024"))
              .group_by("figure").len())
    printed = dict(counts.iter_rows())
    repeated = {(p.params["indicator"], p.params["variable"]): p.params["count"]
                for p in result.problems if p.code == "eval.figure_repeated"}
    assert repeated == {(i, v): printed[parts["AZ".index(v)]]
                        for i, parts in PARTS.items() for v in "AZ"}


def _cli(*args: str) -> tuple[int, str, str]:
    # A wide terminal: the table's headers are not wrapped.
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def test_cli_validate_and_reports_as_in_the_readme() -> None:
    code, _, err = _cli("validate", str(RULES))
    assert code == 0 and "Спецификации корректны" in err
    report = ["report", "--rules", str(RULES), "--data", str(DATA), "--period",
              "III квартал 2024"]
    code, out, err = _cli(*report, "--compare")
    assert code == 0
    assert "Значение, III квартал 2024 г." in out and "Значение, II квартал 2024 г." in out
    assert "методика изменилась" in out
    assert f"{CSV.name}: строка {_line_of('-')}" in err
    code, out, err = _cli(*report, "--compare-to", "III квартал 2023", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["period"] == "2024-Q3" and document["compared_with"] == "2023-Q3"
    then = _expected("2023-Q3")
    assert {r["indicator"]: r["previous"] for r in document["indicators"]} == then
    assert f"{CSV.name}: строка {_line_of('н/д')}" in err


def test_the_readme_shows_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command in the example's README, run from the repository root, prints the
    table rows and messages the README shows under it."""
    monkeypatch.chdir(ROOT)
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"```sh\n(mayak [^\n]*)\n```\n\n```text\n(.*?)```", readme, re.S)
    assert len(shown) == 4
    for command, output in shown:
        # As a terminal of 100 columns shows it (the default when not a terminal).
        result = CliRunner().invoke(main, shlex.split(command)[1:], env={"COLUMNS": "100"})
        assert result.exit_code == 0, command
        printed = result.stdout + result.stderr
        for line in output.splitlines():
            assert line in printed, (command, line)
