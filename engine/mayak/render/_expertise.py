"""Expert reviews and classes as tables people read: one row per unit with a column per
section (never one line per score), the maxima in force, the averages over all units and
per class with both kinds of change, and who is in which class."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import polars as pl
from msgspec import Struct

from mayak.evaluate._result import Result
from mayak.expr._format import format_number
from mayak.messages._catalogue import Lang, text
from mayak.spec._model import Classification, Scoring
from mayak.spec._period import Period, parse_period

AUDIT_CHECKS = ("differs", "above_max", "not_sum", "average_differs", "unknown_unit",
                "not_printed", "printed_not_submitted", "printed_no_data")


class Table(Struct, frozen=True):
    """A titled table of text, ready to draw."""

    title: str
    frame: pl.DataFrame
    note: str = ""  # a line under the table: how to read it


def _shown(column: str, lang: Lang, *, signed: bool = False) -> pl.Expr:
    shown = format_number(pl.col(column), lang)
    if signed:
        shown = pl.when(pl.col(column) > 0).then(pl.lit("+") + shown).otherwise(shown)
    return shown


def _period_title(code: str | None, lang: Lang) -> str:
    found = parse_period(code) if code else None
    return found.label(lang) if found else "—"


def _titles(review: Scoring, classifications: Mapping[str, Classification]
            ) -> dict[str, str]:
    """Each class column's title."""
    return {name: classifications[name].title if name in classifications else name
            for name in review.classes}


def _maxima(review: Scoring, period: Period | None, lang: Lang) -> dict[str, str]:
    shown = {}
    for section in review.sections:
        top = section.max_in(period)
        shown[section.id] = "—" if top is None else _number(top, lang)
    return shown


def _number(value: float | None, lang: Lang) -> str:
    found: str = pl.select(format_number(pl.lit(value, pl.Float64), lang)).item()
    return found


def unit_table(result: Result, review: Scoring,
               classifications: Mapping[str, Classification], code: str | None,
               lang: Lang) -> pl.DataFrame:
    """One row per unit of one period: classes, each section's score, the total, its
    percentage of the maximum, the rank and the paired change; a first row with the
    maxima."""
    units = result.scores[review.id].filter(
        pl.col("period") == code if code else pl.col("period").is_null())
    status = pl.col("status")
    said = (pl.when(status == "not_submitted").then(pl.lit(text("score.not_submitted", lang)))
            .when(status == "no_data").then(pl.lit(text("value.unknown", lang))))
    sections = {s.id: s.title for s in review.sections}
    compared = result.compared_with is not None and code == (
        result.period.code if result.period else None)
    columns = [
        pl.col("unit").alias(text("col.unit_name", lang)),
        *[pl.col(c).fill_null(text("value.unknown", lang)).alias(title)
          for c, title in _titles(review, classifications).items()],
        *[pl.when(status == "not_submitted").then(pl.lit("—")).otherwise(_shown(s, lang))
          .alias(title) for s, title in sections.items()],
        pl.coalesce(said, _shown("total", lang)).alias(text("col.total", lang)),
        pl.when(status == "scored").then(_shown("percent", lang)).otherwise(pl.lit("—"))
        .alias(text("col.percent_of_max", lang)),
        pl.col("rank").cast(pl.String).fill_null("—").alias(text("col.rank", lang)),
    ]
    if compared:
        columns += [
            pl.when(pl.col("change").is_not_null()).then(_shown("change", lang, signed=True))
            .otherwise(pl.lit("—")).alias(text("col.paired_change", lang)),
            pl.when(pl.col("percent_change").is_not_null())
            .then(_shown("percent_change", lang, signed=True)).otherwise(pl.lit("—"))
            .alias(text("col.paired_percent_change", lang))]
    table = units.select(columns)
    period = parse_period(code) if code else None
    maxima = _maxima(review, period, lang)
    top = _number(units.get_column("max_total").max(), lang)  # type: ignore[arg-type]
    first = {name: "" for name in table.columns}
    first[text("col.unit_name", lang)] = text("score.max_row", lang)
    first.update({title: maxima[s] for s, title in sections.items()})
    first[text("col.total", lang)] = top
    return pl.concat([pl.DataFrame([first], schema=dict.fromkeys(table.columns, pl.String)),
                      table])


