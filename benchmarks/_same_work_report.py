"""The report of ``bench_report.py`` written by hand in Polars doing ``mayak report``'s work.

``python benchmarks/_same_work_report.py DATA_FOLDER OUTPUT.md`` reads the Parquet files of
the five datasets as ``mayak report`` reads them (the columns it reads, into memory), makes
the checks it makes on them (``_indicators_checks``: the keys and the distinct-counted text
scanned and tidied if need be, typed cells in range, repeated keys, rows without a year, the
level keys checked in the result and tidied if need be), computes the indicators with
``bench_indicators.handwritten`` and writes the same Markdown document: heading, basis, the
table, the indicators' basis and the targets' notes, the recommendations, the notes on the
problems found (also printed, as ``mayak report`` prints them; exit code 2 when some are
errors) and what the report was computed from (each file's SHA-256). Only the version and
the time of the computation are its own.

Only Polars and the standard library are imported, as a hand-written script would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl
from _handwritten_report import COLUMNS, DATASETS, markdown, rows_of
from _indicators_checks import (
    Finding,
    check_frames,
    engine_for,
    table_findings,
    untidy_levels,
    with_levels_tidied,
)
from bench_indicators import DIGITS, TOTAL, handwritten, uncounted

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Плановые значения показателей мониторинга 2023 года"
HEADING = f"# Мониторинг показателей — {TITLE}, 2023 г."
TARGETS_BASIS = ("Основание плановых значений: Аналитическая справка по результатам "
                 "мониторинга системы обеспечения профессионального развития педагогических "
                 "работников Калининградской области от 31.05.2023, письмо Калининградского "
                 "областного института развития образования № 580/2")
BASIS = ("Основание: Концепция системы обеспечения профессионального развития педагогических "
         "работников Калининградской области от 19.07.2022, приказ Министерства образования "
         "Калининградской области № 884/1; показатели результативности")
TARGET_NOTES = ("Примечания к плановым значениям:\n\n- Динамика создания региональных "
                "профессиональных сообществ или методических объединений: 23 / 21 = 1,095; "
                "в справке напечатано 1,09 (отброшен третий знак)")
AUDIENCE = "Калининградскому областному институту развития образования, ЦНППМ"
NORM = 200  # teachers per methodist, per subject area
RULE_FOLDERS = ("rules/order-908-1", "rules/kaliningrad", "indicators")
# The columns ``mayak report`` reads (those used, the keys, those whose cells it checks).
READ = {"community_agreements": ("year", "has_agreement"),
        "community_participation": ("teacher_id", "municipality", "event_date"),
        "teachers": ("teacher_id", "municipality", "subject_area"),
        "event_staff": ("person_id", "municipality", "regional_expert"),
        "rma": ("application_id", "municipality", "subject_area", "outcome")}
# The datasets in the order ``mayak report`` reads them and lists their files.
ORDER = ("community_agreements", "community_participation", "teachers", "event_staff", "rma")
KEY_HEADERS = {"teachers": "teacher_id", "event_staff": "person_id", "rma": "application_id"}
PUBLISHED_AT = {"rma_curator_share": "16:16", "teachers_per_methodist": "20:16",
                "expert_share_in_events": "23:16", "community_participation_share": "26:16",
                "community_growth": "29:16"}
# The headers each column of the screening result is looked for under (for the notes).
TRIED = {
    "full_name": "«full_name», «ФИО», «Фамилия, имя, отчество», «Кандидат»",
    "application_date": "«application_date», «Дата подачи заявки», «Дата заявки»",
    "higher_pedagogical": "«higher_pedagogical», «Высшее педагогическое образование»",
    "higher_in_subject": ("«higher_in_subject», «Высшее образование по профилю предмета», "
        "«Высшее образование в области преподаваемого предмета»"),
    "retraining": "«retraining», «Профессиональная переподготовка по профилю», «Переподготовка»",
    "experience_years": ("«experience_years», «Педагогический стаж, лет», «Стаж», "
        "«Педагогический стаж»"),
    "teaching_since": ("«teaching_since», «Дата начала педагогической деятельности», "
        "«Педагогический стаж с»"),
    "category": "«category», «Квалификационная категория», «Категория»",
    "trained_academy": ("«trained_academy», «ПК в Академии Минпросвещения России», "
        "«Повышение квалификации в Академии Минпросвещения»"),
    "trained_institute": ("«trained_institute», "
        "«ПК в Калининградском областном институте развития образования», "
        "«ПК в КОИРО», «Повышение квалификации в КОИРО»"),
    "competence_assessed": ("«competence_assessed», "
        "«Оценка профессиональных компетенций пройдена», «Оценка компетенций», "
        "«Прошёл оценку профессиональных компетенций»"),
    "experience": "«experience»",
    "K1": ("«K1», "
        "«высшее педагогическое образование или высшее образование по профилю предмета "
        "с профессиональной переподготовкой»"),
    "K1_explain": "«K1_explain», «K1: данные», «K1: data»",
    "K2": "«K2», «педагогический стаж не менее пяти лет в системе российского образования»",
    "K2_explain": "«K2_explain», «K2: данные», «K2: data»",
    "K3": "«K3», «высшая квалификационная категория»",
    "K3_explain": "«K3_explain», «K3: данные», «K3: data»",
    "K4": ("«K4», "
        "«повышение квалификации в Академии Минпросвещения России и (или) "
        "Калининградском областном институте развития образования»"),
    "K4_explain": "«K4_explain», «K4: данные», «K4: data»",
    "K5": "«K5», «пройдена оценка профессиональных компетенций»",
    "K5_explain": "«K5_explain», «K5: данные», «K5: data»",
    "reasons": "«reasons», «Основания», «Reasons»",
}


def _shown(path: Path) -> str:
    """A path as notes show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _number(text: str) -> str:
    return text.replace(".", ",")


