"""The expertise cases of the adversarial corpus (``tests/adversarial/_expertise.py``), run
in-process: beyond the corpus's checks (no crash, inputs untouched, deterministic), each
gives a located message, leaves the hit unit «нет данных» and computes the other units."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from mayak_cli import main

from tests.adversarial._case import Builder
from tests.adversarial._expertise import ARGS, CASES, EXAMPLE, Broken, case_folder


def _run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any], str]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, list(ARGS))
    return result.exit_code, json.loads(result.stdout), result.stderr


def _units(report: dict[str, Any], period: str) -> dict[str, dict[str, Any]]:
    return {row["unit"]: row for row in report["scores"]["mms_expertise"]
            if row["period"] == period}


def _submitted(period: str) -> set[str]:
    """The units with a row in the example's scores for ``period`` (plain CSV reading)."""
    lines = (EXAMPLE / "data" / "expertise.csv").read_text("utf-8").splitlines()[1:]
    return {line.split(",")[0] for line in lines if line.split(",")[1] == period}


@pytest.mark.parametrize("broken", CASES, ids=[c.slug for c in CASES])
def test_a_located_message_and_the_rest_computed(broken: Broken, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = case_folder(Builder(tmp_path), broken)
    code, report, stderr = _run(folder, monkeypatch)
    assert code in (0, 2), stderr  # 2: problems in the input data, the report still built
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith(broken.file)
             and broken.fragment in line]
    assert lines, stderr
    if broken.row is not None:
        assert any(f"строка {broken.row}" in line for line in lines), lines
    elif broken.file.endswith(".yaml"):
        assert any(line.startswith(f"{broken.file}:") and line.split(":")[1].isdigit()
                   for line in lines), lines  # file:line:col
    units = _units(report, broken.period)
    others = _submitted(broken.period) - {broken.unit} - {"Ладушкинский ГО"}  # its «н/д»
    if broken.slug == "max-missing":
        assert all(units[u]["percent"] is None and units[u]["total"] is not None
                   for u in others)
        return
    if broken.slug == "unit-misspelt":  # scored under its own name, the listed one absent
        assert units["Гусевскй ГО"]["status"] == "scored"
        assert units[broken.unit]["status"] == "not_submitted"
    elif broken.slug.startswith("unit-"):
        classes = [c for c in report["classes"] if c["unit"] == broken.unit
                   and c["period"] == broken.period and c["classification"] == "settlement"]
        assert [(c["class"], c["status"]) for c in classes] == [(None, "two_classes")]
        assert units[broken.unit]["settlement"] is None
    elif broken.unit is not None:
        assert units[broken.unit]["status"] == "no_data"
        assert units[broken.unit]["total"] is None and units[broken.unit]["rank"] is None
    assert all(units[u]["status"] == "scored" and units[u]["total"] is not None
               and units[u]["rank"] is not None for u in others)
