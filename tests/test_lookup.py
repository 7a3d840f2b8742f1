"""Units tables (``lookup``) and computed columns (``derive``): joined by key, used as levels
and in conditions, unmatched keys reported and never dropped."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import mayak
import polars as pl
import pytest
from click.testing import CliRunner
from mayak_cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "lookup"
RULES = FIXTURE / "rules"
DATA = FIXTURE / "data"
Write = Callable[[str, str], Path]

UNITS = pl.DataFrame({
    "municipality": ["Гурьевский", "Зеленоградский", "Калининград", "Черняховский"],
    "district": ["Западный", "Западный", "Центральный", "Восточный"],
    "settlement_type": ["село", "село", "город", "город"],
    "teachers_total": [120, 80, 900, 150]})


def _events(municipalities: list[str | None], participants: list[int],
            online: list[bool] | None = None) -> pl.DataFrame:
    return pl.DataFrame({
        "event_id": [f"e{n}" for n in range(len(participants))],
        "municipality": municipalities, "participants": participants,
        "online": online if online is not None else [True] * len(participants)},
        schema_overrides={"municipality": pl.String})


def _values(result: mayak.Result, indicator: str, level: str) -> dict[str | None, float]:
    rows = result.indicators.filter((pl.col("indicator") == indicator)
                                    & (pl.col("level") == level))
    return dict(zip(rows["key"].to_list(), rows["value"].to_list(), strict=True))


def test_the_units_table_is_read_with_the_dataset_that_looks_up_in_it() -> None:
    rules = mayak.load(RULES)
    assert rules.used_datasets() == ["events", "municipalities"]
    assert set(rules.datasets["events"].row_columns) >= {"district", "large", "reach"}
    assert rules.datasets["events"].row_columns["large"].type == "boolean"
    assert rules.datasets["events"].row_columns["reach"].type == "number"
    assert rules.datasets["events"].row_columns["settlement_type"].type == "category"


def test_join_by_key_with_synonyms_case_and_spaces() -> None:
    rules = mayak.load(RULES)
    events = _events(["Гурьевский", "Гурьевский МО", " калининград ", "КАЛИНИНГРАД",
                      "Зеленоградский"], [1, 2, 4, 8, 16])
    result = rules.evaluate({"events": events, "municipalities": UNITS}, levels="district")
    assert _values(result, "participants", "district") == {
        "Западный": 19.0, "Центральный": 12.0}
    assert not [p for p in result.problems if p.code.startswith("lookup.")]


def test_unmatched_keys_are_listed_with_a_hint_and_their_rows_kept() -> None:
    rules = mayak.load(RULES)
    events = _events(["Гурьевский", "Черняховск", "Черняховск", "Неман", None],
                     [1, 2, 4, 8, 16])
    result = rules.evaluate({"events": events, "municipalities": UNITS}, levels="district")
    assert _values(result, "participants", "total") == {None: 31.0}  # no row dropped
    assert _values(result, "participants", "district") == {"Западный": 1.0, None: 30.0}
    found = [p for p in result.problems if p.code.startswith("lookup.unmatched")]
    assert len(found) == 1
    message = found[0].render("ru")
    # a frame's rows are numbered from 1 (a file's from 2, after its header)
    assert "«Черняховск» (2), «Неман» (4)" in message
    assert "«Черняховск» → «Черняховский»" in message
    assert "значений, которых нет в справочнике «municipalities», — 2" in message
    assert "Строки сохранены (3)" in message
    assert found[0].location is not None and found[0].location.row == 2
    assert "«Черняховск» → «Черняховский»" in found[0].render("en")


def test_no_key_found_keeps_every_row_with_its_attributes_unknown() -> None:
    rules = mayak.load(RULES)
    events = _events(["Неман", "Неман", None], [1, 2, 4])
    result = rules.evaluate({"events": events, "municipalities": UNITS}, levels="district")
    total = float(events["participants"].sum())
    assert _values(result, "participants", "total") == {None: total}
    assert _values(result, "participants", "district") == {None: total}
    assert [p.code for p in result.problems if p.code.startswith("lookup.")] == [
        "lookup.unmatched"]


def test_a_repeated_units_key_never_multiplies_the_rows() -> None:
    rules = mayak.load(RULES)
    units = pl.concat([UNITS, pl.DataFrame({
        "municipality": ["калининград "], "district": ["Другой"], "settlement_type": ["село"],
        "teachers_total": [1]})])
    events = _events(["Калининград", "Гурьевский"], [1, 2])
    result = rules.evaluate({"events": events, "municipalities": units}, levels="district")
    assert _values(result, "participants", "district") == {"Западный": 2.0, "Центральный": 1.0}
    repeated = [p for p in result.problems if p.code == "lookup.duplicate_key"]
    assert len(repeated) == 1 and "3, 5" in repeated[0].render("ru")


def test_a_repeated_units_key_is_named_once_however_many_datasets_look_it_up(
        write: Write, tmp_path: Path) -> None:
    for path in RULES.glob("*.yaml"):
        write(f"rules/{path.name}", path.read_text(encoding="utf-8"))
    write("rules/visits.yaml", """
        kind: dataset
        id: visits
        title: Выезды
        columns:
          municipality: {type: string, title: Муниципалитет}
        lookup:
          - dataset: municipalities
            take: [district]
    """)
    write("rules/visit_count.yaml", """
        kind: indicator
        id: visits_count
        title: Выездов
        unit: number
        variables:
          V: {count: visits}
        formula: V
    """)
    rules = mayak.load(tmp_path / "rules")
    units = pl.concat([UNITS, UNITS.head(1)])
    result = rules.evaluate({"events": _events(["Калининград"], [1]), "municipalities": units,
                             "visits": pl.DataFrame({"municipality": ["Гусев"]})})
    repeated = [p for p in result.problems if p.code == "lookup.duplicate_key"]
    assert len(repeated) == 1 and "1, 5" in repeated[0].render("ru")
    # Each dataset still names its own keys the units table lacks.
    assert [p.code for p in result.problems if p.code == "lookup.unmatched"] == [
        "lookup.unmatched"]


def test_grouping_by_a_looked_up_attribute_equals_a_join_by_hand() -> None:
    rules = mayak.load(RULES)
    generator = random.Random(8)
    spellings = ["Гурьевский", "гурьевский", "Гурьевский МО", "Калининград", " Калининград",
                 "Зеленоградский", "Черняховский", "Черняховск", None]
    count = 2000
    events = _events([generator.choice(spellings) for _ in range(count)],
                     [generator.randint(0, 50) for _ in range(count)],
                     [generator.random() < 0.4 for _ in range(count)])
    result = rules.evaluate({"events": events, "municipalities": UNITS},
                            levels=["district", "large"])
    key = pl.col("municipality").str.strip_chars().str.to_lowercase().replace(
        {"гурьевский мо": "гурьевский"})
    joined = events.with_columns(key.alias("_k")).join(
        UNITS.with_columns(pl.col("municipality").str.to_lowercase().alias("_k"))
        .drop("municipality"), on="_k", how="left")
    by_hand = joined.group_by("district").agg(pl.col("participants").sum())
    expected = {k: float(v) for k, v in by_hand.iter_rows()}
    assert _values(result, "participants", "district") == expected
    large = joined.with_columns((pl.col("teachers_total") >= 100).alias("large"))
    shares = (large.filter(pl.col("large").is_not_null()).group_by(pl.col("large").cast(pl.String))
              .agg(pl.when(pl.col("large").sum() > 0).then(
                  ((pl.col("online") & pl.col("large")).sum() / pl.col("large").sum() * 100)
                  .round(1))))
    got = _values(result, "online_share", "large")
    assert {k: got[k] for k in shares["large"]} == dict(shares.iter_rows())
    assert got[None] is None  # the unmatched rows' share is unknown, not a group dropped


def test_a_derived_column_serves_as_a_level_and_in_where() -> None:
    rules = mayak.load(RULES)
    events = _events(["Гурьевский", "Зеленоградский", "Калининград", "Калининград"],
                     [1, 2, 4, 8], [True, True, False, True])
    result = rules.evaluate({"events": events, "municipalities": UNITS}, levels="large")
    assert _values(result, "participants", "large") == {"false": 2.0, "true": 13.0}
    # online and large: Гурьевский (120 teachers) and one Калининград event of three large
    assert _values(result, "online_share", "total") == {None: 66.7}
    assert _values(result, "city_events", "total") == {None: 2.0}


def test_lookup_with_its_own_key_column_and_synonyms(write: Write, tmp_path: Path) -> None:
    write("units.yaml", """
        kind: dataset
        id: units
        title: Units
        key: code
        columns: {code: {type: string}, region: {type: string}}
        """)
    write("facts.yaml", """
        kind: dataset
        id: facts
        title: Facts
        columns: {unit: {type: string}, amount: {type: number}}
        lookup:
          - {dataset: units, on: unit, take: [region], synonyms: {old-a: a1}}
        derive:
          doubled: amount * 2
          big: doubled > 10
        """)
    write("total.yaml", """
        kind: indicator
        id: total
        title: Total
        unit: number
        variables: {S: {sum: facts, of: doubled, where: not big}}
        formula: S
        """)
    rules = mayak.load(tmp_path)
    facts = pl.DataFrame({"unit": ["A1", "old-A", "b2", "c"], "amount": [1.0, 2.0, 4.0, 8.0]})
    units = pl.DataFrame({"code": ["a1", "B2"], "region": ["North", "South"]})
    result = rules.evaluate({"facts": facts, "units": units}, levels="region")
    assert _values(result, "total", "region") == {"North": 6.0, "South": 8.0, None: 0.0}


def test_report_by_a_looked_up_level_on_the_command_line() -> None:
    result = CliRunner().invoke(main, ["report", "--rules", str(RULES), "--data", str(DATA),
                                       "--level", "district"])
    assert result.exit_code == 0, result.stderr
    assert "Округ: Западный" in result.stdout and "Округ: —" in result.stdout
    assert "«Черняховск» → «Черняховский»" in result.stderr
    assert "events.csv: строка 7, столбец «Муниципалитет»" in result.stderr


def test_the_units_file_must_be_there(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_bytes((DATA / "events.csv").read_bytes())
    rules = mayak.load(RULES)
    with pytest.raises(mayak.DataError) as caught:
        rules.evaluate_folder(tmp_path, levels="district")
    assert "municipalities" in caught.value.render("ru")


def test_targets_name_a_looked_up_level_and_a_chosen_indicator_keeps_its_units(
        write: Write, tmp_path: Path) -> None:
    for spec in RULES.iterdir():
        write(f"rules/{spec.name}", spec.read_text("utf-8"))
    write("rules/teachers.yaml", """
        kind: indicator
        id: teachers
        title: Педагогов
        unit: number
        variables: {T: {sum: municipalities, of: teachers_total}}
        formula: T
        """)
    write("rules/targets.yaml", """
        kind: targets
        id: plan
        title: План
        targets:
          participants: {planned: ">= 10", levels: [district]}
        """)
    write("rules/ruleset.yaml", """
        kind: ruleset
        id: r
        title: R
        indicators: [participants]
        """)
    rules = mayak.load(tmp_path / "rules")
    assert list(rules.indicators) == ["participants"]
    assert rules.used_datasets() == ["events", "municipalities"]
    result = rules.evaluate_folder(DATA)
    assert _values(result, "participants", "district") == {
        "Восточный": 8.0, "Западный": 35.0, "Центральный": 70.0, None: 7.0}
    write("rules/targets.yaml", """
        kind: targets
        id: plan
        title: План
        targets:
          participants: {planned: ">= 10", levels: [distrct]}
        """)
    with pytest.raises(mayak.SpecError) as caught:
        mayak.load(tmp_path / "rules")
    assert "(возможно, имелось в виду «district»?)" in caught.value.render("ru")


def test_recommendations_per_looked_up_group(write: Write, tmp_path: Path) -> None:
    for spec in RULES.iterdir():
        write(f"rules/{spec.name}", spec.read_text("utf-8"))
    write("rules/advice.yaml", """
        kind: recommendations
        id: advice
        title: Советы
        indicator: participants
        level: district
        audience: Округам
        rules:
          - {id: few, when: value < 30, text: "Округ «{key}»: мало участников ({value})"}
        """)
    rules = mayak.load(tmp_path / "rules")
    result = rules.evaluate_folder(DATA)
    texts = result.recommendations.get_column("text").to_list()
    assert texts == ["Округ «Восточный»: мало участников (8)"]


def test_a_key_spelt_otherwise_is_one_unit_at_its_level(write: Write, tmp_path: Path) -> None:
    """Two files spelling a municipality differently, one through a synonym, one in other
    case: as a level, each unit is one group, named as the units table names it."""
    write("units.yaml", """
        kind: dataset
        id: units
        title: Муниципалитеты
        key: municipality
        columns:
          municipality: {type: string}
          district: {type: string}
    """)
    for name in ("events", "visits"):
        write(f"{name}.yaml", f"""
            kind: dataset
            id: {name}
            title: {name}
            lookup:
              - {{dataset: units, take: [district], synonyms: {{гурьевский мо: Гурьевский}}}}
            columns:
              municipality: {{type: string}}
        """)
    write("share.yaml", """
        kind: indicator
        id: per_visit
        title: Событий на посещение
        unit: number
        variables: {E: {count: events}, V: {count: visits}}
        formula: E / V
    """)
    units = pl.DataFrame({"municipality": ["Гурьевский", "Светлогорский"],
                          "district": ["Западный", "Западный"]})
    events = pl.DataFrame({"municipality": ["Гурьевский МО", "Гурьевский МО", "Светлогорский"]})
    visits = pl.DataFrame({"municipality": [" гурьевский", "Светлогорский", "СВЕТЛОГОРСКИЙ"]})
    result = mayak.load(tmp_path).evaluate({"units": units, "events": events, "visits": visits},
                                           levels="municipality")
    rows = result.variables.filter(pl.col("level") == "municipality")
    assert sorted(set(rows["key"].to_list())) == ["Гурьевский", "Светлогорский"]
    by_hand = {"Гурьевский": (2, 1), "Светлогорский": (1, 2)}
    for key, (e, v) in by_hand.items():
        assert result.value("per_visit", "municipality", key) == e / v
    assert not [p for p in result.problems if p.code.startswith("lookup.unmatched")]


def test_a_key_looked_up_in_two_units_tables_is_found_in_each(write: Write,
                                                             tmp_path: Path) -> None:
    """The first lookup writes the key as its units table does («гурьевский» →
    «Гурьевский»); the second still finds each row by the key as the row gives it."""
    write("municipalities.yaml", """
        kind: dataset
        id: municipalities
        title: Муниципалитеты
        key: municipality
        columns: {municipality: {type: string}, district: {type: string}}
    """)
    write("zones.yaml", """
        kind: dataset
        id: zones
        title: Зоны
        key: mo
        columns: {mo: {type: string}, zone: {type: string}}
    """)
    write("events.yaml", """
        kind: dataset
        id: events
        title: Мероприятия
        lookup:
          - {dataset: municipalities, take: [district]}
          - {dataset: zones, on: municipality, take: [zone]}
        columns: {municipality: {type: string}, participants: {type: integer}}
    """)
    write("participants.yaml", """
        kind: indicator
        id: participants
        title: Участников
        unit: number
        variables: {P: {sum: events, of: participants}}
        formula: P
    """)
    municipalities = pl.DataFrame({"municipality": ["Гурьевский", "Калининград"],
                                   "district": ["Западный", "Центральный"]})
    zones = pl.DataFrame({"mo": ["гурьевский", "калининград"], "zone": ["Z1", "Z2"]})
    events = pl.DataFrame({"municipality": ["гурьевский", "Калининград", "калининград"],
                           "participants": [1, 2, 4]})
    result = mayak.load(tmp_path).evaluate(
        {"events": events, "municipalities": municipalities, "zones": zones},
        levels=["district", "zone"])
    key = pl.col("municipality").str.to_lowercase()
    for units, on, level in ((municipalities, "municipality", "district"),
                             (zones, "mo", "zone")):
        by_hand = (events.with_columns(key.alias("_k"))
                   .join(units.select(pl.col(on).str.to_lowercase().alias("_k"), level),
                         on="_k", how="left")
                   .group_by(level).agg(pl.col("participants").sum()))
        assert _values(result, "participants", level) == {
            k: float(v) for k, v in by_hand.iter_rows()}
    assert not [p for p in result.problems if p.code.startswith("lookup.")]
