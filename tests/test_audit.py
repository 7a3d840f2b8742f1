"""Audits of a published review table: on the municipal example every finding is one of
the slips the generator recorded (expertise_slips.json), at its file row; on a small rule
set, printed units that are not in the review, scored units missing from the table and
values printed for units that did not submit."""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path
from typing import Any

import mayak
import polars as pl
import pytest

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
SLIPS: dict[str, Any] = json.loads((EXAMPLE / "expertise_slips.json").read_text("utf-8"))
PRINTED = EXAMPLE / SLIPS["file"]
TOTAL_HEADER = "Итого"

# What each kind of slip must be reported as (the audit's check).
CHECK = {"total_not_sum": "not_sum", "percent_of_wrong_max": "differs",
         "above_max": "above_max", "average_non_submitters_as_zero": "average_differs",
         "rank": "differs"}


@pytest.fixture(scope="module")
def example() -> mayak.Result:
    return mayak.load(EXAMPLE / "rules").evaluate_folder(EXAMPLE / "data")


def _printed_rows() -> dict[str, int]:
    """Each printed unit -> its row in the file (the header is row 1)."""
    with PRINTED.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return {row[0]: number for number, row in enumerate(rows[1:], start=2)}


def _expected() -> set[tuple[str, str, int, str]]:
    """(unit, header, row, check) for every slip and every total that is not a sum."""
    rows = _printed_rows()
    expected = {(s["unit"], s["column"], s["row"], CHECK[s["kind"]]) for s in SLIPS["slips"]}
    expected |= {(unit, TOTAL_HEADER, rows[unit], "not_sum") for unit in SLIPS["not_sums"]}
    return expected


def test_the_slip_rows_are_the_rows_of_their_units_in_the_file() -> None:
    rows = _printed_rows()
    assert all(rows[s["unit"]] == s["row"] for s in SLIPS["slips"])


def test_the_findings_are_exactly_the_recorded_slips(example: mayak.Result) -> None:
    audits = example.audits.filter(pl.col("audit") == "expertise_summary_2023")
    assert set(audits["period"].to_list()) == {str(SLIPS["period"])}
    found = set(zip(audits["unit"].to_list(), audits["header"].to_list(),
                    audits["row"].to_list(), audits["check"].to_list(), strict=True))
    assert found == _expected()


def test_each_slip_carries_its_printed_and_correct_values(example: mayak.Result) -> None:
    audits = example.audits
    for slip in SLIPS["slips"]:
        row = audits.filter((pl.col("unit") == slip["unit"]) & (pl.col("header") == slip[
            "column"]) & (pl.col("check") == CHECK[slip["kind"]])).row(0, named=True)
        assert row["printed"] == pytest.approx(slip["printed"])
        # above the maximum: what the table could have printed at most
        correct = slip["maximum"] if slip["kind"] == "above_max" else slip["correct"]
        assert round(row["recomputed"], 1) == pytest.approx(correct)


def test_each_finding_is_a_located_warning(example: mayak.Result) -> None:
    located = {(p.location.row, p.location.column) for p in example.problems
               if p.code.startswith("audit.") and p.location is not None
               and p.location.file.endswith(PRINTED.name)}
    assert {(row, header) for _, header, row, _ in _expected()} <= located


def test_the_region_average_matches_the_divisor_of_all_units(example: mayak.Result) -> None:
    slip = next(s for s in SLIPS["slips"] if s["kind"] == "average_non_submitters_as_zero")
    [problem] = [p for p in example.problems if p.code == "audit.average_divisor"]
    assert problem.location is not None and problem.location.row == slip["row"]
    text = problem.render("ru")
    assert f"делённой на {slip['divisor']}" in text
    assert f"среднее по {slip['correct_divisor']} представившим" in text
    assert "включая не представивших" in text


# --- a small rule set -------------------------------------------------------------------

SPECS = {
    "units.yaml": """
        kind: dataset
        id: units
        title: Единицы
        key: unit
        columns:
          unit: {type: string, required: true}
        """,
    "scores.yaml": """
        kind: dataset
        id: scores
        title: Баллы
        key: unit
        columns:
          unit: {type: string, required: true}
          a: {type: integer}
          b: {type: integer}
        """,
    "printed.yaml": """
        kind: dataset
        id: printed
        title: Напечатанная таблица
        key: unit
        columns:
          unit: {type: string, required: true}
          a: {type: number}
          b: {type: number}
          itogo: {type: number}
        """,
    "review.yaml": """
        kind: scoring
        id: review
        title: Экспертиза
        dataset: scores
        units: units
        sections:
          - {id: a, title: Раздел А, max: 10}
          - {id: b, title: Раздел Б, max: 10}
        """,
    "audit.yaml": """
        kind: audit
        id: printed_review
        title: Таблица как напечатана
        scoring: review
        dataset: printed
        digits: 0
        columns: {a: a, b: b, itogo: total}
        """,
}


def _write(folder: Path, specs: dict[str, str]) -> Path:
    for name, body in specs.items():
        (folder / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def _small(tmp_path: Path) -> mayak.Result:
    rules = mayak.load(_write(tmp_path, SPECS))
    units = pl.DataFrame({"unit": ["Альфа", "Бета", "Гамма", "Дельта"]})
    scores = pl.DataFrame({"unit": ["Альфа", "Бета", "Гамма"], "a": [5, 6, 7],
                           "b": [1, 2, 3]})
    # Бета is misspelt, Гамма is not printed, Дельта did not submit but is printed.
    printed = pl.DataFrame({"unit": ["Альфа", "Бэта", "Дельта"], "a": [5.0, 6.0, 4.0],
                            "b": [1.0, 2.0, 4.0], "itogo": [6.0, 8.0, 8.0]})
    return rules.evaluate({"units": units, "scores": scores, "printed": printed})


def _checks(result: mayak.Result) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for unit, check in zip(result.audits["unit"].to_list(), result.audits["check"].to_list(),
                           strict=True):
        found.setdefault(unit, set()).add(check)
    return found


def test_a_printed_unit_not_in_the_review_is_named_with_a_suggestion(tmp_path: Path) -> None:
    result = _small(tmp_path)
    assert _checks(result)["Бэта"] == {"unknown_unit"}
    [problem] = [p for p in result.problems if p.code == "audit.unknown_unit"]
    assert "«Бета»" in problem.render("ru")


def test_a_scored_unit_missing_from_the_table_is_reported(tmp_path: Path) -> None:
    result = _small(tmp_path)
    # Бета is printed under a misspelt name: missing from the table as well.
    assert {u for u, c in _checks(result).items() if "not_printed" in c} == {"Бета", "Гамма"}
    assert any(p.code == "audit.not_printed" and "«Гамма»" in p.render("ru")
               for p in result.problems)


def test_a_value_printed_for_a_unit_that_did_not_submit(tmp_path: Path) -> None:
    result = _small(tmp_path)
    assert _checks(result)["Дельта"] == {"printed_not_submitted"}
    assert _checks(result).get("Альфа") is None  # printed as computed: nothing to say
