"""Specs that used to crash, hang or pass wrongly: paths, characters, contradictions,
knock-on errors."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import mayak
import pytest
from click.testing import CliRunner
from mayak import _load as _loader
from mayak.files import _paths
from mayak.files._write import display_path
from mayak.messages._problems import DataError, Problem
from mayak.spec._yaml import read_yaml
from mayak_cli import main

from tests.conftest import KALININGRAD_DATA, KALININGRAD_RULES, MALFORMED, write_period_indicator

Write = Callable[[str, str], Path]

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def spec_errors(*paths: Path | str) -> str:
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(list(paths))
    return caught.value.render("ru")


def ruleset_including(write: Write, *targets: str) -> None:
    listed = ", ".join(f'"{t}"' for t in targets)
    write("rules/ruleset.yaml", f"kind: ruleset\nid: r\ntitle: R\ninclude: [{listed}]\n")


# -- paths: links, devices, FIFOs, bounded walks ----------------------------------------------


def test_symlink_loop_given_as_spec_path_is_named(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert "по кругу" in spec_errors(tmp_path / "a")


def test_symlink_loop_inside_a_rules_folder_is_named(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.yaml").symlink_to(rules / "b.yaml")
    (rules / "b.yaml").symlink_to(rules / "a.yaml")
    report = spec_errors(MALFORMED / "_base", rules)
    assert "a.yaml: ярлыки" in report and "по кругу" in report


def test_a_folder_linked_into_itself_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "base").symlink_to(MALFORMED / "_base")
    (tmp_path / "again").symlink_to(tmp_path)  # a cycle through the folder itself
    rules = mayak.load(tmp_path)
    assert set(rules.indicators) == {"share"}


def test_include_of_a_device_is_refused_with_its_place(write: Write, tmp_path: Path) -> None:
    ruleset_including(write, "/dev/null")
    report = spec_errors(tmp_path / "rules")
    assert "ruleset.yaml:4:12: include[0]: подключаемый путь «/dev/null»" in report
    assert "устройство" in report


@needs_fifo
def test_include_of_a_fifo_is_refused_not_waited_on(write: Write, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    ruleset_including(write, "../pipe.yaml")
    assert "канал (FIFO)" in spec_errors(tmp_path / "rules")


@needs_fifo
def test_fifo_inside_a_rules_folder_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    report = spec_errors(MALFORMED / "_base", tmp_path)
    assert "pipe.yaml: это канал (FIFO)" in report


def test_include_of_the_disk_root_is_refused(write: Write, tmp_path: Path) -> None:
    ruleset_including(write, "/", "../" * 60)
    report = spec_errors(tmp_path / "rules")
    assert report.count("корень диска") == 2


def test_include_of_its_own_folder_or_an_ancestor_loads_each_file_once(
        write: Write, tmp_path: Path) -> None:
    write("rules/base/share.yaml", (MALFORMED / "_base" / "share.yaml").read_text("utf-8"))
    write("rules/base/teachers.yaml", (MALFORMED / "_base" / "teachers.yaml").read_text("utf-8"))
    ruleset_including(write, ".", "..", "base", "./ruleset.yaml")
    rules = mayak.load(tmp_path / "rules")
    assert len(rules.files) == 3  # no "already declared" from loading a file twice


def test_include_cycle_between_two_manifests(write: Write, tmp_path: Path) -> None:
    write("a/r.yaml", "kind: ruleset\nid: ra\ntitle: A\ninclude: [../b]\n")
    write("b/r.yaml", "kind: ruleset\nid: rb\ntitle: B\ninclude: [../a]\n")
    assert set(mayak.load(tmp_path / "a").manifests) == {"ra", "rb"}


def test_a_huge_folder_is_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_paths, "MAX_ENTRIES", 5)
    for n in range(10):
        (tmp_path / f"f{n}.txt").write_text("x")
    assert "слишком много файлов" in spec_errors(tmp_path)


def test_a_deep_folder_is_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_paths, "MAX_DEPTH", 2)
    deep = tmp_path / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    (deep / "x.yaml").write_text("kind: x\n")
    assert "глубже" in spec_errors(MALFORMED / "_base", tmp_path)


def test_spec_size_is_checked_before_reading(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setattr(_loader, "MAX_SPEC_BYTES", 10)
    (tmp_path / "big.yaml").write_text("kind: dataset\nid: big\n")
    assert "это не похоже на спецификацию" in spec_errors(tmp_path)


def test_a_data_file_given_or_included_as_a_spec(write: Write, tmp_path: Path) -> None:
    ruleset_including(write, str(KALININGRAD_DATA / "teachers.csv"))
    report = spec_errors(tmp_path / "rules", KALININGRAD_DATA / "applications.xlsx")
    assert report.count("это не файл спецификации") == 2


def test_utf16_spec_is_read_and_cp1251_is_named_with_its_line(tmp_path: Path) -> None:
    body = (MALFORMED / "_base" / "teachers.yaml").read_text("utf-8")
    (tmp_path / "teachers.yaml").write_bytes(body.encode("utf-16"))
    (tmp_path / "share.yaml").write_bytes(
        (MALFORMED / "_base" / "share.yaml").read_bytes().replace(b"\r\n", b"\n"))
    assert set(mayak.load(tmp_path).datasets) == {"teachers"}
    (tmp_path / "share.yaml").write_bytes("kind: indicator\nid: s\ntitle: Доля\n".encode("cp1251"))
    assert "share.yaml:3:1: файл не в кодировке UTF-8" in spec_errors(tmp_path)


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    for name in ("share.yaml", "teachers.yaml"):
        body = (MALFORMED / "_base" / name).read_text("utf-8").replace("\n", "\r\n")
        (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert set(mayak.load(tmp_path).indicators) == {"share"}


def test_file_names_that_are_not_utf8_are_shown_printably() -> None:
    assert display_path(Path("/tmp/x\udcff.yaml")) == "/tmp/x\\xff.yaml"


@pytest.fixture(scope="module")
def kaliningrad() -> mayak.Ruleset:
    return mayak.load(KALININGRAD_RULES)


def test_data_folder_that_is_a_symlink_loop(kaliningrad: mayak.Ruleset, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(DataError, match="по кругу"):
        kaliningrad.read(tmp_path / "a")


@needs_fifo
def test_data_file_that_is_a_fifo_is_refused(kaliningrad: mayak.Ruleset, tmp_path: Path) -> None:
    for source in KALININGRAD_DATA.iterdir():
        if source.name != "teachers.csv":
            (tmp_path / source.name).symlink_to(source)
    os.mkfifo(tmp_path / "teachers.csv")
    with pytest.raises(DataError) as caught:
        kaliningrad.read(tmp_path)
    assert "teachers.csv: это канал (FIFO)" in caught.value.render("ru")


@needs_fifo
def test_applications_that_are_a_device_or_a_fifo(kaliningrad: mayak.Ruleset,
                                                  tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "applications.xlsx")
    for path in (Path("/dev/null"), tmp_path / "applications.xlsx"):
        with pytest.raises(DataError, match=r"устройство|канал"):
            kaliningrad.screen(path)


def test_broken_link_as_data_file(kaliningrad: mayak.Ruleset, tmp_path: Path) -> None:
    (tmp_path / "applications.xlsx").symlink_to(tmp_path / "gone.xlsx")
    with pytest.raises(DataError, match="несуществующее место"):
        kaliningrad.screen(tmp_path / "applications.xlsx")


# -- characters that must not reach an output -------------------------------------------------


def test_surrogates_from_escapes_are_refused_at_load_not_at_output(tmp_path: Path) -> None:
    (tmp_path / "i.yaml").write_text('kind: indicator\nid: i\ntitle: "\\udcff"\nunit: number\n'
                                     'variables: {A: {count: teachers}}\nformula: A\n')
    result = CliRunner().invoke(main, ["validate", str(MALFORMED / "_base"), str(tmp_path)])
    assert result.exit_code == 2
    assert "i.yaml:3:8: title: «\\uDCFF» — не символ" in result.stderr


@pytest.mark.parametrize(("source", "code"), [
    ('"\\ud835": x\n', "yaml.surrogate"),  # in a key, too
    ('a: "x\\ud835\\udc19"\n', "yaml.surrogate_pair"),
    ('a: "\\0"\n', "yaml.control_char"),
    ('a: "\\x1b[31m"\n', "yaml.control_char"),
    ('a: "\\r"\n', "yaml.control_char"),
    ('a: "\\x85"\n', "yaml.control_char"),
    ("a: b\u202ec\n", "yaml.bidi_char"),
    ("a:\n  b\u2066: 1\n", "yaml.bidi_char"),
])
def test_characters_that_must_not_reach_outputs(source: str, code: str) -> None:
    problem = read_yaml("f.yaml", source)
    assert isinstance(problem, Problem) and problem.code == code
    problem.render("ru").encode("utf-8")  # the message itself is printable


def test_tabs_line_breaks_and_real_astral_characters_are_fine() -> None:
    document = read_yaml("f.yaml", 'a: "x\\ty\\nz"\nb: "\U0001d419"\nc: "\\U0001D419"\n')
    assert not isinstance(document, Problem)
    assert document.data == {"a": "x\ty\nz", "b": "\U0001d419", "c": "\U0001d419"}


# -- knock-on errors: the cause first, the consequences not reported as unknown ---------------


def base_and(tmp_path: Path) -> str:
    return spec_errors(MALFORMED / "_base", tmp_path)


def staff_counted(write: Write, tmp_path: Path, *, kind: str, column_type: str) -> str:
    """The errors of a dataset «staff» (its kind and its column's type as given) and of an
    indicator counting its rows."""
    write("staff.yaml", f"kind: {kind}\nid: staff\ntitle: S\n"
                        f"columns: {{x: {{type: {column_type}}}}}\n")
    write("i.yaml", "kind: indicator\nid: i\ntitle: I\nunit: number\n"
                    "variables: {A: {count: staff, where: x}}\nformula: A\n")
    return base_and(tmp_path)


def test_refused_dataset_is_not_reported_as_unknown_elsewhere(write: Write,
                                                              tmp_path: Path) -> None:
    report = staff_counted(write, tmp_path, kind="dataset", column_type="bool")
    assert "неизвестный набор данных" not in report
    cause = report.index("staff.yaml:4:21: columns.x.type: значение «bool» недопустимо")
    note = report.index("staff.yaml:2:5: id: файл не принят из-за ошибок выше, поэтому "
                        "ссылки на «staff» не проверены (")
    assert cause < note and "i.yaml" in report[note:]


def test_refused_indicator_is_not_unknown_in_targets_or_formulas(write: Write,
                                                                 tmp_path: Path) -> None:
    write("i.yaml", "kind: indicator\nid: i\ntitle: I\nunit: procent\n"
                    "variables: {A: {count: teachers}}\nformula: A\n")
    write("j.yaml", "kind: indicator\nid: j\ntitle: J\nunit: number\n"
                    "variables: {B: {count: teachers}}\nformula: B + i\n")
    write("t.yaml", "kind: targets\nid: t\ntitle: T\ntargets: {i: не менее 1}\n")
    report = base_and(tmp_path)
    assert "неизвестный показатель" not in report and "неизвестное имя" not in report
    assert "ссылки на «i» не проверены" in report
    assert report.count("Найдено") == 0 and len(report.splitlines()) == 2


def test_a_file_its_yaml_refuses_is_not_unknown_elsewhere(write: Write, tmp_path: Path) -> None:
    write("i.yaml", "kind: indicator\nid: i\ntitle: I\n\tunit: number\n")  # a tab
    write("t.yaml", "kind: targets\nid: t\ntitle: T\ntargets: {i: не менее 1}\n")
    report = base_and(tmp_path)
    assert "i.yaml:4:1: ошибка синтаксиса YAML: табуляция" in report
    assert "неизвестный показатель" not in report
    assert "i.yaml:2:1: id: файл не принят из-за ошибок выше, поэтому ссылки на «i»" in report


def test_a_misspelt_kind_is_taken_for_the_kind_it_is_closest_to(write: Write,
                                                                 tmp_path: Path) -> None:
    report = staff_counted(write, tmp_path, kind="datset", column_type="boolean")
    assert "неизвестный вид спецификации «datset» (возможно, имелось в виду «dataset»?)" in report
    assert "неизвестный набор данных" not in report and "ссылки на «staff»" in report


def test_refused_targets_leave_the_uses_of_planned_unchecked(write: Write,
                                                             tmp_path: Path) -> None:
    write("t.yaml", "kind: targets\nid: t\ntitle: T\ntargets:\n"
                    "  share:\n    planned: не менее 5\n    published: 180,5\n")
    write("r.yaml", """
        kind: recommendations
        id: r
        title: R
        indicator: share
        level: total
        audience: КИРО
        rules:
          - {id: low, when: value < planned, text: мало}
    """)
    report = base_and(tmp_path)
    assert "«180,5» YAML читает как текст — напишите 180.5" in report
    assert "нет планового значения" not in report and "ссылки на «share» не проверены" in report


def test_a_derived_column_with_an_error_gives_no_type_error_where_used(
        write: Write, tmp_path: Path) -> None:
    write("d.yaml", "kind: dataset\nid: d\ntitle: D\ncolumns: {age: {type: number}}\n"
                    "derive: {young: agee < 35}\n")
    write("i.yaml", "kind: indicator\nid: i\ntitle: I\nunit: number\n"
                    "variables: {Y: {count: d, where: young}}\nformula: Y\n")
    report = base_and(tmp_path)
    assert "derive.young: неизвестное имя «agee» (возможно, имелось в виду «age»?)" in report
    assert "variables.Y.where: столбец «young» не вычисляется" in report
    assert "да/нет" not in report


def test_a_base_rule_set_not_found_leaves_what_it_would_declare_unchecked(
        write: Write, tmp_path: Path) -> None:
    write("rules/ruleset.yaml", "kind: ruleset\nid: r\ntitle: R\nextends: ../bse\n"
                                "indicators: [share, own]\n")
    write("rules/own.yaml", "kind: indicator\nid: own\ntitle: O\nunit: number\n"
                            "variables: {N: {count: teachers}}\nformula: N\n")
    write("rules/share.yaml", "kind: indicator\nid: share\ntitle: S\nunit: number\n"
                              "overrides: true\nvariables: {N: {count: teachers}}\nformula: N\n")
    report = spec_errors(tmp_path / "rules")
    assert "extends: базовый набор правил «../bse» (extends) не найден" in report
    assert "базовый набор правил не прочитан, поэтому ссылки на «teachers» не проверены" in report
    assert "неизвестный" not in report and "overrides" not in report
    assert len(report.splitlines()) == 2


def test_a_report_level_is_not_judged_on_refused_datasets(write: Write, tmp_path: Path) -> None:
    write("staff.yaml", "kind: dataset\nid: staff\ntitle: S\ncolumns: {x: {type: bool}}\n")
    write("i.yaml", "kind: indicator\nid: i\ntitle: I\nunit: number\n"
                    "variables: {A: {count: staff}}\nformula: A\n")
    write("report.yaml", """
        kind: report
        id: rep
        title: Отчёт
        sections:
          - {type: indicators, indicators: [i], level: district}
    """)
    report = base_and(tmp_path)
    assert "не считаются на уровне" not in report and "()" not in report


def test_expressions_of_a_file_with_a_schema_error_are_checked_in_the_same_run(
        write: Write, tmp_path: Path) -> None:
    write("i.yaml", """
        kind: indicator
        id: i
        title: I
        unit: procent
        variables:
          A: {count: teachers, where: rma_membr}
          B: {count: teachers, sum: teachers}
          C: {count: teachers, wher: x, where: experience > 'x'}
        formula: A + B + C + D
    """)
    report = base_and(tmp_path)
    assert "unit: значение «procent» недопустимо" in report
    assert "variables.A.where: неизвестное имя «rma_membr»" in report
    assert "variables.C.where:" in report  # a number compared with text
    assert "formula: неизвестное имя «D»" in report
    assert "«B»" not in report  # refused by the schema, but still a known name


def test_admission_with_a_schema_error_still_gets_its_rules_checked(write: Write,
                                                                    tmp_path: Path) -> None:
    write("a.yaml", """
        kind: admission
        id: pool
        title: Отбор
        dataset: teachers
        colour: red
        criteria:
          - {id: K1, title: Стаж, rule: experiense >= 5}
          - {id: K2, rule: experience >= 1}
        decision: all
    """)
    write("i.yaml", "kind: indicator\nid: i\ntitle: I\nunit: number\n"
                    "variables: {A: {count: pool, where: outcome == 'admitted'}}\nformula: A\n")
    report = base_and(tmp_path)
    assert "colour: неизвестное поле" in report
    assert "criteria[1]: не хватает обязательного поля «title»" in report
    assert "criteria[0].rule: неизвестное имя «experiense»" in report
    assert "неизвестный набор данных" not in report
    assert "ссылки на «pool» не проверены (" in report


def test_recommendations_with_a_schema_error_still_get_their_rules_checked(
        write: Write, tmp_path: Path) -> None:
    write("r.yaml", """
        kind: recommendations
        id: rec
        title: Р
        indicator: share
        level: total
        audience: ЦНППМ
        colour: red
        rules:
          - {id: r1, when: valu > 1, text: "{value}"}
    """)
    report = base_and(tmp_path)
    assert "colour: неизвестное поле" in report
    assert "rules[0].when: неизвестное имя «valu»" in report


def test_screening_dataset_built_from_a_refused_dataset(write: Write, tmp_path: Path) -> None:
    write("apps.yaml", "kind: dataset\nid: apps\ntitle: A\ncolumns: {x: {type: bool}}\n")
    write("a.yaml", "kind: admission\nid: pool\ntitle: P\ndataset: apps\n"
                    "criteria: [{id: K1, title: T, rule: x}]\ndecision: all\n")
    write("i.yaml", "kind: indicator\nid: i\ntitle: I\nunit: number\n"
                    "variables: {A: {count: pool}}\nformula: A\n")
    report = base_and(tmp_path)
    assert "неизвестный набор данных" not in report
    assert "«apps»" in report.splitlines()[-1] and "«pool»" in report.splitlines()[-1]


def test_period_of_a_refused_targets_file_is_not_reported_missing(write: Write,
                                                                 tmp_path: Path) -> None:
    write_period_indicator(write)
    write("t.yaml", "kind: targets\nid: t\ntitle: T\nperiod: 2023\ncolour: red\n"
                    "targets: {i: не менее 1}\n")
    report = spec_errors(tmp_path)
    # The period may come from the command (--period): a spec using it is not an error.
    assert "«period»" not in report and "не указан" not in report
    assert "colour" in report


def test_kind_written_as_a_list_is_a_type_error(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text("kind: [dataset]\nid: d\n")
    assert "d.yaml:1:7: kind: ожидается текст, а записано список" in spec_errors(tmp_path)


def test_empty_text_and_empty_mapping_are_not_called_empty_lists(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text('kind: dataset\nid: d\ntitle: ""\ncolumns: {}\n')
    report = spec_errors(tmp_path)
    assert "d.yaml:3:9: title: текст не может быть пустым" in report
    assert "columns: здесь нужен хотя бы один элемент" in report
    assert "список" not in report


@pytest.mark.parametrize("columns", [
    "  1: {type: string}\n",
    "  null: {type: string}\n  true: {type: string}\n  1.5: {type: string}\n",
    "  &x a: {type: string}\n  b: {type: string, title: *x}\n",
    "  a: {type: string}\n  ? [x, y]\n  : {type: string}\n",
])
def test_odd_mapping_keys_never_crash(tmp_path: Path, columns: str) -> None:
    (tmp_path / "d.yaml").write_text(f"kind: dataset\nid: d\ntitle: D\ncolumns:\n{columns}")
    try:
        mayak.load(tmp_path)
    except mayak.SpecError as exc:
        assert all(p.location and p.location.line for p in exc.problems)


def test_yml_and_yaml_with_the_same_id(tmp_path: Path) -> None:
    body = (MALFORMED / "_base" / "teachers.yaml").read_text("utf-8")
    (tmp_path / "teachers.yml").write_text(body, "utf-8")
    assert "teachers.yml:2:5: id: набор данных «teachers»: такой id уже есть" in spec_errors(
        MALFORMED / "_base", tmp_path)


def test_a_refused_mapping_gives_no_knock_on_unknown_names(tmp_path: Path) -> None:
    (tmp_path / "i.yaml").write_text("kind: indicator\nid: i\ntitle: I\nunit: number\n"
                                     "variables: [A]\nformula: A\n")
    (tmp_path / "a.yaml").write_text("kind: admission\nid: p\ntitle: P\ndataset: teachers\n"
                                     "derive: [x]\ncriteria: [{id: K1, title: T, rule: x}]\n"
                                     "decision: all\n")
    report = base_and(tmp_path)
    assert "неизвестное имя" not in report
    assert "variables: ожидается словарь" in report and "derive: ожидается словарь" in report


def test_missing_variables_give_no_knock_on_in_the_formula(tmp_path: Path) -> None:
    (tmp_path / "i.yaml").write_text("kind: indicator\nid: i\ntitle: I\nunit: number\n"
                                     "formula: A\n")
    report = base_and(tmp_path)
    assert "«variables»" in report and "неизвестное имя" not in report


def test_a_missing_field_leaves_the_rest_of_the_file_checked(write: Write,
                                                             tmp_path: Path) -> None:
    # A missing title refuses the file, but its formula is still checked in the same run.
    write("i.yaml", "kind: indicator\nid: i\nunit: number\n"
                    "variables: {N: {count: teachers}}\nformula: M + 1\n")
    report = base_and(tmp_path)
    assert "не хватает обязательного поля «title»" in report
    assert "неизвестное имя «M»" in report


def test_refused_recommendations_give_no_false_repeated_rule_id(write: Write,
                                                                tmp_path: Path) -> None:
    write("r.yaml", """
        kind: recommendations
        id: r
        indicator: share
        level: total
        audience: КИРО
        rules:
          - {id: low, when: value < 1, text: мало}
          - {id: high, when: value > 99, text: много}
    """)
    report = base_and(tmp_path)
    assert report.count("не хватает обязательного поля «title»") == 1
    assert "уже есть" not in report and len(report.splitlines()) == 1


def test_each_missing_field_is_said_once(write: Write, tmp_path: Path) -> None:
    write("i.yaml", "kind: indicator\nvariables: {N: {count: teachers}}\nformula: N\n")
    report = base_and(tmp_path)
    for field in ("id", "title", "unit"):
        assert report.count(f"не хватает обязательного поля «{field}»") == 1
