"""Generate the synthetic Kaliningrad municipal monitoring data for 2022 and 2023.

The records are invented. They cover the region's 22 municipal formations (the list and
weights of examples/kaliningrad-2023) over two years, one row per record as the exports
have them, with Russian headers:

- workforce.csv: one row per teacher or manager per year (Год): diagnosis of professional
  deficits, individual route (ИОМ), a course from ФР ДПП, age, experience, support;
- management_teams.csv: one row per school's management team per year;
- dpo_programs.csv: the institute's further-training programmes per year (no municipality);
- events.csv: one row per participation in an event of the ЦНППМ, with its date;
- municipalities.csv: the units table: district, settlement type, number of teachers.

The share of teachers diagnosed grows from 2022 to 2023, unevenly across municipalities. A
little mess the tool must report is left in on purpose: one workforce row has no year, and
one has «-» for the age. The management teams' file spells one municipality differently
(«Гурьевский городской округ» for «Гурьевский МО»): the rules read it with synonyms.

Run: python examples/kaliningrad-municipal-2022-2023/generate.py   (writes data/ beside it)
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
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


def main(out: Path) -> None:
    """Write the data files into ``out``."""
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


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data")
