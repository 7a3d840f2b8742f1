"""``mayak report`` on the municipal example, in-process: the md and JSON reports carry the
classes, the expert review (with its maxima and non-submitters), the audit of the printed
table and the recommendations grouped by class. Expectations come from the example's specs
and CSV files, read here with plain Python."""

from __future__ import annotations

import csv
import json
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
ARGS = ["report", "--rules", str(EXAMPLE / "rules"), "--data", str(EXAMPLE / "data")]


def _spec(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((EXAMPLE / "rules" / f"{name}.yaml").read_text(
        "utf-8"))
    return loaded


def _units(file: str, year: str) -> set[str]:
    with (EXAMPLE / "data" / file).open(encoding="utf-8") as handle:
        return {row["Муниципальное образование"] for row in csv.DictReader(handle)
                if row["Год"] == year}


def _maximum(section: dict[str, Any], year: int) -> float:
    top = section["max"]
    if not isinstance(top, list):
        return float(top)
    return float(next(v["max"] for v in top if v.get("from", year) <= year <= v.get("to",
                                                                                    year)))


def _report(fmt: str) -> str:
    result = CliRunner().invoke(main, [*ARGS, "--format", fmt])
    assert result.exit_code in (0, 2), result.stderr  # 2: the example's data has problems
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def md() -> str:
    return _report("md")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_report("json"))
    return loaded


def test_md_has_every_expertise_section(md: str) -> None:
    review, audit = _spec("mms_expertise"), _spec("expertise_summary_2023")
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    for year in ("2023", "2022"):
        assert f"## {review['title']}, {year} г." in headings
        assert f"## {review['title']}: средние, {year} г." in headings
        for name in ("provision", "settlement"):
            assert f"## {_spec(name)['title']}: классы, {year} г." in headings
    assert f"## Сверка опубликованной таблицы «{audit['title']}», 2023 г." in headings
    assert "## Адресные рекомендации" in headings


def test_md_review_table_has_the_maxima_and_the_non_submitters(md: str) -> None:
    review = _spec("mms_expertise")
    start = md.index(f"## {review['title']}, 2023 г.")
    rows = [line for line in md[start:].split("\n\n")[1].splitlines()]
    cells = [c.strip() for c in rows[2].strip("|").split("|")]
    assert cells[0] == "Максимальный балл"
    maxima = [_maximum(s, 2023) for s in review["sections"]]
    assert [float(c) for c in cells if c.isdigit()] == [*maxima, sum(maxima)]
    missing = _units("mms.csv", "2023") - _units("expertise.csv", "2023")
    assert missing
    for unit in missing:
        [row] = [r for r in rows if r.startswith(f"| {unit} ")]
        assert "не представлено" in row


def test_md_recommendations_are_grouped_by_class_in_spec_order(md: str) -> None:
    advice = _spec("recommendations-expertise")
    section = md[md.index("## Адресные рекомендации"):].split("\n\n")[1].splitlines()
    assert section[0] == f"- {advice['audience']}:"
    groups = [line.strip()[:-1] for line in section[1:] if not line.startswith("      ")]
    order = [c["id"] for c in _spec(advice["by"])["classes"]]
    assert groups == [c for c in order if c in groups] and groups


def test_json_has_classes_scores_and_averages(report: dict[str, Any]) -> None:
    review = _spec("mms_expertise")
    scores = report["scores"][review["id"]]
    for year in ("2023", "2022"):
        mine = {r["unit"]: r for r in scores if r["period"] == year}
        assert set(mine) == _units("mms.csv", year)
        not_submitted = {u for u, r in mine.items() if r["status"] == "not_submitted"}
        assert not_submitted == _units("mms.csv", year) - _units("expertise.csv", year)
        maxima = [_maximum(s, int(year)) for s in review["sections"]]
        assert {r["max_total"] for r in mine.values()} == {sum(maxima)}
    classified = {(c["classification"], c["period"]) for c in report["classes"]}
    assert classified == {(c, y) for c in review["classes"] for y in ("2022", "2023")}
    groups = {(a["period"], a["classification"], a["class"])
              for a in report["score_averages"][review["id"]]}
    for name in review["classes"]:
        for rule in _spec(name)["classes"]:
            assert ("2023", name, rule["id"]) in groups
    assert ("2023", None, None) in groups


def test_json_problems_carry_the_audit_findings(report: dict[str, Any]) -> None:
    slips = json.loads((EXAMPLE / "expertise_slips.json").read_text("utf-8"))
    found = {(p["row"], p["column"]) for p in report["problems"]
             if p["code"].startswith("audit.") and p["file"].endswith(slips["file"])}
    assert {(s["row"], s["column"]) for s in slips["slips"]} <= found
