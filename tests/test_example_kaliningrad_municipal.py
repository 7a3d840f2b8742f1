"""The example examples/kaliningrad-municipal-2022-2023, run as its README says: every
indicator per municipality for 2023 and for 2022 equals hand-written Polars over the same CSV
files, the change is the difference of the two, and the mess left in the data is reported
with its file and row."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import shutil
from pathlib import Path

import mayak
import polars as pl
import pytest
import yaml
from click.testing import CliRunner
from mayak.render import REPORT_RENDERERS
from mayak_cli import main
from msgspec.structs import replace

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
RULES, DATA = EXAMPLE / "rules", EXAMPLE / "data"
YEARS = (2022, 2023)
Values = dict[tuple[str, str | None], float | None]  # (indicator, municipality) -> value


def _csv(name: str) -> pl.DataFrame:
    return pl.read_csv(DATA / f"{name}.csv", infer_schema=False)


def _share(frame: pl.DataFrame, numerator: pl.Expr, denominator: pl.Expr | None,
           by: str | None, scale: float = 100) -> dict[str | None, float]:
    """Per municipality (``by``) or in total: rows meeting ``numerator`` among those meeting
    ``denominator`` (None: all rows), times ``scale``, unrounded (a condition that cannot say
    counts in neither)."""
    grouped = frame.group_by(by) if by else frame.group_by(pl.lit(None).alias("_"))
    out = grouped.agg(numerator.fill_null(False).sum().alias("a"),
                      pl.len().alias("z") if denominator is None
                      else denominator.fill_null(False).sum().alias("z"))
    return {row[0]: row[1] / row[2] * scale for row in out.iter_rows()}


def _workforce(year: int) -> pl.DataFrame:
    frame = _csv("workforce").filter(pl.col("Год") == str(year))
    return frame.with_columns(
        (pl.col("Категория") == "педагогический работник").alias("teacher"),
        pl.col("Возраст").cast(pl.Int64, strict=False).alias("age"),
        pl.col("Стаж").cast(pl.Float64, strict=False).alias("experience"),
        *[(pl.col(c) == "да").alias(c) for c in
          ("Диагностика пройдена", "ИОМ", "Программа ФР ДПП", "Наставничество")])


def _units() -> pl.DataFrame:
    """The units table: municipality (as the other files spell it), district, teachers."""
    return _csv("municipalities").select(
        pl.col("Муниципальное образование").alias("mo"), pl.col("Округ").alias("district"),
        pl.col("Число педагогов").cast(pl.Int64).alias("teachers"))


def _teams_spelling() -> dict[str, str]:
    """How the management teams' file spells municipalities otherwise (its spec's synonyms)."""
    spec = yaml.safe_load((RULES / "management_teams.yaml").read_text(encoding="utf-8"))
    synonyms: dict[str, str] = spec["columns"]["municipality"]["synonyms"]
    return synonyms


def _expected(year: int, by: str | None) -> dict[str, dict[str | None, float]]:
    """Each indicator's unrounded value in ``year``, hand-written over the CSV files, in
    total (``by`` None), per municipality (``mo``) or per district (``district``: the
    municipality's district joined from the units table)."""
    units = _units()

    def placed(frame: pl.DataFrame) -> pl.DataFrame:
        if by != "district":
            return frame
        return frame.join(units.select("mo", "district"), on="mo", how="left")

    staff = placed(_workforce(year).rename({"Муниципальное образование": "mo"}))
    everyone = None
    teacher = pl.col("teacher")
    young = teacher & (pl.col("age") < 35) & (pl.col("experience") <= 3)
    mo = by
    teams = placed(_csv("management_teams").filter(pl.col("Год") == str(year)).select(
        pl.col("Муниципальное образование").replace(_teams_spelling()).alias("mo"),
        pl.col("Повышение квалификации команды")))
    events = placed(_csv("events").with_columns(
        pl.col("Дата").str.to_date("%d.%m.%Y").dt.year().alias("year")).filter(
        pl.col("year") == year).rename({"МО": "mo"}))
    counted = events.group_by(pl.col(by) if by else pl.lit(None)).len()
    teachers = staff.group_by(mo if by else pl.lit(None).alias("_")).agg(teacher.sum())
    per_teacher = dict(teachers.iter_rows())
    expected = {
        "diagnosed_share": _share(staff, pl.col("Диагностика пройдена"), everyone, mo),
        "iom_share": _share(staff, pl.col("Диагностика пройдена") & pl.col("ИОМ"), everyone,
                            mo),
        "frdpp_course_share": _share(staff, teacher & pl.col("Программа ФР ДПП"), teacher, mo),
        "young_support_share": _share(staff, young & pl.col("Наставничество"), young, mo),
        "management_training_share": _share(
            teams, pl.col("Повышение квалификации команды") == "да", everyone, mo),
        "events_per_100_teachers": {key: n / per_teacher[key] * 100
                                    for key, n in counted.iter_rows()},
    }
    if by is None:
        programmes = _csv("dpo_programs").filter(pl.col("Год") == str(year))
        expected["frdpp_program_share"] = _share(programmes, pl.col("ФР ДПП") == "да",
                                                 everyone, None)
    if year == YEARS[1]:  # the units table has no year: it is the reporting year's
        registered = dict(units.group_by(by if by else pl.lit(None).alias("_"))
                          .agg(pl.col("teachers").sum()).iter_rows())
        expected["monitoring_coverage"] = {key: per_teacher[key] / registered[key] * 100
                                           for key in registered}
    return expected


def _round(value: float) -> float:
    """One decimal, half away from zero, as the indicators' ``rounding: 1``."""
    return pl.Series([value]).round(1, mode="half_away_from_zero").item()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def result() -> mayak.Result:
    return mayak.load(RULES).evaluate_folder(DATA, levels="municipality")


def _values(rows: pl.DataFrame, column: str) -> Values:
    return {(r["indicator"], r["key"]): r[column] for r in rows.iter_rows(named=True)}


def test_a_report_of_remarks_alone_has_one_blank_line_between_its_parts(
        result: mayak.Result) -> None:
    """No indicator rows and a review without scores: the remarks follow the heading after
    one blank line, as every part follows the one before."""
    bare = replace(result, _indicators=result.indicators.clear(),
                   _variables=result.variables.clear(), _scores={}, _score_averages={},
                   _recommendations=result.recommendations.clear(), _audits=None,
                   _classes=None, classifications={}, problems=result.problems[:1])
    assert bare.reviews  # a review, so no empty indicator table is drawn either
    shown = REPORT_RENDERERS["md"](bare, "ru")
    assert "\n\n\n" not in shown
    assert shown.split("\n\n")[1] == "## Замечания"


def test_the_report_is_2023_compared_with_2022(result: mayak.Result) -> None:
    assert result.period == mayak.Period.of("year", YEARS[1])
    assert result.compared_with == mayak.Period.of("year", YEARS[0])


def test_the_report_has_the_22_municipalities(result: mayak.Result) -> None:
    names = set(_csv("municipalities")["Муниципальное образование"])
    assert len(names) == 22
    municipal = result.indicators.filter(pl.col("level") == "municipality")
    for indicator, keys in municipal.group_by("indicator").agg("key").iter_rows():
        assert set(keys) == names, indicator


@pytest.mark.parametrize(("year", "column"), [(YEARS[1], "value"), (YEARS[0], "previous")])
@pytest.mark.parametrize("level", ["total", "municipality"])
def test_every_value_equals_hand_written_polars(result: mayak.Result, year: int, column: str,
                                                level: str) -> None:
    rows = result.indicators.filter(pl.col("level") == level)
    got = _values(rows, column)
    expected = _expected(year, "mo" if level == "municipality" else None)
    wanted = {(indicator, key): _round(value) for indicator, values in expected.items()
              for key, value in values.items()}
    assert {k: got[k] for k in wanted} == wanted
    # What the hand computation has no value for is unknown, not 0: the coverage in 2022
    # (the units table is of the reporting year) and nothing else.
    unknown = {k for k, v in got.items() if v is None}
    assert unknown == set(got) - set(wanted)
    assert {i for i, _ in unknown} <= {"monitoring_coverage"}


@pytest.fixture(scope="module")
def by_district() -> mayak.Result:
    return mayak.load(RULES).evaluate_folder(DATA, levels="district")


@pytest.mark.parametrize(("year", "column"), [(YEARS[1], "value"), (YEARS[0], "previous")])
def test_values_per_district_equal_a_join_by_hand(by_district: mayak.Result, year: int,
                                                  column: str) -> None:
    """The district comes from the units table (lookup): per district, each indicator equals
    the CSV files joined to municipalities.csv by hand and grouped by its «Округ»."""
    rows = by_district.indicators.filter(pl.col("level") == "district")
    got = _values(rows, column)
    expected = _expected(year, "district")
    wanted = {(indicator, key): _round(value) for indicator, values in expected.items()
              for key, value in values.items()}
    assert {key for _, key in wanted} == set(_units()["district"])  # no «—» group
    assert {k: got[k] for k in wanted} == wanted
    unknown = {k for k, v in got.items() if v is None}
    assert unknown == set(got) - set(wanted)
    assert {i for i, _ in unknown} <= {"monitoring_coverage"}
    # Every municipality is found in the units table, the one spelt otherwise included.
    assert not [p for p in by_district.problems if p.code.startswith("lookup.")]
    # The targets check the region and the municipalities only: districts have no status.
    assert set(rows["status"]) == {"no_target"}


def test_a_municipality_spelt_otherwise_is_one_unit(result: mayak.Result) -> None:
    """«Гурьевский городской округ» in the management teams' file is read as the other files
    spell it: one row per municipality, its teams counted there."""
    spelt = _teams_spelling()
    teams = _csv("management_teams")["Муниципальное образование"]
    assert set(spelt) <= set(teams) and not set(spelt.values()) & set(teams)
    rows = result.indicators.filter(pl.col("indicator") == "management_training_share",
                                    pl.col("level") == "municipality")
    assert set(spelt.values()) <= set(rows["key"]) and not set(spelt) & set(rows["key"])


def test_the_change_is_the_value_less_the_previous(result: mayak.Result) -> None:
    rows = result.indicators.filter(pl.col("previous").is_not_null())
    assert rows.height > 22 * 6
    for row in rows.iter_rows(named=True):
        assert row["change"] == _round(row["value"] - row["previous"]), row
        ratio = row["value"] / row["previous"] if row["previous"] else None
        assert row["ratio"] == pytest.approx(ratio, abs=5e-4), row  # shown to 3 digits


def test_the_planned_value_raised_in_2023_says_the_method_changed(
        result: mayak.Result) -> None:
    rows = result.indicators.filter(pl.col("level") == "total")
    method = dict(zip(rows["indicator"], rows["method"], strict=True))
    assert method.pop("diagnosed_share") == "методика изменилась"
    assert set(method.values()) == {None}
    changed = [p for p in result.problems if p.code == "compare.method_changed"]
    assert len(changed) == 1 and "«не менее 35» → «не менее 45»" in changed[0].message("ru")
    diagnosed = rows.filter(pl.col("indicator") == "diagnosed_share").row(0, named=True)
    assert diagnosed["planned"] == "не менее 45"  # as the targets write it
    assert diagnosed["previous_status"] == ("met" if diagnosed["previous"] >= 35
                                            else "not_met")


def test_the_mess_in_the_data_is_reported_with_file_and_row(result: mayak.Result) -> None:
    workforce = _csv("workforce").with_row_index("line", offset=2)  # the header is line 1
    no_year = workforce.filter(pl.col("Год").is_null())["line"].to_list()
    assert len(no_year) == 1
    found = [p for p in result.problems if p.code == "data.rows_without_period"]
    assert len(found) == 1 and found[0].location is not None
    assert found[0].location.file.endswith("workforce.csv")
    assert found[0].location.row == no_year[0]
    assert found[0].location.column == "Год"
    # «-» for an age: the row is neither young nor not, and the calculation counts it aside.
    dashed = workforce.filter(pl.col("Возраст") == "-")
    assert dashed.height == 1 and dashed["Год"].item() == str(YEARS[1])
    unknown = result.variables.filter(pl.col("indicator") == "young_support_share",
                                      pl.col("level") == "total")["unknown"].to_list()
    assert unknown == [dashed.height] * 2  # a young newcomer's row: in A's and Z's condition
    # The key (person_id) repeats across the years, never within one: no key problem.
    assert workforce.filter(pl.col("Идентификатор работника").is_duplicated()).height > 0
    assert workforce.filter(pl.col("Год").is_not_null()).select(
        pl.struct("Идентификатор работника", "Год").is_duplicated().any()).item() is False
    assert not [p for p in result.problems if "duplicate_key" in p.code]
    empty = [p for p in result.problems if p.code == "data.period_empty"]
    assert [p.location.file.endswith("municipalities.csv") for p in empty
            if p.location is not None] == [True]


def test_the_key_is_checked_within_a_year(tmp_path: Path) -> None:
    """A worker twice in one year is a repeated key; the same worker in each year is not."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    lines = (DATA / "workforce.csv").read_text(encoding="utf-8").splitlines()
    (data / "workforce.csv").write_text("\n".join([*lines, lines[1]]) + "\n",
                                        encoding="utf-8")
    outcome = mayak.load(RULES).evaluate_folder(data)
    repeated = [p for p in outcome.problems if p.code == "data.duplicate_key"]
    assert len(repeated) == 1
    assert repeated[0].params["value"] == lines[1].split(",")[0]


def _cli(*args: str) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args))
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_the_commands_of_the_readme(tmp_path: Path, result: mayak.Result) -> None:
    code, _, err = _cli("validate", str(RULES))
    assert code == 0 and "Спецификации корректны" in err
    code, out, err = _cli("report", "--rules", str(RULES), "--data", str(DATA), "--level",
                          "municipality", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert (document["period"], document["compared_with"]) == ("2023", "2022")
    rows = pl.DataFrame(document["indicators"]).select("indicator", "key", "value",
                                                       "previous", "change")
    engine = result.indicators.select(rows.columns)
    assert rows.sort("indicator", "key").equals(engine.sort("indicator", "key"))
    assert "workforce.csv: строка" in err and "не указан период" in err
    report = tmp_path / "report.md"
    code, _, _ = _cli("report", "--rules", str(RULES), "--data", str(DATA), "--level",
                      "municipality", "--format", "md", "-o", str(report))
    text = report.read_text("utf-8")
    assert code == 0 and "2023 г. (в сравнении с: 2022 г.)" in text
    assert "Значение, 2022 г." in text and "Изменение" in text and "методика изменилась" in text
    assert sum(line.count("Муниципальное образование: ") for line in text.splitlines()) == (
        result.indicators.filter(pl.col("level") == "municipality").height)
    # The excerpt the example's README pastes is the report's, line for line.
    pasted = [line for line in (EXAMPLE / "README.md").read_text("utf-8").splitlines()
              if line.startswith("| Доля") or line.startswith("| Полнота")
              or line.startswith("| Число")]
    assert len(pasted) >= 8 and set(pasted) <= set(text.splitlines())


def test_the_district_report_of_the_readme_is_real_output(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's `--level district` command, run from the repository root, prints the
    rows and messages the README shows under it."""
    monkeypatch.chdir(ROOT)
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"```console\n\$ (mayak [^\n]*--level district)\n(.*?)```", readme,
                       re.S)
    assert len(shown) == 1
    command, output = shown[0]
    # As a terminal of 100 columns shows it (the default when not a terminal).
    outcome = CliRunner().invoke(main, shlex.split(command)[1:], env={"COLUMNS": "100"})
    assert outcome.exit_code == 0
    printed = outcome.stdout + outcome.stderr
    lines = output.splitlines()
    assert sum("Округ: " in line for line in lines) >= 9
    for line in lines:
        assert line in printed, line


def test_generator_reproduces_the_committed_data(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("municipal_generate",
                                                  EXAMPLE / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    committed = sorted(DATA.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in committed]
    for path in committed:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
