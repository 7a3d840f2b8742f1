"""Several norms on one indicator (a target written as a list): a row and a status per norm,
set by an overlay (rules/kaliningrad-model adds the model's 1-per-60 norm)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli._main import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES

Write = Callable[[str, str], Path]
MODEL = KALININGRAD_RULES.parent / "kaliningrad-model"


def _ratio() -> float:
    """Teachers per methodist from the example's files, by hand."""
    teachers = pl.read_csv(KALININGRAD_DATA / "teachers.csv").height
    rules = mayak.load(KALININGRAD_RULES)
    admitted = rules.screen(KALININGRAD_DATA / "applications.xlsx").candidates.filter(
        pl.col("outcome") == "admitted").height
    return round(teachers / admitted)


def test_the_overlay_adds_a_second_norm_with_its_own_status() -> None:
    result = mayak.load(MODEL).evaluate_folder(KALININGRAD_DATA)
    rows = result.indicators.filter(pl.col("indicator") == "teachers_per_methodist",
                                    pl.col("level") == "total")
    ratio = _ratio()
    assert rows["value"].to_list() == [ratio, ratio]
    assert rows["norm"].to_list() == ["положение о РМА, 1 на 200", "модель сопровождения, 1 на 60"]
    assert rows["status"].to_list() == ["met" if ratio <= 200 else "not_met",
                                        "met" if ratio <= 60 else "not_met"]
    assert result.value("teachers_per_methodist") == ratio
    # The second norm applies to the total only: one row per subject area, not two.
    areas = result.indicators.filter(pl.col("indicator") == "teachers_per_methodist",
                                     pl.col("level") == "subject_area")
    assert areas["key"].n_unique() == areas.height
    # The base rule set's report is as before: one norm, no norm column.
    plain = mayak.load(KALININGRAD_RULES).evaluate_folder(KALININGRAD_DATA)
    assert "norm" not in plain.indicators.columns


def test_the_report_names_each_norm(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--rules", str(MODEL), "--data",
                                       str(KALININGRAD_DATA), "--format", "md"])
    assert result.exit_code == 0
    # Each plan as the targets write it, with its norm's name.
    assert "не более 60 (модель сопровождения, 1 на 60)" in result.stdout
    assert "не более 200 (положение о РМА, 1 на 200)" in result.stdout


NORMS_WITH_SLIPS = """
    kind: targets
    id: t
    title: T
    targets:
      i:
        - norm: первая
          planned: около 5
        - norm: вторая
          planned: не менее 1
        - norm: третья
          planned: не менее 1
          levels: [y]
"""
UNNAMED_NORM = """
    kind: targets
    id: t
    title: T
    targets:
      i:
        - norm: первая
          planned: не менее 5
        - planned: не менее 1
"""


@pytest.mark.parametrize(("targets", "fragments"), [
    (NORMS_WITH_SLIPS, ["t.yaml:7:16: targets.i[0].planned:",
                        "t.yaml:12:16: targets.i[2].levels[0]: в наборе «d» нет столбца «y»"]),
    (UNNAMED_NORM, ["targets.i[1]: не хватает обязательного поля «norm»"]),
])
def test_a_norm_list_is_checked_norm_by_norm(write: Write, tmp_path: Path, targets: str,
                                             fragments: list[str]) -> None:
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {x: {type: number}}\n")
    write("i.yaml", "kind: indicator\nid: i\ntitle: I\nunit: number\n"
                    "variables: {S: {sum: d, of: x}}\nformula: S\n")
    write("t.yaml", targets)
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(tmp_path)
    report = caught.value.render("ru")
    assert all(fragment in report for fragment in fragments), report
