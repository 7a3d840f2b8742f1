"""Generate the synthetic data of the teachers' routes example (Kaliningrad model).

The records are invented. Six schools in three municipal formations; every teacher of a
school is in the teachers' register, most of them took the voluntary diagnostics of
professional competences at the regional centre in 2023, which gives each a level (высокий,
средний, низкий, минимальный). Some of the teachers applied to the regional
methodological pool; their applications carry the teacher's code, by which the screening
looks up the diagnostic level.

- teachers.csv: the register (code, municipality, subject area);
- diagnostics.csv: one row per diagnosed teacher (code, school, municipality, year, level);
- applications.csv: applications to the pool (the criteria K1..K4 as in the region's form).

Run: python examples/kaliningrad-model-routes/generate.py   (writes data/ beside this file)
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import polars as pl

SEED = 60224
SCHOOLS = {  # school -> municipal formation
    "Калининград, гимназия № 1": "Калининград",
    "Калининград, школа № 7": "Калининград",
    "Гусев, школа № 3": "Гусевский ГО",
    "Гусев, лицей № 1": "Гусевский ГО",
    "Озёрск, школа № 1": "Озёрский МО",
    "Озёрский МО, школа пос. Новостроево": "Озёрский МО",
}
SUBJECTS = ("Математика", "Русский язык и литература", "Биология", "История",
            "Иностранный язык", "Начальное образование")
LEVELS = ("высокий", "средний", "низкий", "минимальный")
WEIGHTS = (2, 5, 2, 1)
PER_SCHOOL = 12
DIAGNOSED = 0.8  # share of teachers who took the diagnostics
APPLICATIONS = 14


def main(out: Path) -> None:
    """Write the three data files into ``out``."""
    rng = random.Random(SEED)
    teachers = []
    for school, municipality in SCHOOLS.items():
        for _ in range(PER_SCHOOL):
            code = f"T{len(teachers) + 1:04d}"
            teachers.append((code, municipality, rng.choice(SUBJECTS), school))
    diagnosed = [t for t in teachers if rng.random() < DIAGNOSED]
    levels = {t[0]: rng.choices(LEVELS, WEIGHTS)[0] for t in diagnosed}
    out.mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"Идентификатор педагога": [t[0] for t in teachers],
                  "Муниципальное образование": [t[1] for t in teachers],
                  "Предметная область": [t[2] for t in teachers]}
                 ).write_csv(out / "teachers.csv")
    pl.DataFrame({"Код педагога": [t[0] for t in diagnosed],
                  "Образовательная организация": [t[3] for t in diagnosed],
                  "Муниципальное образование": [t[1] for t in diagnosed],
                  "Год": [2023] * len(diagnosed),
                  "Уровень по результатам диагностики": [levels[t[0]] for t in diagnosed]}
                 ).write_csv(out / "diagnostics.csv")
    # Applicants: the high-level teachers first, then others (some not diagnosed at all).
    ranked = sorted(teachers, key=lambda t: (levels.get(t[0]) != "высокий", rng.random()))
    rows = []
    for n, (code, municipality, subject, _) in enumerate(ranked[:APPLICATIONS], start=1):
        since = date(2023, 3, 1) - timedelta(days=365 * rng.randint(3, 25))
        rows.append({"Номер заявки": f"З-{n:02d}", "Код педагога": code,
                     "Муниципалитет": municipality, "Предметная область": subject,
                     "Дата подачи заявки": "20.03.2023",
                     "Высшее педагогическое образование": rng.choice(["да", "да", "нет"]),
                     "Высшее образование по профилю предмета": "да",
                     "Профессиональная переподготовка по профилю": rng.choice(["да", "нет"]),
                     "Педагогический стаж, лет": None,
                     "Дата начала педагогической деятельности": since.strftime("%d.%m.%Y"),
                     "Квалификационная категория": rng.choice(["высшая", "высшая", "первая"]),
                     "ПК в Академии Минпросвещения России": rng.choice(["да", "нет"]),
                     "ПК в КОИРО": "да"})
    pl.DataFrame(rows).write_csv(out / "applications.csv")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data")
