"""The worked example of indicators fed from published figures (examples/aggregate-figures),
run as the docs say: the values, a missing figure, and ``unknown: skip``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "aggregate-figures"
SHARE = "community_participation_share"


def _report(folder: Path, *args: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(main, ["report", "--rules", str(folder / "rules"), "--data",
                                       str(folder / "data"), "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout), result.stderr


def _values(report: dict[str, object]) -> dict[tuple[str, str | None], tuple[object, object]]:
    rows = report["indicators"]
    assert isinstance(rows, list)
    return {(r["indicator"], r["key"]): (r["value"], r["status"]) for r in rows}


def test_validate_and_report_as_documented() -> None:
    assert CliRunner().invoke(main, ["validate", str(EXAMPLE / "rules")]).exit_code == 0
    code, report, _ = _report(EXAMPLE, "--level", "municipality")
    assert code == 0 and report["problems"] == []
    values = _values(report)
    assert values[(SHARE, None)] == (53.1, "met")  # 5090 / 9580
    assert values[("teachers_per_methodist", None)] == (200.0, "met")  # 9580 / 48
    assert values[(SHARE, "Гурьевский")] == (49.4, "not_met")
    assert values[("teachers_per_methodist", "Советский")] == (253.0, "not_met")


def _with_missing_figure(tmp_path: Path) -> Path:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    data = folder / "data" / "published_figures.csv"
    text = data.read_text(encoding="utf-8")
    assert "Гурьевский;участники сообществ;790" in text
    data.write_text(text.replace("Гурьевский;участники сообществ;790",
                                 "Гурьевский;участники сообществ;н/д"), encoding="utf-8")
    return folder


def test_a_missing_figure_gives_no_data_and_names_its_row(tmp_path: Path) -> None:
    folder = _with_missing_figure(tmp_path)
    code, report, err = _report(folder, "--level", "municipality")
    assert code == 0
    values = _values(report)
    assert values[(SHARE, None)] == (None, "no_data")
    assert values[(SHARE, "Гурьевский")] == (None, "no_data")
    assert values[(SHARE, "Калининград")] == (55.0, "met")
    assert values[("teachers_per_methodist", None)] == (200.0, "met")
    problems = report["problems"]
    assert isinstance(problems, list) and len(problems) == 1
    assert problems[0]["code"] == "eval.unknown_values"
    assert problems[0]["severity"] == "warning"
    assert "строка 6" in err and "published_figures.csv" in err


def test_skip_computes_from_the_other_figures_and_counts_them(tmp_path: Path) -> None:
    folder = _with_missing_figure(tmp_path)
    spec = folder / "rules" / f"{SHARE}.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("    where: figure == 'участники сообществ'\n",
                                 "    where: figure == 'участники сообществ'\n"
                                 "    unknown: skip\n"), encoding="utf-8")
    code, report, _ = _report(folder)
    assert code == 0
    assert _values(report)[(SHARE, None)] == (44.9, "not_met")  # 4300 / 9580
    problems = report["problems"]
    assert isinstance(problems, list)
    assert [p["code"] for p in problems] == ["eval.skipped_unknown"]
    table = CliRunner().invoke(main, ["report", "--rules", str(folder / "rules"), "--data",
                                      str(folder / "data")])
    assert "S = 4300 (пропущено строк без данных: 1)" in table.stdout
