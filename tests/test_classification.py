"""Classifications: classes over bins of a (rounded) value or by an attribute's values, one
class per unit and period; the warnings (two classes, no class, unknown value, an empty
class, a changed class); the class column as a level, in a ``where`` and taken by
``lookup``; the gaps, overlaps and forms refused at validate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest

Write = Callable[[str, str], Path]

MMS = """
    kind: dataset
    id: mms
    title: Методические службы
    key: municipality
    period: year
    columns:
      municipality: {type: string, title: МО, required: true}
      year: {type: integer, title: Год}
      settlement_type: {type: string, title: Тип территории}
      teachers: {type: integer, title: Педагогов}
      methodists: {type: integer, title: Методистов}
"""
BINS = """
    kind: classification
    id: provision
    title: Обеспеченность методистами
    dataset: mms
    value: teachers / methodists
    {round}
    classes:
      - {{id: до 60, to: 60}}
      - {{id: 61–120, from: 61, to: 120}}
      - {{id: 121 и более, from: 121}}
"""
ATTRIBUTE = """
    kind: classification
    id: settlement
    title: Тип территории
    dataset: mms
    attribute: settlement_type
    classes:
      - {id: городские, values: [Городской округ]}
      - {id: сельские, values: [муниципальный округ]}
      - {id: удалённые, values: [удалённый округ]}
