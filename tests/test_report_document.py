"""The report as a document: the sections of a report spec in order, typed tables whose
values are the result's own, charts with the planned line, «нет данных» parts, and the
default report without a spec."""

from __future__ import annotations

import mayak
import polars as pl
import pytest
from mayak.render import Document, compose
from msgspec.structs import replace
from polars.testing import assert_frame_equal

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "kaliningrad-municipal-2022-2023"


@pytest.fixture(scope="module")
def rules() -> mayak.Ruleset:
    return mayak.load([EXAMPLE / "rules"])


@pytest.fixture(scope="module")
def result(rules: mayak.Ruleset) -> mayak.Result:
    spec = rules.report_for()
    assert spec is not None
    return rules.evaluate_folder(EXAMPLE / "data", levels=list(spec.levels))


@pytest.fixture(scope="module")
def document(rules: mayak.Ruleset, result: mayak.Result) -> Document:
    return compose(result, rules.specs, rules.report_for(), "ru")


def _part(document: Document, kind: str) -> mayak.render.Part:
    return next(p for p in document.parts if p.type == kind)


def test_the_parts_follow_the_spec(rules: mayak.Ruleset, document: Document) -> None:
    spec = rules.report_for()
    assert spec is not None and spec.levels == ("municipality",)
    assert [(p.type, p.title) for p in document.parts] == [
        (s.type, s.title) for s in spec.sections]
    assert document.title == spec.title and document.region == spec.region
    assert document.period is not None and "2022" in document.period  # compared with


def test_the_indicator_form_holds_the_results_values(rules: mayak.Ruleset,
                                                     result: mayak.Result,
                                                     document: Document) -> None:
    table = _part(document, "indicators").tables[0]
    total = result.indicators.filter(pl.col("level") == "total")
    assert table.frame.get_column("number").to_list() == list(range(1, total.height + 1))
    assert_frame_equal(table.frame.select("title", "value", "previous", "change"),
                       total.select("title", "value", "previous", "change"))
    assert (table.frame.get_column("status").to_list()
            == total.get_column("status").cast(pl.String).to_list())
    kinds = {c.name: c.kind for c in table.columns}
    assert kinds["value"] == "number" and kinds["status"] == "status"
    assert "basis" in kinds  # the example's indicators state their legal basis
    # Each row refers to its indicator's basis, written out once under the table.
    written = dict(note.split(" ", 1) for note in table.notes)
    for name, reference in zip(total.get_column("indicator"), table.frame.get_column("basis"),
                               strict=True):
        basis = rules.indicators[name].basis
        if basis is None:
            assert reference == ""
        else:
            assert written[reference].startswith(basis.document)


def test_the_unit_table_is_the_results_rows_side_by_side(rules: mayak.Ruleset,
                                                         result: mayak.Result,
                                                         document: Document) -> None:
    part = _part(document, "table")
    spec = rules.report_for()
    assert spec is not None
    chosen = spec.sections[1].indicators
    assert chosen is not None
    wide = part.tables[0].frame
    long = result.indicators.filter((pl.col("level") == "municipality")
                                    & pl.col("indicator").is_in(list(chosen)))
    for name in chosen:
        mine = long.filter(pl.col("indicator") == name).select(
            "key", pl.col("value").alias(f"{name}.value"))
        assert_frame_equal(wide.select("key", f"{name}.value").sort("key"),
                           mine.sort("key"))
    groups = {c.group for c in part.tables[0].columns if c.group}
    titles = set(long.get_column("title").unique().to_list())
    assert groups == titles
    bars = [c for c in part.charts if c.kind == "bars"]
    assert len(bars) == len(chosen)
    targets = rules.targets_for()
    assert targets is not None
    for chart, name in zip(bars, chosen, strict=True):
        written = targets.targets.get(name)
        target = written.in_force(result.period) if written is not None else None
        line = chart.frame.get_column("target").unique().to_list()
        assert line == [target.planned.low if target is not None else None]


def test_the_ranking_is_in_rank_order(result: mayak.Result, document: Document) -> None:
    table = _part(document, "ranking").tables[0].frame
    scores = result.scores["mms_expertise"].filter(
        (pl.col("period") == "2023") & pl.col("rank").is_not_null())
    assert table.get_column("rank").to_list() == sorted(scores.get_column("rank").to_list())
    assert set(table.get_column("unit")) == set(scores.get_column("unit"))


def test_the_classes_count_each_periods_units(result: mayak.Result,
                                              document: Document) -> None:
    part = next(p for p in document.parts if p.type == "classes")
    table = part.tables[0].frame
    mine = result.classes.filter((pl.col("classification") == "settlement")
                                 & (pl.col("period") == "2023"))
    counted = mine.group_by("class").len()
    assert table.get_column("units0").sum() == mine.height
    assert sorted(table.get_column("units0").to_list()) == sorted(
        counted.get_column("len").to_list())


def test_the_remarks_are_the_runs_problems(result: mayak.Result, document: Document) -> None:
    part = document.parts[-1]
    assert part.type == "remarks"
    shown = [item for lines in part.lines for item in lines.items]
    assert shown == [p.render("ru") for p in result.problems]


def test_a_section_without_data_says_so(rules: mayak.Ruleset, result: mayak.Result) -> None:
    # The districts were not evaluated: their table has nothing to show, and says so.
    spec = rules.report_for()
    assert spec is not None
    districts = replace(spec, sections=(mayak.ReportSection(type="table", index=0,
                                                            level="district"),))
    parts = compose(result, rules.specs, districts, "ru").parts
    assert parts[0].empty and not parts[0].tables
    assert parts[-1].type == "remarks"  # placed at the end when no section places them


def test_without_a_spec_the_default_report_shows_everything(rules: mayak.Ruleset,
                                                            result: mayak.Result) -> None:
    document = compose(result, replace(rules.specs, reports={}), None, "en")
    kinds = [p.type for p in document.parts]
    assert kinds[0] == "indicators" and "table" in kinds and kinds[-1] == "remarks"
    assert {"ranking", "scores", "averages", "classes", "audits",
            "recommendations"} <= set(kinds)
    assert document.statuses["met"] == mayak.text("status.met", "en")


def test_the_default_report_is_titled_as_the_markdown_report(rules: mayak.Ruleset,
                                                             result: mayak.Result) -> None:
    document = compose(result, replace(rules.specs, reports={}), None, "ru")
    targets = rules.specs.targets[result.targets or ""]
    # What it is, then the plans it measures against: not the plans' title alone.
    assert document.title == f"{mayak.text('report.title', 'ru')} — {targets.title}"
    markdown = mayak.render.REPORT_RENDERERS["md"](result, "ru")
    assert markdown.startswith(f"# {document.title}")
