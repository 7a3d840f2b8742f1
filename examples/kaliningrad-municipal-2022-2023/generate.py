"""Generate the synthetic Kaliningrad municipal monitoring data for 2022 and 2023.

The records are invented. They cover the region's 22 municipal formations (the list and
weights of examples/kaliningrad-2023) over two years, one row per record as the exports
have them, with Russian headers:

- workforce.csv: one row per teacher or manager per year (Год): diagnosis of professional
  deficits, individual route (ИОМ), a course from ФР ДПП, age, experience, support;
- management_teams.csv: one row per school's management team per year;
- dpo_programs.csv: the institute's further-training programmes per year (no municipality);
- events.csv: one row per participation in an event of the ЦНППМ, with its date;
- municipalities.csv: the units table: district, settlement type, number of teachers;
- mms.csv, expertise.csv, printed_expertise_2023.csv: the expert review of the municipal
  methodical services (ММС) in 2022 and 2023 and its summary table «as published», with
  deliberate slips recorded in expertise_slips.json beside data/ (drawn from a random
  stream of their own, so the files above stay as they were).

The share of teachers diagnosed grows from 2022 to 2023, unevenly across municipalities. A
little mess the tool must report is left in on purpose: one workforce row has no year, and
one has «-» for the age. The management teams' file spells one municipality differently
(«Гурьевский городской округ» for «Гурьевский МО»): the rules read it with synonyms.

Run: python examples/kaliningrad-municipal-2022-2023/generate.py [DATA [SLIPS]]
(default: data/ and expertise_slips.json beside this script)
"""

from __future__ import annotations

import json
import math
import random
import sys
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import polars as pl

SEED = 20222023
YEARS = (2022, 2023)
PEOPLE = 3_000  # records in 2022; some leave and some come in 2023

MUNICIPALITIES: dict[str, int] = {  # relative weights, roughly by population
    "Калининград": 45, "Багратионовский МО": 3, "Балтийский ГО": 3, "Гвардейский МО": 3,
    "Гурьевский МО": 8, "Гусевский ГО": 3, "Зеленоградский МО": 4, "Краснознаменский МО": 1,
    "Ладушкинский ГО": 1, "Мамоновский ГО": 1, "Неманский МО": 2, "Нестеровский МО": 1,
    "Озёрский МО": 1, "Пионерский ГО": 1, "Полесский МО": 2, "Правдинский МО": 2,
    "Светловский ГО": 2, "Светлогорский ГО": 2, "Славский МО": 2, "Советский ГО": 4,
    "Черняховский МО": 4, "Янтарный ГО": 1,
}
WEST = {"Багратионовский МО", "Балтийский ГО", "Гурьевский МО", "Зеленоградский МО",
        "Ладушкинский ГО", "Мамоновский ГО", "Пионерский ГО", "Светловский ГО",
        "Светлогорский ГО", "Янтарный ГО"}


def district(name: str) -> str:
    """The part of the region a municipal formation lies in."""
    if name == "Калининград":
        return "Калининград"
    return "Западный" if name in WEST else "Восточный"


def settlement_type(name: str) -> str:
    """Городской округ (ГО, and the regional capital) or муниципальный округ (МО)."""
    return "муниципальный округ" if name.endswith(" МО") else "городской округ"


def _yes(flag: bool) -> str:
    return "да" if flag else "нет"


class Person(NamedTuple):
    """A teacher or manager as of 2022."""

    id: str
    place: str
    manager: bool
    age: int
    experience: int


def _person(rng: random.Random, number: int, place: str, newcomer: bool = False) -> Person:
    manager = not newcomer and rng.random() < 0.1
    age = rng.randint(21, 30) if newcomer else rng.randint(22, 64)
    experience = 0 if newcomer else rng.choice([0, 1, 2, 3, rng.randint(4, 40)])
    return Person(f"P{number:05d}", place, manager, age, max(0, min(age - 22, experience)))


