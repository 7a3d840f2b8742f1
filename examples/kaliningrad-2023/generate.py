"""Generate the synthetic Kaliningrad 2023 monitoring data set.

The records are invented; their totals follow the institute's 2023 analytical report:
10 000 teachers (Table 1 by subject area, plus technology 217 and ОБЖ 67, and 401 whose
subject area the register leaves blank), 69 applications to the regional methodological pool
whose criteria K1..K5 give Table 1 (51 admitted), 160 people engaged in the centre's events
of whom 32 are regional experts (Table 2), more than 7 000 participations in community
events by 5 200 distinct teachers (52 %), 21 communities with a cooperation agreement in 2022
and 23 in 2023. It also writes Table 1 as printed, for ``mayak check-table``.

Table 1 is not consistent in itself: for foreign languages it prints 4 admitted while only
3 applicants meet K2 and K3, which the rule "all five criteria" cannot give. The
applications follow the rules and keep the 4 admitted (the pool has 51 members); the tool
reports the printed row.

Run: python examples/kaliningrad-2023/generate.py   (writes data/ beside this file)
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import xlsxwriter

SEED = 2023
TEACHERS = 10_000

# Table 1 as printed: subject area -> teachers, applications, K1..K5, admitted
TABLE_1: dict[str, tuple[int, int, int, int, int, int, int, int]] = {
    "Биология": (187, 4, 4, 3, 2, 2, 2, 2),
    "География": (173, 1, 1, 1, 1, 1, 1, 1),
    "ИЗО": (77, 2, 2, 2, 2, 1, 1, 1),
    "Иностранный язык": (825, 4, 4, 3, 3, 4, 4, 4),
    "Информатика": (178, 2, 2, 2, 2, 2, 2, 2),
    "История и обществознание": (370, 9, 9, 9, 6, 6, 6, 6),
    "Математика": (554, 6, 4, 5, 4, 4, 4, 4),
    "Музыка": (140, 1, 1, 1, 1, 1, 1, 1),
    "Начальная школа": (1901, 7, 7, 7, 7, 7, 7, 7),
    "Русский язык и литература": (706, 3, 3, 3, 3, 3, 3, 3),
    "Физика": (193, 2, 2, 2, 2, 2, 2, 2),
    "Физическая культура": (481, 7, 7, 7, 7, 7, 1, 1),
    "Химия": (143, 1, 1, 1, 1, 1, 1, 1),
    "Дошкольное образование": (3210, 19, 15, 19, 15, 15, 15, 15),
    "Управление ОО": (177, 1, 1, 1, 1, 1, 1, 1),
}
TABLE_1_TOTAL = (9315, 69, 63, 68, 57, 57, 51, 51)  # as printed (K2's rows add up to 66)
# named in the report's recommendations: teachers, but no applications and no methodist
NO_APPLICATIONS = {"Технология": 217, "ОБЖ": 67}

MUNICIPALITIES: dict[str, int] = {  # relative weights, roughly by population
    "Калининград": 45, "Багратионовский МО": 3, "Балтийский ГО": 3, "Гвардейский МО": 3,
    "Гурьевский МО": 8, "Гусевский ГО": 3, "Зеленоградский МО": 4, "Краснознаменский МО": 1,
    "Ладушкинский ГО": 1, "Мамоновский ГО": 1, "Неманский МО": 2, "Нестеровский МО": 1,
    "Озёрский МО": 1, "Пионерский ГО": 1, "Полесский МО": 2, "Правдинский МО": 2,
    "Светловский ГО": 2, "Светлогорский ГО": 2, "Славский МО": 2, "Советский ГО": 4,
    "Черняховский МО": 4, "Янтарный ГО": 1,
}

# Table 2: form of event -> (people engaged, of them regional experts)
EVENT_FORMS: dict[str, tuple[int, int]] = {
    "Семинары и тренинги": (12, 4),
    "Конкурсы профессионального мастерства": (106, 11),
    "Консультации по введению ФГОС ООО": (12, 12),
    "ПК по приоритетным направлениям": (30, 5),
}

COMMUNITIES_WITH_AGREEMENT_2022 = [
    "Ассоциация образовательных организаций программы по развитию личностного потенциала",
    "Ассоциация учителей литературы и русского языка",
    "Ассоциация учителей истории и обществознания",
    "Ассоциация учителей и преподавателей немецкого языка",
    "Калининградская региональная ассоциация учителей географии",
    "Калининградская региональная ассоциация учителей физики",
    "Ассоциация учителей и преподавателей химии",
    "Ассоциация учителей и преподавателей биологии",
    "Ассоциация педагогов дошкольных образовательных организаций",
    "Ассоциация учителей ОБЖ",
    "Ассоциация руководителей фольклорных и народных коллективов",
    "Ассоциация образовательных учреждений",
    "Ассоциация учителей и преподавателей информатики и ИКТ",
    "Ассоциация учителей начальных классов",
    "Региональное профессиональное объединение «Янтарный пеликан»",
    "Ассоциация классных руководителей",
    "Совет молодых педагогов",
    "Ассоциация дефектологов",
    "Ассоциация «Внедрения инноваций в сфере 3D образования»",
    "Ассоциация сельских инновационных школ",
    "Ассоциация учреждений и организаций профессионального образования",
]
NEW_AGREEMENTS_2023 = [
    "Ассоциация педагогов дополнительного образования ИЗО и ДПИ",
    "Региональное отделение Федерации психологов образования России",
]
WITHOUT_AGREEMENT = ["«Балтийский клуб менторов»"]

PARTICIPANTS = 5_200  # distinct teachers: 52 % of 10 000
PARTICIPATIONS = 7_150  # "более 7 000" participations


def teachers(rng: random.Random) -> pl.DataFrame:
    subjects: list[str | None] = []
    for subject, row in TABLE_1.items():
        subjects += [subject] * row[0]
    for subject, count in NO_APPLICATIONS.items():
        subjects += [subject] * count
    subjects += [None] * (TEACHERS - len(subjects))  # subject area left blank in the register
    names, weights = list(MUNICIPALITIES), list(MUNICIPALITIES.values())
    return pl.DataFrame({
        "Идентификатор педагога": [f"T{n:05d}" for n in range(1, TEACHERS + 1)],
        "Муниципальное образование": rng.choices(names, weights, k=TEACHERS),
        "Предметная область": subjects,
    })


SURNAMES = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова",
            "Михайлова", "Новикова", "Фёдорова", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлова", "Козлова", "Степанова", "Николаева"]
INITIALS = "АБВГДЕИКЛМНОПРСТ"
HIGHEST = ["высшая", "Высшая", "высш.", "высшая квалификационная категория"]
LOWER = ["первая", "Первая категория", "без категории", "соответствие занимаемой должности"]


def _criteria_met(applications: int, counts: tuple[int, ...], admitted: int) -> list[list[bool]]:
    """Per applicant, which of K1..K5 they meet: applicant i meets criterion j when
    i < count_j, so the first ``min(counts)`` meet all five. A printed row that the rule
    "all five" cannot give (more admitted than meet some criterion) is raised to
    ``admitted`` for those criteria: the data follows the rules."""
    counts = tuple(max(c, admitted) for c in counts)
    return [[i < c for c in counts] for i in range(applications)]


def _application(rng: random.Random, number: int, subject: str,
                 met: list[bool]) -> dict[str, object]:
    k1, k2, k3, k4, k5 = met
    applied = date(2022, 9, 1) + timedelta(days=rng.randrange(60))
    years = rng.randint(5, 30) if k2 else rng.randint(1, 4)
    by_date = rng.random() < 0.3  # some forms give the start date instead of the years
    started = applied.replace(year=applied.year - years) - timedelta(days=rng.randrange(200))
    via_retraining = k1 and rng.random() < 0.2
    academy = k4 and rng.random() < 0.5
    return {
        "Номер заявки": f"РМА-2022-{number:03d}",
        "ФИО": f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}. {rng.choice(INITIALS)}.",
        "Муниципалитет": rng.choices(list(MUNICIPALITIES), list(MUNICIPALITIES.values()))[0],
        "Предметная область": subject,
        "Дата подачи заявки": applied.strftime("%d.%m.%Y"),
        "Высшее педагогическое образование": "да" if k1 and not via_retraining else "нет",
        "Высшее образование по профилю предмета": "да" if via_retraining or not k1 else "нет",
        "Профессиональная переподготовка по профилю": "да" if via_retraining else "нет",
        "Педагогический стаж, лет": None if by_date else (
            f"{years},5" if rng.random() < 0.2 else str(years)),
        "Дата начала педагогической деятельности": started.strftime("%d.%m.%Y") if by_date
        else None,
        "Квалификационная категория": rng.choice(HIGHEST if k3 else LOWER),
        "ПК в Академии Минпросвещения России": "да" if academy else "нет",
        "ПК в Калининградском областном институте развития образования":
            "да" if k4 and not academy else "нет",
        "Оценка профессиональных компетенций пройдена": "да" if k5 else "нет",
    }


def applications(rng: random.Random) -> pl.DataFrame:
    rows = []
    for subject, (_, count, *criteria, admitted) in TABLE_1.items():
        for met in _criteria_met(count, tuple(criteria), admitted):
            rows.append(_application(rng, len(rows) + 1, subject, met))
    return pl.DataFrame(rows, infer_schema_length=None)


def published_table_1() -> pl.DataFrame:
    header = ["Предметная область", "Всего педагогов", "Кол-во заявок", "K1", "K2", "K3", "K4",
              "K5", "Вошли в состав РМА"]
    rows = [[f"«{subject}»", *values] for subject, values in TABLE_1.items()]
    rows.append(["ВСЕГО:", *TABLE_1_TOTAL])
    return pl.DataFrame(rows, schema=header, orient="row")


def write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    # A fixed creation date keeps the file byte-for-byte reproducible.
    with xlsxwriter.Workbook(path) as workbook:
        workbook.set_properties({"created": datetime(2022, 11, 1)})
        frame.write_excel(workbook, worksheet="Заявки", autofit=True)


def event_staff(rng: random.Random) -> pl.DataFrame:
    forms: list[str] = []
    experts: list[str] = []
    for form, (engaged, expert) in EVENT_FORMS.items():
        forms += [form] * engaged
        experts += ["да"] * expert + ["нет"] * (engaged - expert)
    names, weights = list(MUNICIPALITIES), list(MUNICIPALITIES.values())
    return pl.DataFrame({
        "Идентификатор": [f"E{n:04d}" for n in range(1, len(forms) + 1)],
        "Муниципалитет": rng.choices(names, weights, k=len(forms)),
        "Форма мероприятия": forms,
        "Региональный эксперт": experts,
    })


def community_participation(rng: random.Random, staff: pl.DataFrame) -> pl.DataFrame:
    ids = staff["Идентификатор педагога"].to_list()
    place = dict(zip(ids, staff["Муниципальное образование"].to_list(), strict=True))
    participants = rng.sample(ids, PARTICIPANTS)
    visits = participants + rng.choices(participants, k=PARTICIPATIONS - PARTICIPANTS)
    communities = COMMUNITIES_WITH_AGREEMENT_2022 + NEW_AGREEMENTS_2023 + WITHOUT_AGREEMENT
    start = date(2022, 1, 10)
    return pl.DataFrame({
        "Код педагога": visits,
        "МО": [place[t] for t in visits],
        "Сообщество": rng.choices(communities, k=len(visits)),
        "Дата": [(start + timedelta(days=rng.randrange(350))).strftime("%d.%m.%Y")
                 for _ in visits],
    })


def community_agreements() -> pl.DataFrame:
    rows = []
    for community in COMMUNITIES_WITH_AGREEMENT_2022:
        rows += [(community, 2022, "да"), (community, 2023, "да")]
    for community in NEW_AGREEMENTS_2023:
        rows += [(community, 2022, "нет"), (community, 2023, "да")]
    for community in WITHOUT_AGREEMENT:
        rows += [(community, 2022, "нет"), (community, 2023, "нет")]
    return pl.DataFrame(rows, schema=["Сообщество", "Год", "Договор о сотрудничестве"],
                        orient="row")


def main(out: Path) -> None:
    """Write the data sets into ``out`` and the printed Table 1 beside it."""
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    staff = teachers(rng)
    frames = {
        "teachers": staff,
        "event_staff": event_staff(rng),
        "community_participation": community_participation(rng, staff),
        "community_agreements": community_agreements(),
    }
    for name, frame in frames.items():
        frame.write_csv(out / f"{name}.csv")
    write_xlsx(applications(rng), out / "applications.xlsx")
    published_table_1().write_csv(out.parent / "table1-published.csv")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data")