"""


def _frame(rows: list[tuple[str, int, str | None, int | None, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"municipality": pl.String, "year": pl.Int64,
                                      "settlement_type": pl.String, "teachers": pl.Int64,
                                      "methodists": pl.Int64}, orient="row")


def _rules(write: Write, tmp_path: Path, round_: str = "round: floor",
           extra: dict[str, str] | None = None) -> mayak.Ruleset:
    write("mms.yaml", MMS)
    write("provision.yaml", BINS.format(round=round_))
    write("settlement.yaml", ATTRIBUTE)
    for name, body in (extra or {}).items():
        write(name, body)
    return mayak.load(tmp_path)


def _classes(result: mayak.Result, classification: str, period: str = "2023"
             ) -> dict[str, tuple[str | None, str]]:
    rows = result.classes.filter((pl.col("classification") == classification)
                                 & (pl.col("period") == period))
    return {r["unit"]: (r["class"], r["status"]) for r in rows.iter_rows(named=True)}


def _codes(result: mayak.Result) -> list[str]:
    return [p.code for p in result.problems]


def _one(result: mayak.Result, code: str, title: str = "Обеспеченность методистами"
         ) -> mayak.Problem:
    [problem] = [p for p in result.problems
                 if p.code == code and p.params.get("classification") == title]
    return problem


# Rows of an in-memory frame are numbered from 1.
ROWS = [("Альфа", 2023, "городской округ", 121, 2),   # 60.5 -> floor 60
        ("Бета", 2023, "муниципальный округ", 240, 2),  # 120
        ("Гамма", 2023, "удалённый округ", 605, 5)]    # 121


def test_bins_with_round_floor(write: Write, tmp_path: Path) -> None:
    result = _rules(write, tmp_path).evaluate({"mms": _frame(ROWS)}, period=2023)
    assert _classes(result, "provision") == {
        "Альфа": ("до 60", "classed"), "Бета": ("61–120", "classed"),
        "Гамма": ("121 и более", "classed")}
    assert not [c for c in _codes(result) if c.startswith("class.")]


def test_without_round_a_value_between_bins_is_classed(write: Write, tmp_path: Path) -> None:
    # Without round, 60 / 61 is refused (test_a_gap_without_round_suggests_round); bins closed
    # by `above: 60` take 60.5 unrounded, with no «no class» warning.
    write("mms.yaml", MMS)
    write("provision.yaml", """
        kind: classification
        id: provision
        title: Обеспеченность методистами
        dataset: mms
        value: teachers / methodists
        classes:
          - {id: до 60, to: 60}
          - {id: больше 60, above: 60}
    """)
    result = mayak.load(tmp_path).evaluate({"mms": _frame(ROWS)}, period=2023)
    assert _classes(result, "provision")["Альфа"] == ("больше 60", "classed")
    assert "class.no_class" not in _codes(result)


def test_attribute_ignores_case_and_edge_spaces(write: Write, tmp_path: Path) -> None:
    rows = [("Альфа", 2023, "  ГОРОДСКОЙ округ ", 10, 1), ("Бета", 2023, "муниципальный округ",
                                                           10, 1),
            ("Гамма", 2023, "Удалённый Округ", 10, 1)]
    result = _rules(write, tmp_path).evaluate({"mms": _frame(rows)}, period=2023)
    assert _classes(result, "settlement") == {
        "Альфа": ("городские", "classed"), "Бета": ("сельские", "classed"),
        "Гамма": ("удалённые", "classed")}


def test_attribute_of_a_category_column_classes_as_its_text_would(write: Write,
                                                                  tmp_path: Path) -> None:
    # A category column's values are classed once, not cell by cell: the classes must be
    # those the same cells get in a text column (case, spaces, a synonym, a marker, a value
    # no class lists). A second classification classes by the first one's class column.
    rows = [("Альфа", 2023, " ГОРОДСКОЙ ОКРУГ", 10, 1), ("Бета", 2023, "мун. округ", 10, 1),
            ("Гамма", 2023, "удалённый округ", 10, 1), ("Дельта", 2023, "н/д", 10, 1),
            ("Эпсилон", 2023, "Посёлок", 10, 1), ("Дзета", 2023, None, 10, 1)]
    remote = """
        kind: classification
        id: remote
        title: Удалённость
        dataset: mms
        attribute: settlement
        classes:
          - {id: удалённые, values: [УДАЛЁННЫЕ]}
          - {id: прочие, values: [городские, сельские]}
    """
    as_text = _rules(write, tmp_path, extra={"remote.yaml": remote}).evaluate(
        {"mms": _frame(rows)}, period=2023)
    write("mms.yaml", MMS.replace(
        "settlement_type: {type: string, title: Тип территории}",
        "settlement_type: {type: category, title: Тип территории, values: [Городской округ,"
        " Муниципальный округ, Удалённый округ, посёлок], synonyms: {мун. округ: "
        "Муниципальный округ}}"))
    as_category = mayak.load(tmp_path).evaluate({"mms": _frame(rows)}, period=2023)
    for name in ("settlement", "remote"):
        # A synonym is a category's spelling, no text of a class: the one difference.
        expected = _classes(as_text, name) | {"Бета": _classes(as_category, name)["Бета"]}
        assert _classes(as_category, name) == expected
    assert _classes(as_text, "settlement")["Бета"] == (None, "no_class")
    assert _classes(as_category, "settlement")["Бета"] == ("сельские", "classed")
    assert _classes(as_category, "remote") == {
        "Альфа": ("прочие", "classed"), "Бета": ("прочие", "classed"),
        "Гамма": ("удалённые", "classed"), "Дельта": (None, "unknown"),
        "Эпсилон": (None, "unknown"), "Дзета": (None, "unknown")}


def test_an_unknown_value_gives_status_unknown(write: Write, tmp_path: Path) -> None:
    rows = [*ROWS, ("Дельта", 2023, None, 50, None)]
    result = _rules(write, tmp_path).evaluate({"mms": _frame(rows)}, period=2023)
    assert _classes(result, "provision")["Дельта"] == (None, "unknown")
    assert _classes(result, "settlement")["Дельта"] == (None, "unknown")
    problem = _one(result, "class.unknown_value")
    assert "«Дельта» (4)" in problem.render("ru")


def test_a_value_listed_nowhere_gives_no_class(write: Write, tmp_path: Path) -> None:
    rows = [*ROWS, ("Дельта", 2023, "посёлок", 50, 1)]
    result = _rules(write, tmp_path).evaluate({"mms": _frame(rows)}, period=2023)
    assert _classes(result, "settlement")["Дельта"] == (None, "no_class")
    problem = _one(result, "class.no_class", "Тип территории")
    assert problem.location is not None and problem.location.row == 4
    assert "«Дельта» (4): посёлок" in problem.render("ru")


def test_two_rows_in_one_period_giving_two_classes(write: Write, tmp_path: Path) -> None:
    rows = [*ROWS, ("Альфа", 2023, "городской округ", 300, 1)]  # 300 -> 121 и более
    result = _rules(write, tmp_path).evaluate({"mms": _frame(rows)}, period=2023)
    assert _classes(result, "provision")["Альфа"] == (None, "two_classes")
    assert _classes(result, "settlement")["Альфа"] == ("городские", "classed")  # one value
    problem = _one(result, "class.two_classes")
    assert problem.severity == "warning"
    assert problem.location is not None and problem.location.row == 1
    assert "«Альфа» (1)" in problem.render("ru")


def test_a_class_with_no_units(write: Write, tmp_path: Path) -> None:
    rows = [r for r in ROWS if r[0] != "Бета"]
    result = _rules(write, tmp_path).evaluate({"mms": _frame(rows)}, period=2023)
    texts = [p.render("ru") for p in result.problems if p.code == "class.empty"]
    assert len(texts) == 2  # 61–120 and сельские, in the reporting period only
    assert any("61–120" in t for t in texts) and any("сельские" in t for t in texts)
    located = [p for p in result.problems if p.code == "class.empty"]
    assert all(p.location is not None and p.location.file.endswith(
        ("provision.yaml", "settlement.yaml")) for p in located)


def test_a_class_changed_between_periods(write: Write, tmp_path: Path) -> None:
    rows = [*ROWS, ("Альфа", 2022, "городской округ", 130, 1),  # 130 -> 121 и более
            ("Бета", 2022, "муниципальный округ", 240, 2), ("Гамма", 2022, "удалённый округ",
                                                            605, 5)]
    result = _rules(write, tmp_path).evaluate({"mms": _frame(rows)}, period=2023,
                                              compare=2022)
    assert _classes(result, "provision", "2022")["Альфа"] == ("121 и более", "classed")
    problem = _one(result, "class.changed")
    text = problem.render("ru")
    assert "«Альфа»: 121 и более → до 60" in text and "Бета" not in text
    assert problem.location is not None and problem.location.file.endswith("provision.yaml")


def test_the_units_whose_class_changed_are_listed_in_row_order(write: Write,
                                                               tmp_path: Path) -> None:
    # Every unit moves from «121 и более» to «до 60»: the message names them as the
    # reporting period's rows list them, the same each run.
    names = [f"МО {n:03d}" for n in range(300, 0, -7)]
    rows = [(name, year, None, 130 if year == 2022 else 10, 1)
            for year in (2022, 2023) for name in names]
    rules = _rules(write, tmp_path)
    for frame in (_frame(rows), _frame(rows).lazy()) * 3:  # a join's order varies by run
        result = rules.evaluate({"mms": frame}, period=2023, compare=2022)
        text = _one(result, "class.changed").render("ru")
        shown = [name for name in names if f"«{name}»" in text]
        assert shown and sorted(shown, key=text.index) == shown == names[:len(shown)]


def test_without_a_compared_period_only_the_reporting_one_is_classed(write: Write,
                                                                    tmp_path: Path) -> None:
    # Альфа is in another class in 2022: not «two classes» when 2022 is not compared.
    rows = [*ROWS, ("Альфа", 2022, "городской округ", 130, 1)]
    result = _rules(write, tmp_path).evaluate({"mms": _frame(rows)}, period=2023)
    assert set(result.classes["period"].to_list()) == {"2023"}
    assert _classes(result, "provision")["Альфа"] == ("до 60", "classed")
    assert not [c for c in _codes(result) if c.startswith("class.")]


INDICATORS = {
    "teachers.yaml": """
        kind: indicator
        id: teachers_total
        title: Педагогов
        unit: number
        variables:
          T: {sum: mms, of: teachers}
        formula: T
    """,
    "rural.yaml": """
        kind: indicator
        id: rural_teachers
        title: Педагогов в сельских округах
        unit: number
        variables:
          T: {sum: mms, of: teachers, where: settlement == "сельские"}
        formula: T
    """,
}


def _values(result: mayak.Result, indicator: str, level: str) -> dict[object, float]:
    rows = result.indicators.filter((pl.col("indicator") == indicator)
                                    & (pl.col("level") == level))
    return dict(zip(rows["key"].to_list(), rows["value"].to_list(), strict=True))


def test_the_class_column_is_a_level_and_usable_in_where(write: Write, tmp_path: Path) -> None:
    rows = [*ROWS, ("Дельта", 2023, "муниципальный округ", 30, 1)]
    frame = _frame(rows)
    rules = _rules(write, tmp_path, extra=INDICATORS)
    result = rules.evaluate({"mms": frame}, period=2023, levels=["provision"])
    # Independent: the classes by hand (floor of teachers / methodists).
    ratio = (pl.col("teachers") / pl.col("methodists")).floor()
    expected = (frame.with_columns(pl.when(ratio <= 60).then(pl.lit("до 60"))
                                   .when(ratio <= 120).then(pl.lit("61–120"))
                                   .otherwise(pl.lit("121 и более")).alias("c"))
                .group_by("c").agg(pl.col("teachers").sum()))
    assert _values(result, "teachers_total", "provision") == pytest.approx(
        dict(zip(expected["c"].to_list(), expected["teachers"].to_list(), strict=True)))
    rural = frame.filter(pl.col("settlement_type") == "муниципальный округ")["teachers"].sum()
    assert [v for k, v in _values(result, "rural_teachers", "total").items()] == [rural]


UNITS_TABLE = {
    "munis.yaml": """
        kind: dataset
        id: munis
        title: Муниципалитеты
        key: municipality
        columns:
          municipality: {type: string, title: МО, required: true}
          kind: {type: string, title: Тип}
    """,
    "munis_kind.yaml": """
        kind: classification
        id: territory
        title: Тип территории по справочнику
        dataset: munis
        attribute: kind
        classes:
          - {id: город, values: [городской округ]}
          - {id: село, values: [муниципальный округ]}
    """,
    "events.yaml": """
        kind: dataset
        id: events
        title: Мероприятия
        columns:
          municipality: {type: string, title: МО}
          participants: {type: integer, title: Участников}
        lookup:
          - dataset: munis
            take: [territory]
    """,
    "participants.yaml": """
        kind: indicator
        id: participants
        title: Участников
        unit: number
        variables:
          P: {sum: events, of: participants}
          V: {sum: events, of: participants, where: territory == "село"}
        formula: P
    """,
}


def test_lookup_takes_the_class_from_a_units_table(write: Write, tmp_path: Path) -> None:
    for name, body in UNITS_TABLE.items():
        write(name, body)
    munis = pl.DataFrame({"municipality": ["Альфа", "Бета", "Гамма"],
                          "kind": ["городской округ", "муниципальный округ",
                                   "муниципальный округ"]})
    events = pl.DataFrame({"municipality": ["Альфа", "Бета", "Гамма", "Гамма"],
                           "participants": [1, 2, 4, 8]})
    result = mayak.load(tmp_path).evaluate({"munis": munis, "events": events},
                                           levels=["territory"])
    kinds = dict(zip(munis["municipality"], munis["kind"], strict=True))
    expected: dict[object, float] = {}
    for unit, people in events.iter_rows():  # a few rows: the reference, not the engine
        key = "город" if kinds[unit] == "городской округ" else "село"
        expected[key] = expected.get(key, 0) + people
    assert _values(result, "participants", "territory") == expected


# --- validate ---------------------------------------------------------------------------

def _refused(write: Write, tmp_path: Path, body: str) -> tuple[str, list[mayak.Problem]]:
    write("mms.yaml", MMS)
    path = write("broken.yaml", body)
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(tmp_path)
    problems = [p for p in caught.value.problems
                if p.location is not None and p.location.file == str(path)]
    assert problems, caught.value.render("ru")
    return caught.value.render("ru"), problems


def _bins(classes: str, round_: str = "") -> str:
    return f"""
        kind: classification
        id: provision
        title: Обеспеченность
        dataset: mms
        value: teachers / methodists
        {round_}
        classes:
{classes}
    """


def _at(problems: list[mayak.Problem], marker: str) -> None:
    """Some problem points at where ``marker`` starts in its file."""
    assert problems[0].location is not None
    lines = Path(problems[0].location.file).read_text("utf-8").splitlines()
    [(line, col)] = [(n, text.index(marker) + 1) for n, text in enumerate(lines, start=1)
                     if marker in text]
    assert any(p.location is not None and (p.location.line, p.location.col) == (line, col)
               for p in problems), ((line, col), [p.location for p in problems])


def test_a_gap_without_round_suggests_round(write: Write, tmp_path: Path) -> None:
    text, problems = _refused(write, tmp_path, _bins(
        "          - {id: до 60, to: 60}\n          - {id: от 61, from: 61}"))
    assert "промежуток" in text and "round: floor" in text and "60" in text
    _at(problems, "{id: от 61")


def test_a_gap_with_round(write: Write, tmp_path: Path) -> None:
    text, problems = _refused(write, tmp_path, _bins(
        "          - {id: до 60, to: 60}\n          - {id: от 62, from: 62}", "round: floor"))
    assert "целое значение 61" in text and "сомкните границы" in text
    _at(problems, "{id: от 62")


def test_an_overlap(write: Write, tmp_path: Path) -> None:
    text, problems = _refused(write, tmp_path, _bins(
        "          - {id: до 60, to: 60}\n          - {id: от 50, from: 50}", "round: floor"))
    assert "пересекаются" in text and "«до 60»" in text and "«от 50»" in text
    _at(problems, "{id: от 50")


def test_a_value_listed_in_two_classes(write: Write, tmp_path: Path) -> None:
    text, problems = _refused(write, tmp_path, """
        kind: classification
        id: settlement
        title: Тип
        dataset: mms
        attribute: settlement_type
        classes:
          - {id: город, values: [городской округ]}
          - {id: село, values: [муниципальный округ, Городской округ]}
    """)
    assert "«Городской округ» уже отнесено к классу «город»" in text
    _at(problems, "Городской округ]")


def test_both_from_and_above(write: Write, tmp_path: Path) -> None:
    text, problems = _refused(write, tmp_path, _bins(
        "          - {id: до 60, to: 60}\n          - {id: выше, from: 61, above: 59}",
        "round: floor"))
    assert "«from» или «above»" in text
    _at(problems, "59}")


def test_an_unknown_attribute_column(write: Write, tmp_path: Path) -> None:
    text, problems = _refused(write, tmp_path, """
        kind: classification
        id: settlement
        title: Тип
        dataset: mms
        attribute: settlement_typ
        classes:
          - {id: город, values: [городской округ]}
    """)
    assert "settlement_typ" in text and "«settlement_type»" in text
    _at(problems, "settlement_typ")


def test_neither_attribute_nor_value(write: Write, tmp_path: Path) -> None:
    text, _ = _refused(write, tmp_path, """
        kind: classification
        id: settlement
        title: Тип
        dataset: mms
        classes:
          - {id: город, values: [городской округ]}
    """)
    assert "либо по признаку (attribute" in text
