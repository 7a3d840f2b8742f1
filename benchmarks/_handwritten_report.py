"""The report of ``bench_report.py`` written by hand in Polars, as a script of its own.

``python benchmarks/_handwritten_report.py DATA_FOLDER OUTPUT.md`` reads the Parquet files of
the five datasets lazily (only the columns it uses), computes the indicators with
``bench_indicators``' hand-written queries and writes the same Markdown table as
``mayak report --format md``: the heading and one row per indicator and level key, with the
value, the planned value, the status and the counts. The recommendations and the notes under
the table are left out (a few lines computed from the small result tables).

Only Polars and the standard library are imported, as a hand-written script would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
from bench_indicators import TOTAL, handwritten

HEADING = "# Мониторинг показателей — kaliningrad-2023, 2023"
COLUMNS = ("Показатель", "Уровень", "Значение", "План", "Статус", "Расчёт")
DATASETS = ("teachers", "rma", "event_staff", "community_participation", "community_agreements")
LEVEL_TITLES = {"municipality": "Муниципалитет", "subject_area": "Предметная область"}
UNKNOWN = "нет данных"
STATUSES = {"met": "достигнуто", "not_met": "не достигнуто", "no_data": UNKNOWN,
            "no_target": "—"}

# Per indicator, in the report's order: title, unit shown after the value, decimals, the
# planned value as the targets write it, and the counts shown (name in the report,
# hand-written column).
REPORTED = {
    "rma_curator_share": (
        "Доля педагогических работников, входящих в пул региональных методистов / тьюторов и "
        "экспертов, выполняющих функции кураторов индивидуальных маршрутов",
        " %", 1, "не менее 0,5", (("A", "A"), ("Z", "Z"))),
    "teachers_per_methodist": (
        "Количество педагогических работников, закреплённых за одним региональным методистом "
        "/ тьютором для адресной методической поддержки и сопровождения ИОМ",
        "", 0, "не более 200", (("Z", "Z"), ("M", "A"))),
    "expert_share_in_events": (
        "Доля педагогических работников со статусом регионального эксперта и (или) методиста "
        "/ тьютора, привлекаемых к проведению методических мероприятий ЦНППМ",
        " %", 1, "не менее 20", (("E_m", "E_m"), ("Z", "Z_staff"))),
    "community_participation_share": (
        "Доля педагогических работников, принимающих участие в мероприятиях региональных "
        "профессиональных сообществ или методических объединений",
        " %", 1, "не менее 50", (("S", "S"), ("Z", "Z"))),
    "community_growth": (
        "Динамика создания региональных профессиональных сообществ или методических "
        "объединений",
        "", 2, "не менее 1", (("d1", "d1"), ("d2", "d2"))),
}


def _fixed(value: pl.Expr, digits: int) -> pl.Expr:
    """A non-negative value with exactly ``digits`` decimals and a decimal comma."""
    factor = 10**digits
    # Half up, of the decimal value (binary noise settled first), as Mayak rounds.
    scaled = ((value * factor).round(9) + 0.5).floor().cast(pl.Int64)
    whole = (scaled // factor).cast(pl.String)
    if digits == 0:
        return whole
    return whole + "," + (scaled % factor).cast(pl.String).str.zfill(digits)


def _count(name: str, column: str, columns: list[str]) -> pl.Expr:
    shown = pl.lit(f"{name} = ") + pl.col(column).cast(pl.String).fill_null(UNKNOWN)
    unknown = f"{column}.unknown"
    if unknown not in columns:  # a plain row count is never unknown
        return shown
    return shown + pl.when(pl.col(unknown) > 0).then(
        pl.lit(" (неизв.: ") + pl.col(unknown).cast(pl.String) + ")").otherwise(pl.lit(""))


def rows_of(table: pl.DataFrame, level: str) -> list[pl.DataFrame]:
    """The report's rows of one level, indicator by indicator, keys in order."""
    label = (pl.lit("всего") if level == TOTAL
             else pl.lit(f"{LEVEL_TITLES[level]}: ") + pl.col(level).fill_null("—"))
    ordered = table if level == TOTAL else table.sort(level, nulls_last=True)
    parts = []
    for indicator, (title, unit, digits, planned, counts) in REPORTED.items():
        if indicator not in table.columns:
            continue
        value = pl.col(indicator)
        parts.append(ordered.select(
            pl.lit(title).alias(COLUMNS[0]), label.alias(COLUMNS[1]),
            (_fixed(value, digits) + unit).fill_null(UNKNOWN).alias(COLUMNS[2]),
            pl.lit(planned).alias(COLUMNS[3]),
            pl.col(f"{indicator}.status").replace_strict(STATUSES).alias(COLUMNS[4]),
            pl.concat_str([_count(n, c, table.columns) for n, c in counts], separator="; ")
            .alias(COLUMNS[5])))
    return parts


def markdown(rows: pl.DataFrame) -> str:
    """A Markdown table: every cell padded to its column's width."""
    widths = [max(len(name), rows.get_column(name).str.len_chars().max() or 0)  # type: ignore[operator]
              for name in rows.columns]
    header = "| " + " | ".join(n.ljust(w) for n, w in zip(rows.columns, widths, strict=True))
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = rows.select(pl.concat_str(
        [pl.lit("| "), *[pl.col(n).str.pad_end(w) + pl.lit(" | ")
                         for n, w in zip(rows.columns, widths, strict=True)]])
        .str.strip_chars_end(" ")).to_series()
    return "\n".join([header + " |", rule, *body])


def main(argv: list[str]) -> int:
    data, output = Path(argv[0]), Path(argv[1])
    frames = {name: pl.scan_parquet(data / f"{name}.parquet") for name in DATASETS}
    tables = handwritten(frames)  # type: ignore[arg-type]  # a LazyFrame's .lazy() is itself
    rows = pl.concat([part for level, table in tables.items() for part in rows_of(table, level)])
    output.write_text(f"{HEADING}\n\n{markdown(rows)}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