def _note(finding: Finding, files: Mapping[str, str]) -> str:
    """A finding as the report's notes write it."""
    code, label, row, detail = finding
    name = label.strip("<>")
    file = files.get(name, label)
    match code:
        case "data.missing_unused":
            return (f"{file}: в файле нет необязательных столбцов, которые этот расчёт не "
                    f"использует: {detail}")
        case "data.missing_optional":
            return (f"{file}: нет столбца «{detail}» (искали заголовки: {TRIED[detail]}): "
                    "значения считаются неизвестными")
        case "data.out_of_range":
            return (f"{file}: строка {row}, столбец «year»: значение {detail} вне допустимого "
                    "диапазона [1990; 2100]; считается неизвестным")
        case "data.impossible_date":
            return (f"{file}: строка {row}, столбец «event_date»: дата «{detail}» невозможна — "
                    "она позже сегодняшнего дня или раньше 1900 года: считается неизвестной, "
                    "проверьте год")
        case "data.duplicate_key":
            value, rows = detail.split(": ", 1)
            key = KEY_HEADERS[name]
            return (f"{file}: строка {row}, столбец «{key}»: значение «{value}» ключа «{key}» "
                    f"повторяется в строках {rows}")
        case "data.rows_without_period":
            count, rows = detail.split(": ", 1)
            return (f"{file}: строка {row}, столбец «Год»: не указан период или он не прочитан "
                    f"— строк: {count} (строки {rows}); в отчёт ни за какой период они не "
                    "вошли — укажите или исправьте в них период")
        case "level.unavailable_dataset":
            indicator, level, dataset = detail.split()
            return (f"indicators/{label}: показатель «{indicator}» не считается на уровне "
                    f"«{level}»: в наборе «{dataset}» нет такого столбца")
        case "eval.uncounted_rows":
            indicator, variable, kind, count_rows = detail.split(" ", 3)
            count, rows = count_rows.split(": ", 1)
            return (f"{file}: строка {row}: показатель «{indicator}», переменная «{variable}» "
                    f"({kind}): в строках {rows} (всего {count}) условие where или значение "
                    "неизвестно, и они не посчитаны — значение может быть занижено. Заполните "
                    "эти значения")
        case "report.published_differs":
            indicator, printed, value = detail.split()
            return (f"rules/kaliningrad/{label}:{PUBLISHED_AT[indicator]}: targets.{indicator}"
                    f".published: показатель «{indicator}»: в опубликованном документе "
                    f"{_number(printed)}, пересчёт даёт {_number(value)}")
    return f"{file}: {code} {detail}"  # a kind these data do not have


ERRORS = ("data.out_of_range", "data.impossible_date", "data.bad_value")
# Where each kind of finding comes in Mayak's list: reading (file by file), evaluating.
STAGE = {"data.missing_unused": 0, "data.missing_optional": 0, "data.out_of_range": 1,
         "data.impossible_date": 1, "data.bad_value": 1, "data.more_bad_values": 1,
         "data.duplicate_key": 2, "data.more_duplicate_keys": 2, "level.unavailable_dataset": 3,
         "data.rows_without_period": 4, "data.period_empty": 4, "eval.uncounted_rows": 5,
         "report.published_differs": 6}


