"""The ratio a compared report shows is the ratio of the two values rounded once, not the
3-decimal ratio of the JSON rounded again (80 / 42 = 1.9048 is 1,90, not 1,91)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner
from mayak_cli._main import main

SPECS = {
    "events.yaml": """
kind: dataset
id: events
title: События
period: quarter
columns:
  quarter: {type: period, title: Квартал}
  participants: {type: integer, title: Участников}
""",
    "people.yaml": """
kind: indicator
id: people
title: Участники
unit: number
variables:
  P: {sum: events, of: participants}
formula: P
""",
}
EVENTS = pl.DataFrame({"Квартал": ["2024-Q3", "2024-Q3", "2024-Q2", "2024-Q2"],
                       "Участников": [40, 40, 30, 12]})


def test_the_ratio_shown_is_rounded_once(tmp_path: Path) -> None:
    for name, text in SPECS.items():
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "data").mkdir()
    EVENTS.write_csv(tmp_path / "data" / "events.csv")
    sums = EVENTS.group_by("Квартал").agg(pl.col("Участников").sum())
    now, then = (sums.filter(pl.col("Квартал") == q)["Участников"].item()
                 for q in ("2024-Q3", "2024-Q2"))
    exact, twice = (f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")  # as reports show
                    for x in (now / then, round(now / then, 3)))
    assert exact != twice  # the data are chosen so that rounding twice would show
    result = CliRunner().invoke(main, ["report", "--rules", str(tmp_path), "--data",
                                       str(tmp_path / "data"), "--period", "2024-Q3",
                                       "--compare", "--format", "md"])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.startswith("| Участники"))
    assert f" {exact} " in row and f" {twice} " not in row