def _record(rng: random.Random, person: Person, year: int,
            push: dict[str, float]) -> dict[str, object]:
    """One person's row for ``year``; ``push``: how much more often each municipality
    diagnosed its staff in 2023 than in 2022."""
    shift = year - YEARS[0]
    age, experience, place = person.age + shift, person.experience + shift, person.place
    diagnosed = rng.random() < 0.35 + shift * push[place]
    young = age < 35 and experience <= 3
    return {
        "Идентификатор работника": person.id,
        "Год": str(year),
        "Муниципальное образование": place,
        "Категория": "управленческие кадры" if person.manager else "педагогический работник",
        "Диагностика пройдена": _yes(diagnosed),
        "ИОМ": _yes(diagnosed and rng.random() < 0.5 + 0.1 * shift),
        "Программа ФР ДПП": _yes(rng.random() < 0.2 + 0.08 * shift),
        "Возраст": str(age),
        "Стаж": str(experience),
        "Наставничество": _yes(young and rng.random() < 0.6 + 0.15 * shift),
    }


def workforce(rng: random.Random) -> pl.DataFrame:
    names, weights = list(MUNICIPALITIES), list(MUNICIPALITIES.values())
    people = [_person(rng, n, place) for n, place in
              enumerate(rng.choices(names, weights, k=PEOPLE), start=1)]
    push = {name: rng.uniform(-0.05, 0.25) for name in names}
    rows = [_record(rng, p, YEARS[0], push) for p in people]
    stayed = [p for p in people if rng.random() < 0.92]
    newcomers = [_person(rng, PEOPLE + n, place, newcomer=True)
                 for n, place in enumerate(rng.choices(names, weights, k=PEOPLE // 10), 1)]
    rows += [_record(rng, p, YEARS[1], push) for p in stayed + newcomers]
    rows[17]["Год"] = None  # the export lost this row's year
    rows[-5]["Возраст"] = "-"  # and this one's age
    return pl.DataFrame(rows, schema={c: pl.String for c in rows[0]})


# The management teams' export writes one municipality in full, as its own system does.
TEAMS_SPELLING = {"Гурьевский МО": "Гурьевский городской округ"}


def management_teams(rng: random.Random) -> pl.DataFrame:
    rows = []
    for place, weight in MUNICIPALITIES.items():
        for n in range(1, 2 + weight):
            trained_2022 = rng.random() < 0.4
            for year in YEARS:
                trained = trained_2022 if year == YEARS[0] else trained_2022 or rng.random() < 0.3
                rows.append({"Образовательная организация": f"{place}, школа № {n}",
                             "Муниципальное образование": TEAMS_SPELLING.get(place, place),
                             "Год": year,
                             "Повышение квалификации команды": _yes(trained)})
    return pl.DataFrame(rows)


def dpo_programs(rng: random.Random) -> pl.DataFrame:
    rows = []
    for year, count, share in ((YEARS[0], 38, 0.45), (YEARS[1], 42, 0.6)):
        rows += [{"Название программы": f"Программа ДПО № {n} ({year})", "Год": year,
                  "ФР ДПП": _yes(rng.random() < share)} for n in range(1, count + 1)]
    return pl.DataFrame(rows)


EVENTS = ["Семинар ЦНППМ", "Методический интенсив", "Школа молодого педагога",
          "Стажировка на базе школы", "Вебинар по обновлённым ФГОС"]


def events(rng: random.Random, staff: pl.DataFrame) -> pl.DataFrame:
    people = staff.filter(pl.col("Год").is_not_null()).select(
        "Идентификатор работника", "Муниципальное образование", "Год").rows()
    rows = []
    for person, place, year in people:
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3] if year == "2022" else
                                  [0, 0, 1, 1, 2, 2, 3])):
            day = date(int(year), 1, 10) + timedelta(days=rng.randrange(340))
            rows.append({"Код работника": person, "МО": place, "Мероприятие": rng.choice(EVENTS),
                         "Дата": day.strftime("%d.%m.%Y")})
    return pl.DataFrame(rows)