def _ordered(found: Sequence[Finding]) -> list[Finding]:
    """The findings in the order of Mayak's notes: the files' in reading order, then
    the evaluation's."""
    def place(finding: Finding) -> tuple[int, int, int]:
        stage = STAGE.get(finding[0], 7)
        name = finding[1].strip("<>")
        file = ORDER.index(name) if name in ORDER and stage < 3 else -1
        return (0 if stage < 3 else stage, file, stage)
    return sorted(found, key=place)


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def recommendations(table: pl.DataFrame) -> list[str]:
    """The texts of ``rules/kaliningrad/recommendations-rma.yaml`` for the subject areas
    (a few rows: a loop over them), rule by rule as Mayak lists them: every area with no
    methodist, then every area below the norm."""
    none, below = [], []
    for key, z, m, value in table.sort("subject_area", nulls_last=True).select(
            "subject_area", "Z", "A", "teachers_per_methodist").iter_rows():
        if z is None or m is None:
            continue
        needed = math.ceil(z / NORM)
        teachers = f"{z} {_plural(z, 'педагог', 'педагога', 'педагогов')}"
        if m == 0 and z > 0:
            none.append(f"Включить в состав РМА методистов для сопровождения педагогов "
                         f"направления «{key}» ({teachers}): методистов нет, по норме «один "
                         f"методист на {NORM} педагогов» "
                         f"{_plural(needed, 'нужен', 'нужно', 'нужно')} {needed}.")
        elif m > 0 and value is not None and value > NORM:
            v = int(value)
            below.append(f"Расширить состав РМА по направлению «{key}» для достижения "
                         f"показателя «один методист на {NORM} педагогов»: сейчас {v} "
                         f"{_plural(v, 'педагог', 'педагога', 'педагогов')} на одного "
                         f"методиста ({teachers}, {m} "
                         f"{_plural(m, 'методист', 'методиста', 'методистов')}), не хватает "
                         f"{needed - m}.")
    return none + below


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def provenance(data: Mapping[str, Path]) -> str:
    """What the report was computed from: the rule files and the data files, hashed."""
    rules = [p for folder in RULE_FOLDERS for p in sorted((ROOT / folder).rglob("*.yaml"))]
    files = [("правила", p) for p in rules] + [("данные", data[n]) for n in ORDER]
    table = pl.DataFrame({"Роль": [r for r, _ in files],
                          "Файл": [_shown(p) for _, p in files],
                          "SHA-256": [_sha256(p) for _, p in files]})
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ("## Сведения о расчёте\n\n- Версия: рукописный скрипт\n"
            f"- Дата и время расчёта: {now} (UTC)\n- Отчётный период: 2023 г.\n\n"
            + markdown(table))


def _read(path: Path, name: str) -> tuple[pl.DataFrame, list[str]]:
    """The columns read, and every column of the file (for the missing ones)."""
    present = list(pl.read_parquet_schema(path))
    return pl.read_parquet(path, columns=[c for c in READ[name] if c in present]), present


def main(argv: list[str]) -> int:
    data, output = Path(argv[0]), Path(argv[1])
    paths = {name: data / f"{name}.parquet" for name in DATASETS}
    # One after the other: reading in threads was no faster (Polars' reader is parallel).
    read = {name: _read(path, name) for name, path in paths.items()}
    frames = {n: frame for n, (frame, _) in read.items()}
    engine = engine_for(frames)
    checked = check_frames(frames, columns={n: present for n, (_, present) in read.items()},
                           engine=engine, used=READ)
    tables = handwritten(checked.frames, engine=engine)
    retidy = untidy_levels(tables)
    if retidy:  # rare: a level key needed tidying, so the groups were wrong
        tables = handwritten(with_levels_tidied(checked.frames, retidy), engine=engine)
    found = _ordered([*checked.findings, *table_findings(
        tables, DIGITS, [("community_growth", "municipality", "community_agreements")]),
        *uncounted(checked.frames, tables[TOTAL].row(0, named=True))])
    files = {name: _shown(path) for name, path in paths.items()}
    notes = [_note(f, files) for f in found]
    rows = pl.concat([part for level, table in tables.items() for part in rows_of(table, level)])
    advice = recommendations(tables["subject_area"])
    parts = [HEADING, TARGETS_BASIS, markdown(rows.select(COLUMNS)), BASIS, TARGET_NOTES]
    if advice:
        parts.append("## Адресные рекомендации\n\n" + f"- {AUDIENCE}:\n" + "\n".join(
            f"   {n}. {text}" for n, text in enumerate(advice, 1)))
    if notes:
        parts.append("## Замечания\n\n" + "\n".join(f"- {note}" for note in notes))
    parts.append(provenance(paths))
    output.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    print(f"Записано: {_shown(output)}", *notes, sep="\n", file=sys.stderr)
    errors = sum(f[0] in ERRORS for f in found)
    if errors:
        print(f"Проблемы во входных данных: {errors}. Отчёт построен, неизвестные значения "
              "отмечены.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
