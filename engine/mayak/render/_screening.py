"""Show a screening to people: terminal tables, CSV, JSON and a formatted XLSX workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO, Protocol

import polars as pl

from mayak.expr._compile import Kind
from mayak.expr._format import format_value
from mayak.expr._scope import COLUMN_KINDS
from mayak.files._write import put
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Lang, text
from mayak.messages._problems import Problem
from mayak.render._about import provenance_record, provenance_short
from mayak.render._basis import basis_record, basis_text
from mayak.render._csv import sink_csv
from mayak.render._markdown import polars_text
from mayak.render._report import problem_record
from mayak.screen._screen import Screening
from mayak.spec._model import (
    NO_GROUP,
    OUTCOME_COLUMN,
    OUTCOMES,
    REASONS_COLUMN,
    Admission,
    Dataset,
    explain_column,
)

LIST_LIMIT = 200  # more candidates than this are not printed on a terminal


def outcome_label(lang: Lang) -> pl.Expr:
    """The outcome as the catalogue names it: «включён», «резерв», «на проверку»."""
    labels = {o: text(f"outcome.{o}", lang) for o in OUTCOMES}
    return pl.col(OUTCOME_COLUMN).cast(pl.String).replace_strict(labels, default=None)


def summary_label(outcome: str, admission: Admission, lang: Lang) -> str:
    """The spec's own name of an outcome, else the catalogue's."""
    return admission.outcomes.get(outcome) or text(f"outcome.{outcome}", lang)


def _identifying(dataset: Dataset, admission: Admission) -> list[str]:
    """The columns that tell candidates apart on a short list: the key and the group."""
    return [c for c in (dataset.key, admission.summary_by)
            if c is not None and c in dataset.columns]


def candidates_frame(screening: Screening, admission: Admission, dataset: Dataset,
                     lang: Lang, *, with_row: bool = True) -> pl.LazyFrame:
    """Every candidate with every value as text, under the headers people know; written as
    CSV it reads back as the screening dataset. Lazy: a writer computes it piece by piece."""
    frame = screening.candidates
    columns: list[pl.Expr] = [pl.col(ROW).alias(text("col.row", lang))] if with_row else []
    for name, column in dataset.columns.items():
        columns.append(format_value(pl.col(name), COLUMN_KINDS[column.type], lang, exact=True)
                       .alias(column.title or name))
    for name in admission.derive:
        kind: Kind = ("number" if frame.schema[name].is_numeric() else
                      "boolean" if frame.schema[name] == pl.Boolean else
                      "date" if frame.schema[name] == pl.Date else "string")
        columns.append(format_value(pl.col(name), kind, lang, exact=True).alias(name))
    for criterion in admission.criteria:
        columns.append(format_value(pl.col(criterion.id), "boolean", lang).alias(criterion.id))
    columns += [pl.col(explain_column(c.id)).alias(text("col.explain", lang, id=c.id))
                for c in admission.criteria]
    columns += [outcome_label(lang).alias(text("col.outcome", lang)),
                pl.col(REASONS_COLUMN).alias(text("col.reasons", lang))]
    return frame.lazy().select(columns)


def summary_frame(screening: Screening, admission: Admission, dataset: Dataset,
                  lang: Lang) -> pl.DataFrame | None:
    """The summary with a total row, under the headers of the published table."""
    summary = screening.summary
    if summary is None or admission.summary_by is None:
        return None
    by = admission.summary_by
    column = dataset.columns.get(by)
    counts = [c for c in summary.columns if c != by]
    # A total over groups of which one is unknown is unknown too (never a partial sum).
    total = summary.select(pl.lit(text("col.total_row", lang)).alias(by),
                           *[pl.when(pl.col(c).null_count() == 0).then(pl.col(c).sum())
                             .alias(c) for c in counts])
    headers = {by: column.title if column and column.title else by,
               "population": text("col.population", lang),
               "applications": text("col.applications", lang),
               **{o: summary_label(o, admission, lang) for o in OUTCOMES}}
    table = pl.concat([summary.with_columns(pl.col(by).cast(pl.String).fill_null(NO_GROUP)),
                       total])
    return table.rename({c: headers.get(c, c) for c in table.columns})


def reserve_frame(screening: Screening, dataset: Dataset, admission: Admission,
                  lang: Lang) -> pl.LazyFrame:
    """The reserve list: the application as submitted, and why the candidate is not in."""
    return screening.reserve.lazy().select(
        pl.col(ROW).alias(text("col.row", lang)),
        *[format_value(pl.col(name), COLUMN_KINDS[column.type], lang, exact=True)
          .alias(column.title or name) for name, column in dataset.columns.items()],
        pl.col(REASONS_COLUMN).alias(text("col.reasons", lang)))


def problems_frame(problems: tuple[Problem, ...], lang: Lang) -> pl.DataFrame:
    """The problems found while screening, one row each: severity, place, message."""
    return pl.DataFrame({
        text("col.severity", lang): [text(f"severity.{p.severity}", lang) for p in problems],
        text("col.place", lang): [p.location.render(lang) if p.location else "" for p in problems],
        text("col.message", lang): [p.message(lang) for p in problems],
    }, schema=dict.fromkeys([text("col.severity", lang), text("col.place", lang),
                             text("col.message", lang)], pl.String))


def counts_line(screening: Screening, admission: Admission, lang: Lang) -> str:
    """"Applications: 69; admitted: 51; …" in ``lang``."""
    outcomes = screening.candidates[OUTCOME_COLUMN].value_counts()
    count = dict(zip(outcomes[OUTCOME_COLUMN].cast(pl.String), outcomes["count"], strict=True))
    return text("screen.counts", lang, total=screening.candidates.height,
                admitted_label=summary_label("admitted", admission, lang),
                admitted=count.get("admitted", 0),
                reserve_label=summary_label("reserve", admission, lang),
                reserve=count.get("reserve", 0),
                review_label=summary_label("needs_review", admission, lang),
                review=count.get("needs_review", 0))


def _compact_reasons(admission: Admission, lang: Lang) -> pl.Expr:
    """Failed and unknown criteria with what the data said, without the criteria titles."""
    parts = [pl.when(pl.col(c.id).not_()).then(pl.lit(f"{c.id}: ") + pl.col(explain_column(c.id)))
             .when(pl.col(c.id).is_null()).then(pl.lit(f"{c.id}?: ")
                                                + pl.col(explain_column(c.id)))
             for c in admission.criteria]
    compact = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    review = pl.col(OUTCOME_COLUMN) == "needs_review"
    return (pl.when(review).then(pl.col(REASONS_COLUMN))
            .when(compact != "").then(compact).otherwise(pl.lit(text("screen.all_met", lang))))


def criteria_legend(admission: Admission, lang: Lang) -> str:
    """Under the candidates: each criterion's id and title (with its own legal basis, if
    it gives one), then the admission's basis."""
    lines = [text("screen.criteria", lang) + ":"]
    for criterion in admission.criteria:
        own = (f" ({text('screen.basis', lang, basis=basis_text(criterion.basis, lang))})"
               if criterion.basis else "")
        lines.append(f"{criterion.id} — {criterion.title}{own}")
    if admission.basis is not None:
        lines.append(text("screen.basis", lang, basis=basis_text(admission.basis, lang)))
    return "\n".join(lines)


