"""Choosing indicators from the catalogue (``indicators:``) and overlays (``extends:``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES, ROOT

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
    # The target of an indicator not chosen is left out, and so is a dataset only it reads:
    # its columns are no levels.
    assert set(rules.targets["norms"].targets) == {"teachers_per_methodist"}
    assert set(rules.datasets) == {"teachers"}


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


# -- extends and overrides ----------------------------------------------------------------


def test_an_overlay_replaces_the_specs_it_marks_overrides() -> None:
    rules = mayak.load(OVERLAY / "region")
    assert rules.indicators["teachers_per_methodist"].title.endswith("(норма региона)")
    planned = rules.targets["norms"].targets["teachers_per_methodist"].planned
    assert (planned.op, planned.low) == ("<=", 60)
    assert rules.recommendations["coverage"].audience == "ЦНППМ региона"
    assert set(rules.manifests) == {"base", "region"}
    # The base's choice holds for the overlay; every file read is listed.
    assert list(rules.indicators) == ["teachers_per_methodist", "methodist_share"]
    assert len(rules.files) == 12


def test_the_overlays_values_are_used_in_the_report() -> None:
    result = mayak.load(OVERLAY / "region").evaluate_folder(OVERLAY / "data")
    row = result.indicators.filter((pl.col("level") == "subject_area")
                                   & (pl.col("key") == "математика")
                                   & (pl.col("indicator") == "teachers_per_methodist"))
    assert row.get_column("status").to_list() == ["not_met"]
    texts = result.recommendations.get_column("text").to_list()
    assert texts == ["Рекомендация региона: «математика» — 130 педагогов на методиста при "
                     "норме 60"]


def overlay_choosing(write: Write, *chosen: str) -> Path:
    write("r/ruleset.yaml", f"""
        kind: ruleset
        id: r
        title: R
        extends: "{(OVERLAY / 'region').as_posix()}"
        indicators: [{", ".join(chosen)}]
        """)
    return write("r/own.yaml", """
        kind: indicator
        id: own
        title: Своё
        unit: number
        variables: {E: {count: events}}
        formula: E * 2
        """).parent


def test_an_overlays_list_replaces_its_bases(write: Write) -> None:
    rules = mayak.load(overlay_choosing(write, "own"))
    assert list(rules.indicators) == ["own"] and rules.used_datasets() == ["events"]
    assert not rules.recommendations and not rules.targets["norms"].targets


def test_an_overlay_adds_indicators_it_names(write: Write) -> None:
    rules = mayak.load(overlay_choosing(write, "methodist_share", "event_count", "own"))
    assert set(rules.indicators) == {"teachers_per_methodist", "methodist_share", "event_count",
                                     "own"}
    assert set(rules.used_datasets()) == {"teachers", "events"}


def test_an_empty_list_is_refused(write: Write) -> None:
    path = write("r/ruleset.yaml", "kind: ruleset\nid: r\ntitle: R\nindicators: []\n")
    assert "ruleset.yaml:4:13: indicators:" in spec_errors(path.parent)


def test_extends_may_name_the_base_ruleset_file(write: Write) -> None:
    rules = write("r/ruleset.yaml", f"""
        kind: ruleset
        id: r
        title: R
        extends: "{(OVERLAY / 'base' / 'ruleset.yaml').as_posix()}"
        """)
    assert set(mayak.load(rules.parent).targets) == {"norms"}


def test_overrides_chain_through_several_rule_sets(write: Write) -> None:
    write("top/ruleset.yaml", f"""
        kind: ruleset
        id: top
        title: Top
        extends: "{(OVERLAY / 'region').as_posix()}"
        """)
    write("top/targets.yaml", """
        kind: targets
        id: norms
        overrides: true
        title: Нормативы муниципалитета
        targets: {teachers_per_methodist: не более 50}
        """)
    rules = mayak.load(write("top/x.yaml", "kind: dataset\nid: x\ntitle: X\n"
                                           "columns: {a: {type: string}}\n").parent)
    assert rules.targets["norms"].title == "Нормативы муниципалитета"
    assert rules.indicators["teachers_per_methodist"].title.endswith("(норма региона)")


def test_admission_criteria_can_be_overridden(write: Write) -> None:
    base = """
        kind: admission
        id: pool
        title: Отбор
        dataset: teachers
        criteria:
          - {id: K1, title: методист, rule: methodist}
        decision: all
        """
    write("base/ruleset.yaml", f"""
        kind: ruleset
        id: b
        title: B
        include: ["{(OVERLAY / 'catalogue' / 'teachers.yaml').as_posix()}"]
        """)
    write("base/pool.yaml", base)
    write("top/ruleset.yaml", "kind: ruleset\nid: t\ntitle: T\nextends: ../base\n")
    rules = mayak.load(write("top/pool.yaml", base.replace("rule: methodist", "rule: not methodist")
                             .replace("title: Отбор\n", "title: Отбор региона\n"
                                      "        overrides: true\n")).parent)
    assert rules.admissions["pool"].criteria[0].rule == "not methodist"
    frame = pl.DataFrame({"teacher_id": ["1", "2"], "methodist": ["да", "нет"]})
    assert rules.screen(frame).candidates.get_column("outcome").to_list() == [
        "reserve", "admitted"]


def test_a_dataset_can_be_overridden_to_name_its_period_column(write: Write) -> None:
    write("top/ruleset.yaml", f"""
        kind: ruleset
        id: t
        title: T
        extends: "{(OVERLAY / 'base').as_posix()}"
        period: 2023
        compare: true
        """)
    rules = mayak.load(write("top/teachers.yaml", """
        kind: dataset
        id: teachers
        overrides: true
        title: Педагоги по годам
        period: year
        columns:
          teacher_id: {type: string, required: true}
          year: {type: integer, title: Год}
          subject_area: {type: string, title: Предметная область}
          methodist: {type: boolean, title: Региональный методист}
        """).parent)
    assert rules.datasets["teachers"].period == "year"
    frame = pl.DataFrame({"teacher_id": ["1", "2", "3", "4", "5"],
                          "year": [2022, 2022, 2023, 2023, 2023],
                          "methodist": ["да", "нет", "да", "да", "нет"]})
    result = rules.evaluate({"teachers": frame})
    flags = frame.with_columns(pl.col("methodist") == "да")
    share = {year: flags.filter(pl.col("year") == year)["methodist"].mean()
             for year in (2022, 2023)}
    row = result.indicators.filter(pl.col("indicator") == "methodist_share").row(0, named=True)
    assert (row["value"], row["previous"]) == (round(share[2023] * 100, 1),
                                               round(share[2022] * 100, 1))


# -- bad input ----------------------------------------------------------------------------


def test_redeclaring_a_base_id_without_overrides_names_both_places(write: Write) -> None:
    write("r/ruleset.yaml", f"""
        kind: ruleset
        id: r
        title: R
        extends: "{(OVERLAY / 'base').as_posix()}"
        """)
    path = write("r/norms.yaml", "kind: targets\nid: norms\ntitle: N\n"
                                 "targets: {teachers_per_methodist: не более 1}\n")
    report = spec_errors(path.parent)
    assert ("norms.yaml:2:5: id: плановые значения «norms»: такой id уже есть в базовом наборе"
            in report)
    assert "base/targets.yaml:2:5; чтобы заменить, укажите overrides: true" in report


def test_a_duplicate_within_one_rule_set_names_both_places(write: Write) -> None:
    write("r/a.yaml", "kind: dataset\nid: t\ntitle: A\ncolumns: {a: {type: string}}\n")
    path = write("r/b.yaml", "kind: dataset\nid: t\ntitle: B\ncolumns: {a: {type: string}}\n")
    report = spec_errors(path.parent)
    assert "b.yaml:2:5: id: набор данных «t»: такой id уже есть в " in report
    assert "a.yaml:2:5" in report


def test_overriding_what_the_base_lacks_suggests_the_near_id(write: Write) -> None:
    write("r/ruleset.yaml", f"""
        kind: ruleset
        id: r
        title: R
        extends: "{(OVERLAY / 'base').as_posix()}"
        """)
    path = write("r/norms.yaml", "kind: targets\nid: norm\noverrides: true\ntitle: N\n"
                                 "targets: {teachers_per_methodist: не более 1}\n")
    report = spec_errors(path.parent)
    assert ("norms.yaml:2:5: id: плановые значения «norm»: стоит overrides: true, но в "
            "базовых наборах правил такого id нет (возможно, имелось в виду «norms»?)") in report


def test_overriding_a_refused_base_spec_reports_only_the_refusal(write: Write) -> None:
    write("base/t.yaml", "kind: targets\nid: norms\ntitle: N\ntargets: 5\n")
    write("r/ruleset.yaml", "kind: ruleset\nid: r\ntitle: R\nextends: ../base\n")
    path = write("r/t.yaml", "kind: targets\nid: norms\noverrides: true\ntitle: N\n"
                             "targets: {x: не более 1}\n")
    report = spec_errors(path.parent)
    assert "base/t.yaml:4:10: targets:" in report and "overrides: true" not in report


def test_overrides_without_extends_is_an_error(write: Write) -> None:
    path = write("r/t.yaml", "kind: indicator\nid: t\noverrides: true\ntitle: T\nunit: number\n"
                             "variables: {A: {count: d}}\nformula: A\n")
    assert "t.yaml:3:12: overrides: показатель «t»: стоит overrides: true, но набор " \
        "правил ничего не расширяет" in spec_errors(path.parent)


def test_a_cycle_of_extends_names_the_chain(write: Write, tmp_path: Path) -> None:
    write("a/ruleset.yaml", "kind: ruleset\nid: a\ntitle: A\nextends: ../b\n")
    write("b/ruleset.yaml", "kind: ruleset\nid: b\ntitle: B\nextends: ../c\n")
    write("c/ruleset.yaml", "kind: ruleset\nid: c\ntitle: C\nextends: ../a/ruleset.yaml\n")
    write("a/t.yaml", "kind: targets\nid: t\ntitle: T\ntargets: {x: не менее 1}\n")
    report = spec_errors(tmp_path / "a")
    assert "c/ruleset.yaml:4:10: extends: наборы правил расширяют друг друга по кругу" in report
    chain = " → ".join(str(tmp_path / name) for name in "abca")
    assert chain in report and report.count("по кругу") == 1
    # The rest is still checked.
    assert "t.yaml:4:11: targets.x: неизвестный показатель «x»" in report


def test_a_missing_base_is_located(write: Write) -> None:
    path = write("r/ruleset.yaml", "kind: ruleset\nid: r\ntitle: R\nextends: ../bse\n")
    assert ("ruleset.yaml:4:10: extends: базовый набор правил «../bse» (extends) не найден"
            in spec_errors(path.parent))


def test_extends_and_overrides_are_checked_by_the_schema(write: Write) -> None:
    path = write("r/ruleset.yaml", "kind: ruleset\nid: r\ntitle: R\nextends: [a]\n"
                                   "indicators: [Bad]\n")
    report = spec_errors(path.parent)
    assert "ruleset.yaml:4:10: extends" in report and "ruleset.yaml:5:14: indicators[0]" in report


# -- command line -------------------------------------------------------------------------


def test_report_without_the_unchosen_datasets_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--rules", str(OVERLAY / "base"), "--data",
                                       str(OVERLAY / "data"), "--format", "json",
                                       "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.stderr
    body = (tmp_path / "out.json").read_text("utf-8")
    # The provenance lists every spec file read (event_count.yaml too); the rest does not.
    document = json.loads(body)
    del document["provenance"]
    reported = json.dumps(document, ensure_ascii=False)
    assert "methodist_share" in reported and "event_count" not in reported


def test_validate_counts_the_files_not_chosen() -> None:
    result = CliRunner().invoke(main, ["validate", str(OVERLAY / "base")])
    assert result.exit_code == 0 and "файлов: 8" in result.stderr


def test_report_on_an_overlay_without_the_unchosen_datasets_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--rules", str(OVERLAY / "region"), "--data",
                                       str(OVERLAY / "data"), "--format", "json",
                                       "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.stderr
    body = (tmp_path / "out.json").read_text("utf-8")
    # The provenance lists every spec file read (event_count.yaml too); the rest does not.
    document = json.loads(body)
    del document["provenance"]
    reported = json.dumps(document, ensure_ascii=False)
    assert "норма региона" in reported and "event_count" not in reported


def test_validate_counts_every_file_of_an_overlay() -> None:
    result = CliRunner().invoke(main, ["validate", str(OVERLAY / "region")])
    assert result.exit_code == 0 and "файлов: 12" in result.stderr


# -- the base rule set of order 908/1 ------------------------------------------------------

ORDER_908 = ROOT / "rules" / "order-908-1"


def test_the_908_1_base_computes_its_six_indicators() -> None:
    rules = mayak.load(ORDER_908)
    assert len(rules.indicators) == 6 and not rules.targets
    young = {"role": "педагог", "age": 30, "experience_years": 2}
    workforce = pl.DataFrame([
        {"person_id": "1", "role": "педагог", "diagnosed": "да", "has_iom": "да",
         "frdpp_course": "да", "age": 50, "experience_years": 20, "supported": "нет"},
        {"person_id": "2", "role": "руководитель", "diagnosed": "да", "has_iom": "нет",
         "frdpp_course": "нет", "age": 45, "experience_years": 15, "supported": "нет"},
        {"person_id": "3", **young, "diagnosed": "нет", "has_iom": "нет",
         "frdpp_course": "нет", "supported": "да"},
        {"person_id": "4", **young, "diagnosed": "нет", "has_iom": "нет",
         "frdpp_course": "нет", "supported": "нет"},
    ])
    teams = pl.DataFrame({"organisation": ["a", "b", "c", "d"],
                          "quality_training": ["да", "нет", "нет", "нет"]})
    programs = pl.DataFrame({"program": ["p", "q"], "in_frdpp": ["да", "нет"]})
    result = rules.evaluate({"workforce": workforce, "management_teams": teams,
                             "dpo_programs": programs})
    assert {name: result.value(name) for name in rules.indicators} == {
        "diagnosed_share": 50.0, "iom_share": 25.0, "frdpp_course_share": pytest.approx(33.3),
        "management_training_share": 25.0, "young_support_share": 50.0,
        "frdpp_program_share": 50.0}


def test_kaliningrad_on_the_908_1_base_reports_as_before(write: Write) -> None:
    chosen = list(mayak.load(KALININGRAD_RULES).indicators)
    rules = write("r/ruleset.yaml", f"""
        kind: ruleset
        id: kaliningrad-on-base
        title: Калининградская область на базовом наборе приказа № 908/1
        extends: "{ORDER_908.as_posix()}"
        include: ["{KALININGRAD_RULES.as_posix()}"]
        indicators: [{", ".join(chosen)}]
        """)
    overlay = mayak.load(rules.parent)
    assert list(overlay.indicators) == chosen
    assert "workforce" not in overlay.datasets  # only the base's indicators read it
    own = mayak.load(KALININGRAD_RULES).evaluate_folder(KALININGRAD_DATA, levels="municipality")
    based = overlay.evaluate_folder(KALININGRAD_DATA, levels="municipality")
    assert based.indicators.equals(own.indicators)
    assert based.recommendations.equals(own.recommendations)
