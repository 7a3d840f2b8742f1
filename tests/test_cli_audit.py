"""``mayak audit``: the findings of every audit in the rules, exit 1 when a published table
differs from the recomputation, 0 when all agree; machine-readable CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import mayak
import polars as pl
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
RULES, DATA = EXAMPLE / "rules", EXAMPLE / "data"
SLIPS = [*json.loads((EXAMPLE / "expertise_slips.json").read_text("utf-8"))["slips"],
         *json.loads((EXAMPLE / "indicator_slips.json").read_text("utf-8"))["slips"]]


def _audit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audit", "--rules", str(args[0]), "--data", str(args[1]),
                                       *args[2:]])
    return result.exit_code, result.stdout, result.stderr


def test_the_findings_of_both_published_tables_and_exit_1() -> None:
    code, out, err = _audit(RULES, DATA)
    assert code == 1
    assert "Сверка опубликованной таблицы «Сводная таблица экспертизы ММС" in out
    assert "Сверка опубликованной таблицы «Доли прошедших диагностику" in out
    assert "Расхождений:" in err


def test_csv_and_json_hold_the_same_findings() -> None:
    _, as_csv, _ = _audit(RULES, DATA, "--format", "csv")
    _, as_json, _ = _audit(RULES, DATA, "--format", "json")
    # The provenance's «#» lines above the table are as the JSON's fields.
    comments = [line for line in as_csv.splitlines() if line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO(as_csv.split("\n", len(comments))[-1])))
    document = json.loads(as_json)
    assert comments[0] == f"# mayak {document['provenance']['version']}"
    assert comments[-len(document["provenance"]["files"]):] == [
        f"# {f['role']}: {f['sha256']}  {f['path']}" for f in document["provenance"]["files"]]
    assert len(rows) == len(document["findings"]) == len(document["messages"])
    # Every slip the generators recorded is a finding (one more: a wrong score above its
    # maximum also breaks its row's sum).
    found = {(r["unit"], r["header"]) for r in rows}
    assert {(s["unit"], s["column"]) for s in SLIPS} <= found


def test_a_corrected_table_agrees(tmp_path: Path) -> None:
    rules = tmp_path / "examples" / EXAMPLE.name / "rules"
    shutil.copytree(RULES, rules)
    shutil.copytree(ROOT / "rules" / "order-908-1", tmp_path / "rules" / "order-908-1")
    for name in ("expertise_summary_2023.yaml", "printed_expertise.yaml"):
        (rules / name).unlink()
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "printed_expertise_2023.csv").unlink()
    printed = data / "printed_indicators_2023.csv"
    text = printed.read_text("utf-8")
    for slip in json.loads((EXAMPLE / "indicator_slips.json").read_text("utf-8"))["slips"]:
        wrong = f"{slip['printed']:.1f}".replace(".", ",")
        right = f"{slip['correct']:.1f}".replace(".", ",")
        line = next(li for li in text.splitlines() if li.startswith(slip["unit"] + ","))
        text = text.replace(line, line.replace(f'"{wrong}"', f'"{right}"', 1))
    printed.write_text(text, "utf-8")
    code, out, err = _audit(rules, data)
    assert code == 0, out + err
    assert "согласуются с пересчётом" in err


def test_rules_without_an_audit_are_told_so() -> None:
    code, _, err = _audit(ROOT / "rules" / "kaliningrad", ROOT / "examples" / "kaliningrad-2023"
                          / "data")
    assert code == 2
    assert "нет ни одной сверки (kind: audit)" in err


def test_many_differences_are_said_fifty_at_a_time_and_all_are_in_the_table(
        tmp_path: Path) -> None:
    rules = tmp_path / "examples" / EXAMPLE.name / "rules"
    shutil.copytree(RULES, rules)
    shutil.copytree(ROOT / "rules" / "order-908-1", tmp_path / "rules" / "order-908-1")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    printed = data / "printed_expertise_2023.csv"
    table = pl.read_csv(printed, infer_schema=False)
    unit = table.columns[0]
    # Every municipality's every section one point higher: many cells differ.
    sections = table.columns[1:8]
    table = table.with_columns(
        pl.when(~pl.col(unit).str.starts_with("Среднее"))
        .then((pl.col(c).str.replace(",", ".").cast(pl.Float64) + 1).cast(pl.Int64)
              .cast(pl.String)).otherwise(pl.col(c)).alias(c) for c in sections)
    table.write_csv(printed)
    result = mayak.load(rules).evaluate_folder(data)
    findings = result.audits.filter(pl.col("audit") == "expertise_summary_2023")
    said = [p for p in result.problems if p.code.startswith("audit.")
            and "Сводная таблица экспертизы" in p.render("ru")]
    assert findings.height > 50
    assert len(said) == 51 and said[-1].code == "audit.more"
    assert str(findings.height - 50) in said[-1].render("ru")