def average_order(review: Scoring, classifications: Mapping[str, Classification]) -> pl.Expr:
    """The place of an averages row: all units first, then each classification's classes
    in the order the specs list them, then any other."""
    place = {f"{name}\x1f{rule.id}": n * 1000 + m for n, name in enumerate(review.classes)
             if name in classifications
             for m, rule in enumerate(classifications[name].classes)}
    key = pl.col("classification").fill_null("") + "\x1f" + pl.col("class").fill_null("")
    return (pl.when(pl.col("classification").is_null()).then(-1)
            .otherwise(key.replace_strict(place, default=len(review.classes) * 1000,
                                          return_dtype=pl.Int64)))


def average_group(review: Scoring, classifications: Mapping[str, Classification],
                  lang: Lang) -> pl.Expr:
    """What an averages row averages over: all units, or «classification: class»."""
    titles = {c: classifications[c].title if c in classifications else c
              for c in review.classes}
    return (pl.when(pl.col("classification").is_null())
            .then(pl.lit(text("score.all_units", lang)))
            .otherwise(pl.col("classification").replace_strict(titles, default=pl.col(
                "classification")) + ": " + pl.col("class")))


def average_table(result: Result, review: Scoring,
                  classifications: Mapping[str, Classification], code: str | None,
                  lang: Lang) -> pl.DataFrame:
    """The averages of one period: over all units, then per class; each section, the
    total, the percentage; the difference of averages and the average paired change."""
    averages = result.score_averages[review.id].filter(
        pl.col("period") == code if code else pl.col("period").is_null()
    ).sort(average_order(review, classifications), maintain_order=True)
    group = average_group(review, classifications, lang)
    compared = result.compared_with is not None and code == (
        result.period.code if result.period else None)
    columns = [
        group.alias(text("col.group", lang)),
        pl.col("units").cast(pl.String).alias(text("col.units", lang)),
        pl.col("averaged").cast(pl.String).alias(text("col.averaged", lang)),
        *[_shown(s.id, lang).alias(s.title) for s in review.sections],
        _shown("total", lang).alias(text("col.total", lang)),
        _shown("percent", lang).alias(text("col.percent_of_max", lang)),
    ]
    if compared:
        columns += [
            _shown("change_of_averages", lang, signed=True).alias(
                text("col.change_of_averages", lang)),
            _shown("paired_change", lang, signed=True).alias(text("col.mean_paired", lang)),
            _shown("percent_change_of_averages", lang, signed=True).alias(
                text("col.percent_change_of_averages", lang)),
        ]
    return averages.select(columns)


def class_table(result: Result, spec: Classification, code: str | None,
                lang: Lang) -> pl.DataFrame:
    """Who is in each class in one period, the classes in the spec's order."""
    mine = result.classes.filter((pl.col("classification") == spec.id) & (
        pl.col("period") == code if code else pl.col("period").is_null()))
    order = {rule.id: n for n, rule in enumerate(spec.classes)}
    shown = {rule.id: rule.shown for rule in spec.classes}
    grouped = (mine.filter(pl.col("class").is_not_null())
               .group_by("class", maintain_order=True)
               .agg(pl.len().alias("n"), pl.col("unit").sort().str.join(", "))
               .sort(pl.col("class").replace_strict(order, default=None)))
    unknown = mine.filter(pl.col("class").is_null())
    table = grouped.select(
        pl.col("class").replace_strict(shown, default=pl.col("class")).alias(
            text("col.class", lang)),
        pl.col("n").cast(pl.String).alias(text("col.units", lang)),
        pl.col("unit").alias(text("col.unit_names", lang)))
    if unknown.height:
        table = pl.concat([table, pl.DataFrame(
            {text("col.class", lang): [text("value.unknown", lang)],
             text("col.units", lang): [str(unknown.height)],
             text("col.unit_names", lang): [", ".join(sorted(unknown["unit"].to_list()))]})])
    return table