def municipalities(rng: random.Random, staff: pl.DataFrame) -> pl.DataFrame:
    """The units table; the number of teachers is the register's (some are not in the
    monitoring export)."""
    recorded = (staff.filter(pl.col("Год") == str(YEARS[1]),
                             pl.col("Категория") == "педагогический работник")
                .group_by("Муниципальное образование").len())
    counts = dict(recorded.iter_rows())
    return pl.DataFrame([{"Муниципальное образование": name, "Округ": district(name),
                          "Тип": settlement_type(name),
                          "Число педагогов": counts[name] + rng.randint(0, 1 + counts[name] // 8)}
                         for name in MUNICIPALITIES])


# --- Экспертиза ММС: the expert review of the municipal methodical services -------------

EXPERTISE_SEED = 20230915  # a stream of its own: the monitoring data above stays as it was
YOUNG = "Сопровождение молодых педагогов"
SECTIONS = ("Нормативное обеспечение", "Информационно-аналитическая деятельность",
            "Организационно-методическая деятельность", YOUNG,
            "Работа с педагогами с дефицитами", "Сетевое взаимодействие",
            "Мониторинг и оценка")
REMOTE = {"Краснознаменский МО", "Нестеровский МО", "Озёрский МО", "Славский МО"}
NOT_SUBMITTED = {YEARS[1]: ("Пионерский ГО", "Правдинский МО")}  # no row in expertise.csv
NOT_GIVEN = ("Ладушкинский ГО", YEARS[0], "Сетевое взаимодействие")  # written «н/д»
# Methodists per year. Советский ГО keeps one while its teachers grow past 120, Черняховский
# МО takes on a second, Гусевский ГО loses one of two: their class of provision changes.
# Зеленоградский МО: 121 teachers / 2 = 60.5, «до 60» only with `round: floor`.
METHODISTS: dict[str, tuple[int, int]] = {
    "Калининград": (10, 10), "Гурьевский МО": (2, 2), "Зеленоградский МО": (2, 2),
    "Черняховский МО": (1, 2), "Гусевский ГО": (2, 1), "Светловский ГО": (2, 2),
}
BAND_CHANGES = {"Советский ГО", "Черняховский МО", "Гусевский ГО"}
SLIP_TOTAL, SLIP_PERCENT, SLIP_ABOVE_MAX = "Гвардейский МО", "Светлогорский ГО", "Зеленоградский МО"
TOTAL, PERCENT, RANK, UNIT = "Итого", "% от максимума", "Место", "Муниципальное образование"
AVERAGES = {"Среднее по области": None, "Среднее: городские": "городской",
            "Среднее: сельские": "сельский", "Среднее: удалённые": "удалённый"}


def territory(name: str) -> str:
    """Городской (ГО and the regional capital), удалённый (far east) or сельский."""
    if name in REMOTE:
        return "удалённый"
    return "сельский" if name.endswith(" МО") else "городской"


def section_max(section: str, year: int) -> int:
    """A section's maximum score; the young teachers' one was raised in 2023."""
    return 15 if section == YOUNG and year >= YEARS[1] else 10


def _band(teachers: int, methodists: int) -> str:
    ratio = teachers // methodists  # the classification's `round: floor`
    return "до 60" if ratio <= 60 else "61–120" if ratio <= 120 else "121 и более"


def mms(rng: random.Random, units: pl.DataFrame) -> pl.DataFrame:
    """One row per municipality and year: territory type, teachers (the register's for
    2023, a little fewer in 2022) and methodists."""
    register = dict(units.select(UNIT, "Число педагогов").iter_rows())
    rows = []
    for year in YEARS:
        for name in MUNICIPALITIES:
            teachers = register[name]
            if year == YEARS[0]:
                teachers = round(teachers * rng.uniform(0.92, 0.98))
            rows.append({UNIT: name, "Год": year, "Тип территории": territory(name),
                         "Число педагогов": teachers,
                         "Число методистов": METHODISTS.get(name, (1, 1))[YEARS.index(year)]})
    frame = pl.DataFrame(rows)
    bands = {(r[UNIT], r["Год"]): _band(r["Число педагогов"], r["Число методистов"])
             for r in frame.iter_rows(named=True)}
    changed = {name for name in MUNICIPALITIES if bands[name, YEARS[0]] != bands[name, YEARS[1]]}
    assert changed == BAND_CHANGES, changed
    assert all({bands[n, y] for n in MUNICIPALITIES} == {"до 60", "61–120", "121 и более"}
               for y in YEARS)
    return frame


Scores = dict[tuple[str, int], dict[str, int | None]]  # (unit, year) -> section -> score


def expertise_scores(rng: random.Random) -> Scores:
    """The experts' scores: each service has a strength, a little different in 2023;
    the remote ones are weaker. Non-submitters have no entry; one score is not given."""
    scores: Scores = {}
    for name in MUNICIPALITIES:
        strength = rng.uniform(0.25, 0.6) if name in REMOTE else rng.uniform(0.4, 0.9)
        for year in YEARS:
            if year == YEARS[1]:
                strength = min(0.95, max(0.15, strength + rng.gauss(0.02, 0.1)))
            top = {s: section_max(s, year) for s in SECTIONS}
            marks: dict[str, int | None] = {
                s: min(top[s], max(0, round(rng.gauss(strength * top[s], 1.5)))) for s in SECTIONS}
            if name not in NOT_SUBMITTED.get(year, ()):
                scores[name, year] = marks
    unit, year, section = NOT_GIVEN
    scores[unit, year][section] = None
    return scores


def expertise(scores: Scores) -> pl.DataFrame:
    """expertise.csv: wide, one row per submitted unit and year, «н/д» where not given."""
    rows = [{UNIT: name, "Год": str(year),
             **{s: "н/д" if v is None else str(v) for s, v in marks.items()}}
            for (name, year), marks in scores.items()]
    rows.sort(key=lambda row: row["Год"])  # stable: the units keep their order in a year
    return pl.DataFrame(rows)


def _half_up(value: Fraction, digits: int) -> Fraction:
    """Rounded half away from zero (the values are never negative), exactly."""
    scale = 10**digits
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def _number(value: Fraction, digits: int) -> int | float:
    """A printed value as JSON writes it: 16, 72.9."""
    rounded = _half_up(value, digits)
    return int(rounded) if digits == 0 else float(rounded)


Row = dict[str, Fraction | None]  # printed column -> value; None: an empty cell


def summary(scores: Scores, year: int) -> dict[str, Row]:
    """The correct summary table of ``year``, unrounded: the units that submitted (in list
    order), then the averages over them, in all and per territory type."""
    top = sum(section_max(s, year) for s in SECTIONS)
    units = {name: scores[name, year] for name in MUNICIPALITIES if (name, year) in scores}
    table: dict[str, Row] = {}
    for name, marks in units.items():
        assert None not in marks.values(), name  # every score of the year is given
        table[name] = {s: Fraction(v or 0) for s, v in marks.items()}
        table[name][TOTAL] = Fraction(sum(v or 0 for v in marks.values()))
    for row in list(table.values()):
        total = row[TOTAL] or Fraction(0)
        row[PERCENT] = total * 100 / top
        row[RANK] = Fraction(1 + sum((r[TOTAL] or 0) > total for r in table.values()))
    for label, kind in AVERAGES.items():
        members = [table[n] for n in units if kind is None or territory(n) == kind]
        table[label] = {c: sum((r[c] or Fraction(0) for r in members), Fraction(0)) / len(members)
                        for c in (*SECTIONS, TOTAL, PERCENT)}
        table[label][RANK] = None
    return table


def _digits(label: str, column: str) -> int:
    """Scores, totals and places of units are whole; percents and averages have a decimal."""
    return 1 if label in AVERAGES or column == PERCENT else 0


def _slip(table: dict[str, Row], rows: dict[str, int], label: str, column: str, *,
          printed: Fraction, kind: str, **more: object) -> dict[str, object]:
    """Print ``printed`` in the cell of ``table`` instead of its value; the record."""
    correct = table[label][column]
    assert correct is not None
    digits = _digits(label, column)
    assert _half_up(printed, digits) != _half_up(correct, digits), (label, column)
    table[label][column] = printed
    return {"unit": label, "column": column, "row": rows[label],
            "printed": _number(printed, digits), "correct": _number(correct, digits),
            "kind": kind, **more}


def printed_summary(scores: Scores, year: int) -> tuple[pl.DataFrame, dict[str, object]]:
    """The summary table as published: the correct one with five slips put in, and the
    record of the slips (and of the units whose printed total is not the sum of their
    printed sections: the wrong total, and the section above its maximum)."""
    table = summary(scores, year)
    rows = {label: line for line, label in enumerate(table, start=2)}  # the header is line 1
    top = {y: sum(section_max(s, y) for s in SECTIONS) for y in YEARS}
    totals = [r[TOTAL] or Fraction(0) for label, r in table.items() if label not in AVERAGES]
    ranks = {label: r[RANK] for label, r in table.items() if label not in AVERAGES}
    chosen = {SLIP_TOTAL, SLIP_PERCENT, SLIP_ABOVE_MAX}
    # A wrong place: of two units sharing a place, the second is printed one place lower.
    tied = next(label for label, rank in ranks.items() if label not in chosen
                and any(o != label and ranks[o] == rank and o not in chosen
                        for o in list(ranks)[:list(ranks).index(label)]))
    percent = table[SLIP_PERCENT][TOTAL] or Fraction(0)
    slips = [
        _slip(table, rows, SLIP_TOTAL, TOTAL, printed=(table[SLIP_TOTAL][TOTAL] or Fraction(0)) + 3,
              kind="total_not_sum"),
        _slip(table, rows, SLIP_PERCENT, PERCENT, printed=percent * 100 / top[YEARS[0]],
              kind="percent_of_wrong_max", maximum=top[year], printed_maximum=top[YEARS[0]]),
        _slip(table, rows, SLIP_ABOVE_MAX, YOUNG, printed=Fraction(16), kind="above_max",
              maximum=section_max(YOUNG, year)),
        _slip(table, rows, "Среднее по области", TOTAL,
              printed=sum(totals, Fraction(0)) / len(MUNICIPALITIES),
              kind="average_non_submitters_as_zero", divisor=len(MUNICIPALITIES),
              correct_divisor=len(totals)),
        _slip(table, rows, tied, RANK, printed=(ranks[tied] or Fraction(0)) + 1, kind="rank"),
    ]
    printed = [{UNIT: label, **{c: None if v is None else
                                _printed(_half_up(v, _digits(label, c)), _digits(label, c))
                                for c, v in row.items()}}
               for label, row in table.items()]
    columns = [UNIT, *SECTIONS, TOTAL, PERCENT, RANK]
    not_sums = [label for label, row in table.items() if label not in AVERAGES
                and row[TOTAL] != sum((row[s] or Fraction(0) for s in SECTIONS), Fraction(0))]
    record = {"period": year, "slips": slips, "not_sums": not_sums}
    return pl.DataFrame(printed, schema={c: pl.String for c in columns}), record


def _printed(value: Fraction, digits: int) -> str:
    """As Russian print writes a number: «41,7», «16»."""
    return str(int(value)) if digits == 0 else f"{float(value):.{digits}f}".replace(".", ",")


def write_expertise(data: Path, slips: Path | None, units: pl.DataFrame) -> None:
    """Write mms.csv, expertise.csv and the printed 2023 table into ``data``, and the
    record of the printed table's slips to ``slips`` (when given)."""
    rng = random.Random(EXPERTISE_SEED)
    mms(rng, units).write_csv(data / "mms.csv")
    scores = expertise_scores(rng)
    expertise(scores).write_csv(data / "expertise.csv")
    table, record = printed_summary(scores, YEARS[1])
    name = f"printed_expertise_{YEARS[1]}.csv"
    table.write_csv(data / name)
    if slips is not None:
        document = {"file": f"data/{name}", **record}
        slips.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")


INDICATOR_COLUMNS = {"Диагностика пройдена": "Доля прошедших диагностику, %",
                     "ИОМ": "Доля с ИОМ по результатам диагностики, %"}
REGION_ROW = "Итого по области"
TRANSPOSED = "Гусевский ГО"  # its printed diagnosed share has two digits swapped


def _share(rows: list[dict[str, str | None]], column: str) -> Fraction:
    """The share (%) of rows that say «да» in ``column`` (ИОМ counts only when diagnosed, as
    the indicator's formula does), as an exact fraction."""
    met = sum(1 for r in rows if r[column] == "да" and r["Диагностика пройдена"] == "да")
    return Fraction(100 * met, len(rows))


def printed_indicators(staff: pl.DataFrame, year: int) -> tuple[pl.DataFrame, dict[str, object]]:
    """The per-municipality table of two 908/1 shares as a region would print it for
    ``year`` (one decimal), computed here from the records, with two slips put into the
    printed figures only: one municipality's diagnosed share with two digits swapped, and
    the region's row taken as the plain average of the municipal shares instead of the
    share over all the region's staff."""
    records = [r for r in staff.iter_rows(named=True) if r["Год"] == str(year)]
    by_unit: dict[str, list[dict[str, str | None]]] = {}
    for record in records:
        by_unit.setdefault(str(record["Муниципальное образование"]), []).append(record)
    table = {unit: {c: _share(rows, c) for c in INDICATOR_COLUMNS}
             for unit, rows in sorted(by_unit.items())}
    correct = {c: _share(records, c) for c in INDICATOR_COLUMNS}
    diagnosed = "Диагностика пройдена"
    right = _half_up(table[TRANSPOSED][diagnosed], 1)
    whole, tenth = f"{float(right):.1f}".split(".")  # 48.5 is printed 45.8
    swapped = Fraction(f"{whole[:-1]}{tenth}.{whole[-1]}")
    plain_mean = sum((row[diagnosed] for row in table.values()), Fraction(0)) / len(table)
    slips = [
        {"unit": TRANSPOSED, "column": INDICATOR_COLUMNS[diagnosed], "kind": "differs",
         "printed": float(swapped), "correct": float(right)},
        {"unit": REGION_ROW, "column": INDICATOR_COLUMNS[diagnosed], "kind": "plain_mean",
         "printed": float(_half_up(plain_mean, 1)), "correct": float(_half_up(
             correct[diagnosed], 1))},
    ]
    shown = {unit: {c: _half_up(v, 1) for c, v in row.items()} for unit, row in table.items()}
    shown[TRANSPOSED][diagnosed] = swapped
    shown[REGION_ROW] = {c: _half_up(v, 1) for c, v in correct.items()}
    shown[REGION_ROW][diagnosed] = _half_up(plain_mean, 1)
    printed = [{UNIT: unit, **{INDICATOR_COLUMNS[c]: _printed(v, 1) for c, v in row.items()}}
               for unit, row in shown.items()]
    columns = [UNIT, *INDICATOR_COLUMNS.values()]
    return (pl.DataFrame(printed, schema=dict.fromkeys(columns, pl.String)),
            {"file": f"data/printed_indicators_{year}.csv", "period": year, "slips": slips})


def main(out: Path, slips: Path | None = None) -> None:
    """Write the data files into ``out``, and the record of the printed table's slips to
    ``slips`` when given."""
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    staff = workforce(rng)
    frames = {
        "workforce": staff,
        "management_teams": management_teams(rng),
        "dpo_programs": dpo_programs(rng),
        "events": events(rng, staff),
        "municipalities": municipalities(rng, staff),
    }
    for name, frame in frames.items():
        frame.write_csv(out / f"{name}.csv")
    write_expertise(out, slips, frames["municipalities"])
    table, record = printed_indicators(staff, YEARS[1])
    table.write_csv(out / f"printed_indicators_{YEARS[1]}.csv")
    if slips is not None:
        (slips.parent / "indicator_slips.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data"
    main(DATA, Path(sys.argv[2]) if len(sys.argv) > 2 else DATA.parent / "expertise_slips.json")
