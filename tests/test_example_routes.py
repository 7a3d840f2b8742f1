"""The example examples/kaliningrad-model-routes: teachers classed by the level of their
diagnostic result, the measures of the Kaliningrad model listed per teacher and per school,
and the screening for the methodological pool taking K5 from the diagnostics. Expected
values come from the CSV files themselves, read with plain Polars."""

from __future__ import annotations

import shutil
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import ROOT, generator

EXAMPLE = ROOT / "examples" / "kaliningrad-model-routes"
RULES, DATA = EXAMPLE / "rules", EXAMPLE / "data"
LEVEL = "Уровень по результатам диагностики"


def _csv(name: str) -> pl.DataFrame:
    return pl.read_csv(DATA / f"{name}.csv", infer_schema=False)


@pytest.fixture(scope="module")
def result() -> mayak.Result:
    return mayak.load(RULES).evaluate_folder(DATA)


def test_every_diagnosed_teacher_is_in_the_class_of_their_level(result: mayak.Result) -> None:
    diagnostics = _csv("diagnostics")
    expected = dict(zip(diagnostics["Код педагога"], diagnostics[LEVEL], strict=True))
    classes = result.classes.filter(pl.col("classification") == "competence_level")
    assert dict(zip(classes["unit"], classes["class"], strict=True)) == expected
    assert set(classes["period"]) == {"2023"}


def test_each_teacher_gets_the_measures_of_their_level(result: mayak.Result) -> None:
    diagnostics = _csv("diagnostics")
    rule_of = {"высокий": "high", "средний": "middle", "низкий": "low", "минимальный": "low"}
    expected = {(code, rule_of[level]) for code, level
                in diagnostics.select("Код педагога", LEVEL).iter_rows()}
    advice = result.recommendations.filter(pl.col("recommendations") == "routes-teachers")
    assert set(advice.select("key", "rule").iter_rows()) == expected
    assert advice.height == diagnostics.height  # one route per diagnosed teacher
    high = advice.filter(pl.col("rule") == "high")
    assert high["text"].str.contains("кандидат на вхождение в методический актив").all()


def test_each_school_head_gets_the_count_and_measures_per_level(result: mayak.Result) -> None:
    counts = (_csv("diagnostics").group_by("Образовательная организация", LEVEL)
              .agg(pl.len().alias("n")))
    expected = {(school, level, n) for school, level, n in counts.iter_rows()
                if level != "средний"}  # the model names no measures for the middle level
    advice = result.recommendations.filter(pl.col("recommendations") == "routes-heads")
    found = {(key, group, int(text.split(": ", 1)[1].split(" ", 1)[0]))
             for key, group, text in advice.select("key", "class", "text").iter_rows()}
    assert found == expected


def test_the_screening_takes_k5_from_the_diagnostics() -> None:
    ruleset = mayak.load(RULES)
    screening = ruleset.screen(DATA / "applications.csv")
    levels = dict(_csv("diagnostics").select("Код педагога", LEVEL).iter_rows())
    applications = _csv("applications")
    expected = {number: (None if code not in levels else levels[code] == "высокий")
                for number, code in applications.select("Номер заявки", "Код педагога")
                .iter_rows()}
    candidates = screening.candidates
    assert dict(candidates.select("application_id", "K5").iter_rows()) == expected
    # Admitted only with a high level; unknown K5 (not diagnosed) goes to review, never reserve.
    admitted = candidates.filter(pl.col("outcome") == "admitted")
    assert admitted["K5"].all()
    undiagnosed = [n for n, v in expected.items() if v is None]
    assert undiagnosed
    assert set(candidates.filter(pl.col("application_id").is_in(undiagnosed))["outcome"]) <= {
        "needs_review", "reserve"}
    assert any(p.code.startswith("lookup.unmatched") for p in screening.problems)


def test_the_readme_commands_run(tmp_path: Path) -> None:
    runner = CliRunner()
    report = runner.invoke(main, ["report", "--rules", str(RULES), "--data", str(DATA),
                                  "--format", "md", "-o", str(tmp_path / "report.md")])
    assert report.exit_code == 0, report.output
    text = (tmp_path / "report.md").read_text("utf-8")
    assert "Уровень профессиональных компетенций по результатам диагностики: классы" in text
    assert "Руководителям образовательных организаций" in text
    screen = runner.invoke(main, ["screen", "--rules", str(RULES),
                                  str(DATA / "applications.csv")])
    assert screen.exit_code == 0, screen.output
    assert "уровень по диагностике" in screen.output


def test_the_generator_reproduces_the_data(tmp_path: Path) -> None:
    generator(EXAMPLE).main(tmp_path)
    for name in ("teachers", "diagnostics", "applications"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (DATA / f"{name}.csv").read_bytes()


def test_over_all_units_each_class_is_a_row_keyed_by_the_class(tmp_path: Path) -> None:
    # The example's rules extend ../../../rules/kaliningrad-model (which includes the shared
    # catalogue): the copy keeps that layout.
    rules = tmp_path / "examples" / EXAMPLE.name / "rules"
    shutil.copytree(RULES, rules)
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "indicators", tmp_path / "indicators")
    (rules / "levels-region.yaml").write_text(
        "kind: recommendations\nid: levels-region\ntitle: Уровни по области\n"
        "classification: competence_level\nlevel: total\naudience: ЦНППМ\n"
        "rules:\n  - {id: all, when: units > 0, text: \"{key}: {units}\"}\n", "utf-8")
    result = mayak.load(rules).evaluate_folder(DATA)
    advice = result.recommendations.filter(pl.col("recommendations") == "levels-region")
    counts = _csv("diagnostics").group_by(LEVEL).len()
    assert set(advice["text"]) == {f"{level}: {n}" for level, n in counts.iter_rows()}
    assert (advice["key"] == advice["class"]).all()


def test_screening_without_its_units_table_warns_and_sends_to_review(tmp_path: Path) -> None:
    alone = tmp_path / "applications.csv"
    shutil.copyfile(DATA / "applications.csv", alone)
    result = CliRunner().invoke(main, ["screen", "--rules", str(RULES), str(alone)])
    assert result.exit_code == 0, result.stderr
    assert "справочник «diagnostics» не найден" in result.stderr
    screening = mayak.load(RULES).screen(alone)
    # Without the diagnostics K5 is unknown for everyone: no one admitted, no one in the
    # reserve for K5 alone.
    assert screening.candidates["K5"].is_null().all()
    assert "admitted" not in set(screening.candidates["outcome"])