def audit_detail(lang: Lang) -> pl.Expr:
    """A finding's ``detail`` explained: which other divisor the printed figure matches."""
    detail = pl.col("detail").str.split(":")
    return pl.when(pl.col("detail").fill_null("") != "").then(
        pl.lit(text("audit.detail.before", lang)) + detail.list.get(1, null_on_oob=True)
        + pl.lit(" — ") + detail.list.get(0, null_on_oob=True).replace_strict(
            {w: text(f"audit.divisor.{w}", lang) for w in ("all", "submitted", "plain_mean")},
            default=pl.lit(""))).otherwise(pl.lit(""))


def audit_tables(result: Result, lang: Lang) -> Iterator[Table]:
    """The findings of each audit of a published table, one row each, in table order."""
    findings = result.audits
    if findings.is_empty():
        return
    named = {c: text(f"audit.check.{c}", lang) for c in AUDIT_CHECKS}
    for (title, code), rows in findings.group_by("title", "period", maintain_order=True):
        explained = audit_detail(lang)
        table = rows.sort("row", nulls_last=True).select(
            pl.col("row").cast(pl.String).fill_null("—").alias(text("col.row", lang)),
            pl.col("unit").alias(text("col.unit_name", lang)),
            pl.col("header").fill_null("—").alias(text("col.printed_column", lang)),
            pl.col("check").replace_strict(named, default=pl.col("check")).alias(
                text("col.check", lang)),
            pl.when(pl.col("printed").is_not_null()).then(_shown("printed", lang))
            .otherwise(pl.lit("—")).alias(text("col.printed", lang)),
            pl.when(pl.col("recomputed").is_not_null()).then(_shown("recomputed", lang))
            .otherwise(pl.lit("—")).alias(text("col.recomputed", lang)),
            explained.alias(text("col.explained", lang)))
        if table.get_column(text("col.explained", lang)).str.len_chars().max() == 0:
            table = table.drop(text("col.explained", lang))
        yield Table(text("audit.title", lang, title=str(title),
                         period=_period_title(str(code) if code else None, lang)), table)


def expertise_tables(result: Result, reviews: Mapping[str, Scoring],
                     classifications: Mapping[str, Classification],
                     lang: Lang) -> Iterator[Table]:
    """The tables of every review, its audits and every classification, the reporting
    period first."""
    codes: list[str | None] = [p.code for p in (result.period, result.compared_with)
                               if p is not None] or [None]
    for review in reviews.values():
        if review.id not in result.scores:
            continue
        present = set(result.scores[review.id].get_column("period").to_list())
        for code in [c for c in codes if c in present or c is None]:
            when = _period_title(code, lang)
            yield Table(text("score.title", lang, title=review.title, period=when),
                        unit_table(result, review, classifications, code, lang),
                        text("score.rank_note", lang))
            compared = result.compared_with is not None and code == (
                result.period.code if result.period else None)
            yield Table(text("score.averages", lang, title=review.title, period=when),
                        average_table(result, review, classifications, code, lang),
                        text(f"score.averages_note.{review.missing}", lang)
                        + (" " + text("score.change_note", lang) if compared else ""))
    yield from audit_tables(result, lang)
    for spec in classifications.values():
        present = set(result.classes.filter(pl.col("classification") == spec.id)
                      .get_column("period").to_list())
        for code in [c for c in codes if c in present]:
            yield Table(text("class.title", lang, title=spec.title,
                             period=_period_title(code, lang)),
                        class_table(result, spec, code, lang))
