"""An audit of a published table of indicators (unit x indicator), on the municipal example:
the slips the generator put into the printed table, and only those, are found; the region's
row, printed as the plain average of the municipal shares, is said to be one."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import mayak
import polars as pl
import pytest

from tests.conftest import ROOT, generator

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"
RECORD = json.loads((EXAMPLE / "indicator_slips.json").read_text("utf-8"))
PRINTED = pl.read_csv(EXAMPLE / RECORD["file"], infer_schema=False)
UNIT = "Муниципальное образование"


@pytest.fixture(scope="module")
def findings() -> pl.DataFrame:
    result = mayak.load(EXAMPLE / "rules").evaluate_folder(EXAMPLE / "data")
    return result.audits.filter(pl.col("audit") == "indicators_summary_2023")


def test_the_findings_are_the_slips_put_into_the_printed_table(findings: pl.DataFrame) -> None:
    expected = {(slip["unit"], slip["column"]) for slip in RECORD["slips"]}
    assert set(findings.select("unit", "header").iter_rows()) == expected
    for slip in RECORD["slips"]:
        found = findings.filter(pl.col("unit") == slip["unit"]).row(0, named=True)
        assert found["printed"] == pytest.approx(slip["printed"])
        assert round(found["recomputed"], 1) == pytest.approx(slip["correct"])
        # The file row: the header is row 1, the table's rows follow.
        assert found["row"] == PRINTED.get_column(UNIT).to_list().index(slip["unit"]) + 2
        assert found["period"] == str(RECORD["period"])


def test_the_region_row_is_recognised_as_a_plain_mean(findings: pl.DataFrame) -> None:
    (slip,) = [s for s in RECORD["slips"] if s["kind"] == "plain_mean"]
    region = findings.filter(pl.col("unit") == slip["unit"]).row(0, named=True)
    assert region["check"] == "average_differs"
    units = PRINTED.filter(pl.col(UNIT) != slip["unit"]).height
    assert region["detail"] == f"plain_mean:{units}:{units}"


def test_a_table_of_indicators_needs_its_level_and_indicator_columns(tmp_path: Path) -> None:
    # The example's rules extend ../../../rules/order-908-1: the copy keeps that layout.
    rules = tmp_path / "examples" / EXAMPLE.name / "rules"
    shutil.copytree(EXAMPLE / "rules", rules)
    shutil.copytree(ROOT / "rules" / "order-908-1", tmp_path / "rules" / "order-908-1")
    audit = rules / "indicators_summary_2023.yaml"
    audit.write_text(audit.read_text("utf-8").replace("iom: iom_share", "iom: iom_shar")
                     .replace("level: municipality", "level: municipalty"), encoding="utf-8")
    with pytest.raises(mayak.SpecError) as raised:
        mayak.load(rules)
    text = "\n".join(p.render("ru") for p in raised.value.problems)
    assert "indicators_summary_2023.yaml" in text
    assert "«municipalty»" in text and "municipality" in text  # did you mean
    assert "«iom_shar»" in text and "iom_share" in text


def test_the_readme_lists_the_slips_as_recorded() -> None:
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Опубликованная таблица показателей"):]
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \| +([\d,]+) \| +([\d,]+) \|", section, re.M)
    assert [(u, c, float(p.replace(",", ".")), float(k.replace(",", ".")))
            for u, c, p, k in rows] == [
        (s["unit"], s["column"], s["printed"], s["correct"]) for s in RECORD["slips"]]


def test_the_generator_reproduces_the_printed_table(tmp_path: Path) -> None:
    generator(EXAMPLE).main(tmp_path / "data", tmp_path / "slips.json")
    assert ((tmp_path / "data" / "printed_indicators_2023.csv").read_bytes()
            == (EXAMPLE / RECORD["file"]).read_bytes())
    assert ((tmp_path / "indicator_slips.json").read_bytes()
            == (EXAMPLE / "indicator_slips.json").read_bytes())
