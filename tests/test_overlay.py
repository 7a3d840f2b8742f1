"""Choosing indicators from the catalogue (``indicators:``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli import main

OVERLAY = Path(__file__).resolve().parent / "fixtures" / "overlay"
Write = Callable[[str, str], Path]


def spec_errors(*paths: Path) -> str:
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(list(paths))
    return caught.value.render("ru")


# -- choosing -----------------------------------------------------------------------------


def test_without_a_list_every_indicator_is_computed() -> None:
    rules = mayak.load(OVERLAY / "catalogue")
    assert set(rules.indicators) == {"teachers_per_methodist", "methodist_share", "event_count"}
    assert set(rules.used_datasets()) == {"teachers", "events"}


def test_a_list_keeps_the_chosen_and_what_they_use() -> None:
    rules = mayak.load(OVERLAY / "base")
    assert list(rules.indicators) == ["teachers_per_methodist", "methodist_share"]
    assert rules.used_datasets() == ["teachers"]
    assert set(rules.plan.indicators) == set(rules.indicators)
    # The target of an indicator not chosen is left out; the dataset specs stay.
    assert set(rules.targets["norms"].targets) == {"teachers_per_methodist"}
    assert "events" in rules.datasets


def test_a_dataset_of_an_indicator_not_chosen_is_not_required(tmp_path: Path) -> None:
    rules = mayak.load(OVERLAY / "base")
    result = rules.evaluate_folder(OVERLAY / "data")
    total = result.indicators.filter(pl.col("level") == "total")
    assert set(total.get_column("indicator")) == {"teachers_per_methodist", "methodist_share"}
    frames = rules.read(OVERLAY / "data")
    assert set(frames.frames) == {"teachers"}
    teachers = pl.read_csv(OVERLAY / "data" / "teachers.csv")
    assert not rules.evaluate({"teachers": teachers}).indicators.is_empty()


def test_the_spec_files_not_chosen_are_still_the_rule_sets_files() -> None:
    rules = mayak.load(OVERLAY / "base")
    assert any(f.endswith("event_count.yaml") for f in rules.files)


def test_an_unknown_chosen_indicator_is_located_with_did_you_mean(write: Write) -> None:
    rules = write("r/ruleset.yaml", f"""
        kind: ruleset
        id: r
        title: R
        include: ["{(OVERLAY / 'catalogue').as_posix()}"]
        indicators: [methodist_share, teachers_per_metodist]
        """)
    report = spec_errors(rules.parent)
    assert ("ruleset.yaml:5:31: indicators[1]: неизвестный показатель «teachers_per_metodist» "
            "(возможно, имелось в виду «teachers_per_methodist»?)") in report


def test_recommendations_on_an_indicator_not_chosen_are_left_out(write: Write) -> None:
    catalogue, advice = OVERLAY / "catalogue", OVERLAY / "base" / "recommendations.yaml"
    write("r/ruleset.yaml", f"""
        kind: ruleset
        id: r
        title: R
        include: ["{catalogue.as_posix()}", "{advice.as_posix()}"]
        indicators: [event_count]
        """)
    rules = mayak.load(write("r/t.yaml", "kind: targets\nid: t\ntitle: T\n"
                             "targets: {teachers_per_methodist: не более 1}\n").parent)
    assert list(rules.indicators) == ["event_count"] and not rules.recommendations
    assert rules.used_datasets() == ["events"]


# -- command line -------------------------------------------------------------------------


def test_report_without_the_unchosen_datasets_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--rules", str(OVERLAY / "base"), "--data",
                                       str(OVERLAY / "data"), "--format", "json",
                                       "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.stderr
    body = (tmp_path / "out.json").read_text("utf-8")
    assert "methodist_share" in body and "event_count" not in body


def test_validate_counts_the_files_not_chosen() -> None:
    result = CliRunner().invoke(main, ["validate", str(OVERLAY / "base")])
    assert result.exit_code == 0 and "файлов: 8" in result.stderr