def render_table(screening: Screening, admission: Admission, dataset: Dataset,
                 lang: Lang) -> str:
    """The screening for a terminal: counts, candidates, summary and reserve."""
    parts = [text("screen.title", lang, title=admission.title), counts_line(screening,
                                                                            admission, lang)]
    if screening.candidates.height <= LIST_LIMIT:
        short = screening.candidates.select(
            pl.col(ROW).alias(text("col.row", lang)),
            *[pl.col(c).cast(pl.String).alias(dataset.columns[c].title or c)
              for c in _identifying(dataset, admission)],
            *[format_value(pl.col(c.id), "boolean", lang).alias(c.id)
              for c in admission.criteria],
            outcome_label(lang).alias(text("col.outcome", lang)),
            _compact_reasons(admission, lang).alias(text("col.reasons", lang)))
        parts.append(polars_text(short, "UTF8_FULL_CONDENSED"))
    else:
        parts.append(text("screen.too_many", lang, count=screening.candidates.height))
    parts.append(criteria_legend(admission, lang))
    summary = summary_frame(screening, admission, dataset, lang)
    if summary is not None:
        shown = summary.with_columns(pl.col(pl.Int64).cast(pl.String)
                                     .fill_null(text("value.unknown", lang)))
        parts += [text("sheet.summary", lang), polars_text(shown, "UTF8_FULL_CONDENSED")]
    reserve = screening.reserve
    if 0 < reserve.height <= LIST_LIMIT:
        shown = reserve.select(
            pl.col(ROW).alias(text("col.row", lang)),
            *[pl.col(c).cast(pl.String).alias(dataset.columns[c].title or c)
              for c in _identifying(dataset, admission)],
            _compact_reasons(admission, lang).alias(text("col.reasons", lang)))
        parts += [text("sheet.reserve", lang), polars_text(shown, "UTF8_FULL_CONDENSED")]
    about = provenance_short(screening.provenance, lang)
    return "\n\n".join([*parts, *(["\n".join(about)] if about else [])]) + "\n"


