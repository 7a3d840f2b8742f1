"""Library cases: in-memory frames given to ``Ruleset.evaluate`` and ``Ruleset.screen``
(Russian headers, odd types), run as small scripts by the corpus runner."""

from __future__ import annotations

from tests.adversarial._case import SHARED_INPUT, SHARED_RULES, Builder, Case

PRELUDE = f'''\\
from datetime import date
import polars as pl
import mayak

rules = mayak.load("{SHARED_RULES}")
teachers = pl.DataFrame({{"Идентификатор педагога": ["T1", "T2", "T3"],
                         "Муниципальное образование": ["Калининград", None, "Гусев"],
                         "Предметная область": ["Биология", "Химия", None]}})
staff = pl.DataFrame({{"Идентификатор": ["E1", "E2"], "Региональный эксперт": ["да", "нет"]}})
agreements = pl.DataFrame({{"Сообщество": ["А", "А"], "Год": [2022, 2023],
                           "Договор о сотрудничестве": [True, True]}})
participation = pl.DataFrame({{"Идентификатор педагога": ["T1", "T1", "T2"]}})
applications = pl.DataFrame({{"Номер заявки": ["1", "2", "3"],
                             "Предметная область": ["Биология", "Химия", "ИЗО"],
                             "Педагогический стаж, лет": ["7,5", "много", None],
                             "Квалификационная категория": ["высшая", "Высшая ", "первая"]}})


def evaluate(**changed):
    """Evaluate the frames above, some replaced; print the indicators and the problems."""
    result = rules.evaluate({{"teachers": teachers, "event_staff": staff,
                             "community_agreements": agreements,
                             "community_participation": participation,
                             "applications": applications, **changed}})
    print(result.indicators.write_csv())
    for problem in result.problems:
        print(problem.render())
'''

SCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("evaluate-russian-headers", "evaluate with in-memory frames under Russian headers", '''
evaluate()
'''),
    ("evaluate-lazy-names", "evaluate with LazyFrames under spec names and odd types", '''
result = rules.evaluate({
    "teachers": pl.LazyFrame({"teacher_id": [1, 2, 3], "subject_area": [1.5, None, 2.0]}),
    "event_staff": pl.LazyFrame({"person_id": ["E1"], "regional_expert": [2]}),
    "community_agreements": pl.LazyFrame({"community": [["a"]], "year": ["2023"],
                                          "has_agreement": ["да"]}),
    "community_participation": pl.LazyFrame({"teacher_id": [{"a": 1}]}),
    "applications": applications.lazy()}, levels=["subject_area"])
print(result.indicators.write_csv())
'''),
    ("evaluate-not-frames", "evaluate with values that are not frames", '''
result = rules.evaluate({"teachers": [1, 2, 3], "event_staff": None,
                         "community_agreements": "agreements.csv",
                         "community_participation": {"teacher_id": ["T1"]},
                         "applications": applications})
print(result.indicators.write_csv())
'''),
    ("evaluate-empty-frames", "evaluate with frames without rows or columns", '''
result = rules.evaluate({"teachers": pl.DataFrame(), "event_staff": staff.head(0),
                         "community_agreements": agreements.head(0),
                         "community_participation": participation.head(0),
                         "applications": applications.head(0)})
print(result.indicators.write_csv())
'''),
    ("evaluate-repeated-keys",
     "evaluate frames whose keys repeat, with null keys and a key spelt with a space",
     '''
repeated = pl.DataFrame({"Идентификатор педагога": ["T1", "T2", " T1", "T1", None, None, "T3"],
                         "Муниципальное образование": ["Калининград"] * 7})
evaluate(teachers=repeated, event_staff=pl.concat([staff, staff, staff]).lazy())
'''),
    ("evaluate-many-bad-cells", "evaluate a frame with hundreds of unreadable cells", '''
many = pl.DataFrame({"Идентификатор": [f"E{n}" for n in range(600)],
                     "Региональный эксперт": ["может быть", "да", "31.02.2020"] * 200})
evaluate(event_staff=many)
'''),
    ("evaluate-frames-failing-together",
     "evaluate frames read side by side, one whose computation fails and one missing a column",
     '''
failing = participation.lazy().with_columns(pl.col("Идентификатор педагога").str.to_integer())
for changed in ({"community_participation": failing, "event_staff": staff.drop("Идентификатор")},
                {"event_staff": staff.drop("Идентификатор"), "teachers": teachers.lazy()}):
    try:
        evaluate(**changed)
    except mayak.DataError as exc:
        for problem in exc.problems:
            print(problem.render())
'''),
    ("screen-headers-odd-spaces",
     "screen a frame whose headers hold non-breaking and wide spaces and a decomposed letter",
     '''
frame = applications.rename({"Педагогический стаж, лет": "Педагогический\\u00a0стаж,\\u2003лет",
                             "Предметная область": "  ПРЕДМЕТНАЯ  область "})
screening = rules.screen(frame.with_columns(pl.lit("и\\u0306").alias("Краи\\u0306")))
print(screening.candidates.drop("reasons").write_csv())
for problem in screening.problems:
    print(problem.render())
'''),
    ("screen-typed-numbers-out-of-range",
     "screen a frame whose whole numbers, typed, lie below and far above their range",
     '''
frame = applications.with_columns(
    pl.Series("Педагогический стаж, лет", [-5, 10**15, 7], dtype=pl.Int64))
screening = rules.screen(frame)
print(screening.candidates.drop("reasons").write_csv())
for problem in screening.problems:
    print(problem.render())
'''),
    ("screen-russian-headers", "screen an in-memory frame under Russian headers", '''
screening = rules.screen(applications, population=teachers)
print(screening.candidates.drop("reasons").write_csv())
print(screening.summary.write_csv() if screening.summary is not None else "-")
'''),
    ("screen-odd-types", "screen a frame with integers in date columns and nested values", '''
frame = applications.with_columns(
    pl.Series("Дата подачи заявки", [45000, -1, 2**62]),
    pl.Series("Дата начала педагогической деятельности", [date(2030, 1, 1), None,
                                                          date(1, 1, 1)]),
    pl.Series("Высшее педагогическое образование", [[True], [], None]),
    pl.Series("Педагогический стаж, лет", [float("nan"), float("inf"), 1e308]))
screening = rules.screen(frame)
print(screening.candidates.drop("reasons").write_csv())
'''),
    ("screen-own-row-numbers", "screen frames whose own _row column cannot name rows", '''
for rows in (["a", "b", "c"], [None, 1, 2], [1, 1, 2], [0, 1, 2], [1.5, 2.0, 3.0]):
    try:
        rules.screen(applications.with_columns(pl.Series("_row", rows)))
    except mayak.DataError as exc:
        print(exc.problems[0].render())
'''),
    ("screen-lazy-fails", "screen a LazyFrame whose own computation fails", '''
lazy = applications.lazy().with_columns(pl.col("Педагогический стаж, лет").str.to_integer())
screening = rules.screen(lazy)
'''),
    ("screen-not-a-table", "screen values that are neither tables nor paths", '''
for value in ([1, 2], None, 42, {"Номер заявки": ["1"]}):
    try:
        rules.screen(value)
    except mayak.DataError as exc:
        print(exc.problems[0].render())
'''),
    ("screen-duplicate-headers", "screen a frame whose headers fold to one column", '''
frame = applications.with_columns(pl.lit("5").alias("ПЕДАГОГИЧЕСКИЙ СТАЖ, ЛЕТ "),
                                  pl.lit("нет").alias("Стаж"))
screening = rules.screen(frame)
print(screening.candidates.drop("reasons").write_csv())
'''),
)


def library_cases(builder: Builder) -> None:
    for slug, about, body in SCRIPTS:
        name = f"library-{slug}"
        folder = builder.folder(name)
        (folder / "case.py").write_text(PRELUDE + body, encoding="utf-8")
        builder.add(folder, Case(name=name, description=about, args=("@python", "case.py"),
                                 inputs=(SHARED_INPUT,), tags=("library",)))