def render_csv(screening: Screening, admission: Admission, dataset: Dataset, lang: Lang,
               target: Path | BinaryIO) -> None:
    """The candidates as CSV (UTF-8 with BOM for Excel) under the provenance's ``#`` lines
    (see ``mayak.render._csv``), text that looks like a formula kept as text. Read back as
    the screening dataset, the lines are skipped. The criteria's legal basis is in the JSON
    and the workbook."""
    frame = candidates_frame(screening, admission, dataset, lang, with_row=False)
    if isinstance(target, Path):
        with target.open("wb") as stream:
            sink_csv(frame, screening.provenance, stream)
    else:
        sink_csv(frame, screening.provenance, target)


def render_json(screening: Screening, admission: Admission, dataset: Dataset, lang: Lang,
                target: Path | BinaryIO) -> None:
    """The screening as JSON: the admission with its legal basis, each criterion with its
    own, candidates, summary, problems and the provenance."""
    document = {
        "admission": admission.id,
        "title": admission.title,
        "basis": basis_record(admission.basis),
        "criteria": [{"id": c.id, "title": c.title, "rule": c.rule,
                      "basis": basis_record(c.basis)} for c in admission.criteria],
        "candidates": json.loads(screening.candidates.write_json()),
        "summary": json.loads(screening.summary.write_json()) if screening.summary is not None
        else None,
        "problems": [problem_record(p, lang) for p in screening.problems],
        "provenance": provenance_record(screening.provenance),
    }
    put(target, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def render_xlsx(screening: Screening, admission: Admission, dataset: Dataset, lang: Lang,
                target: Path | BinaryIO) -> None:
    """A workbook a methodologist can open, with how the screening was made on a sheet of
    its own (see ``mayak.render._screening_xlsx``)."""
    from mayak.render._screening_xlsx import render_workbook  # noqa: PLC0415  (built on this)

    render_workbook(screening, admission, dataset, lang, target)


class Renderer(Protocol):
    """A screening written to a file path or a binary stream in one format."""

    def __call__(self, screening: Screening, admission: Admission, dataset: Dataset,
                 lang: Lang, target: Path | BinaryIO, /) -> None: ...


RENDERERS: dict[str, Renderer] = {"csv": render_csv, "json": render_json, "xlsx": render_xlsx}
