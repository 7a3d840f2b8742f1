"""Show a screening to people: terminal tables, CSV, JSON and a formatted XLSX workbook."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl
import xlsxwriter
from mayak._coerce import ROW
from mayak._expr import Kind
from mayak._format import format_value
from mayak._io import put
from mayak._messages import Lang, text
from mayak._problems import Problem
from mayak._render import polars_text, problem_record
from mayak._scope import COLUMN_KINDS
from mayak._screen import Screening
from mayak._specs import (
    NO_GROUP,
    OUTCOME_COLUMN,
    OUTCOMES,
    REASONS_COLUMN,
    Admission,
    Dataset,
    explain_column,
)
from mayak._spreadsheet import quoted_text

LIST_LIMIT = 200  # more candidates than this are not printed on a terminal
MAX_WIDTH = 60


def _outcome_label(lang: Lang) -> pl.Expr:
    labels = {o: text(f"outcome.{o}", lang) for o in OUTCOMES}
    return pl.col(OUTCOME_COLUMN).cast(pl.String).replace_strict(labels, default=None)


def summary_label(outcome: str, admission: Admission, lang: Lang) -> str:
    return admission.outcomes.get(outcome) or text(f"outcome.{outcome}", lang)


def _identifying(dataset: Dataset, admission: Admission) -> list[str]:
    """The columns that tell candidates apart on a short list: the key and the group."""
    return [c for c in (dataset.key, admission.summary_by)
            if c is not None and c in dataset.columns]


def candidates_frame(screening: Screening, admission: Admission, dataset: Dataset,
                     lang: Lang, *, with_row: bool = True) -> pl.DataFrame:
    """Every candidate with every value as text, under the headers people know; written as
    CSV it reads back as the screening dataset."""
    frame = screening.candidates
    columns: list[pl.Expr] = [pl.col(ROW).alias(text("col.row", lang))] if with_row else []
    for name, column in dataset.columns.items():
        columns.append(format_value(pl.col(name), COLUMN_KINDS[column.type], lang)
                       .alias(column.title or name))
    for name in admission.derive:
        kind: Kind = ("number" if frame.schema[name].is_numeric() else
                      "boolean" if frame.schema[name] == pl.Boolean else
                      "date" if frame.schema[name] == pl.Date else "string")
        columns.append(format_value(pl.col(name), kind, lang).alias(name))
    for criterion in admission.criteria:
        columns.append(format_value(pl.col(criterion.id), "boolean", lang).alias(criterion.id))
    columns += [pl.col(explain_column(c.id)).alias(text("col.explain", lang, id=c.id))
                for c in admission.criteria]
    columns += [_outcome_label(lang).alias(text("col.outcome", lang)),
                pl.col(REASONS_COLUMN).alias(text("col.reasons", lang))]
    return frame.select(columns)


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
                  lang: Lang) -> pl.DataFrame:
    """The reserve list: the application as submitted, and why the candidate is not in."""
    return screening.reserve.select(
        pl.col(ROW).alias(text("col.row", lang)),
        *[format_value(pl.col(name), COLUMN_KINDS[column.type], lang)
          .alias(column.title or name) for name, column in dataset.columns.items()],
        pl.col(REASONS_COLUMN).alias(text("col.reasons", lang)))


def problems_frame(problems: tuple[Problem, ...], lang: Lang) -> pl.DataFrame:
    return pl.DataFrame({
        text("col.severity", lang): [text(f"severity.{p.severity}", lang) for p in problems],
        text("col.place", lang): [p.location.render(lang) if p.location else "" for p in problems],
        text("col.message", lang): [p.message(lang) for p in problems],
    }, schema=dict.fromkeys([text("col.severity", lang), text("col.place", lang),
                             text("col.message", lang)], pl.String))


def counts_line(screening: Screening, admission: Admission, lang: Lang) -> str:
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


def render_table(screening: Screening, admission: Admission, dataset: Dataset,
                 lang: Lang) -> str:
    parts = [text("screen.title", lang, title=admission.title), counts_line(screening,
                                                                            admission, lang)]
    if screening.candidates.height <= LIST_LIMIT:
        short = screening.candidates.select(
            pl.col(ROW).alias(text("col.row", lang)),
            *[pl.col(c).cast(pl.String).alias(dataset.columns[c].title or c)
              for c in _identifying(dataset, admission)],
            *[format_value(pl.col(c.id), "boolean", lang).alias(c.id)
              for c in admission.criteria],
            _outcome_label(lang).alias(text("col.outcome", lang)),
            _compact_reasons(admission, lang).alias(text("col.reasons", lang)))
        parts.append(polars_text(short, "UTF8_FULL_CONDENSED"))
    else:
        parts.append(text("screen.too_many", lang, count=screening.candidates.height))
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
    return "\n\n".join(parts) + "\n"


def render_csv(screening: Screening, admission: Admission, dataset: Dataset, lang: Lang,
               target: Path | BinaryIO) -> None:
    frame = quoted_text(candidates_frame(screening, admission, dataset, lang, with_row=False))
    frame.write_csv(target, include_bom=True)  # to a path, Polars writes in parallel


def render_json(screening: Screening, admission: Admission, dataset: Dataset, lang: Lang,
                target: Path | BinaryIO) -> None:
    document = {
        "admission": admission.id,
        "candidates": json.loads(screening.candidates.write_json()),
        "summary": json.loads(screening.summary.write_json()) if screening.summary is not None
        else None,
        "problems": [problem_record(p, lang) for p in screening.problems],
    }
    put(target, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _widths(frame: pl.DataFrame) -> dict[str, int]:
    """Readable widths: the longest value or header, within [8, MAX_WIDTH] characters."""
    if frame.is_empty():
        return {c: max(8, min(len(c) + 2, MAX_WIDTH)) for c in frame.columns}
    longest = frame.select(pl.col(c).cast(pl.String).str.len_chars().max().alias(c)
                           for c in frame.columns).row(0)
    return {c: max(8, min(max(n or 0, len(c)) + 2, MAX_WIDTH))
            for c, n in zip(frame.columns, longest, strict=True)}


PIXELS_PER_CHARACTER = 7  # write_excel takes widths in pixels
LINE_PIXELS = 20  # height of one line of text in a row
PRINTABLE_WIDTH = 200  # characters: scaled to a landscape A4 page, still legible


def _row_heights(frame: pl.DataFrame, wrapped: dict[str, int]) -> dict[tuple[int, ...], int]:
    """Heights (pixels) of the rows whose wrapped text needs more than one line, grouped by
    height; row 0 is the header. Spreadsheet programs do not all grow such rows by
    themselves."""
    if not wrapped or frame.is_empty():
        return {}
    # A line holds a little less than the column's width in characters: words wrap whole.
    lines = pl.max_horizontal(
        (pl.col(c).cast(pl.String).str.len_chars() / max(w - 4, 1)).ceil().fill_null(1)
        for c, w in wrapped.items()).cast(pl.Int64)
    tall = (frame.select(lines.alias("lines")).with_row_index("row", offset=1)
            .filter(pl.col("lines") > 1)
            .group_by("lines").agg(pl.col("row")))
    return {tuple(rows): LINE_PIXELS * count for count, rows in tall.iter_rows()}


def _sheet(workbook: xlsxwriter.Workbook, frame: pl.DataFrame, name: str) -> None:
    widths = _widths(frame)
    wrap = [c for c, w in widths.items() if w >= MAX_WIDTH]
    # Text starts at the top of its cell, so a row with a wrapped cell still reads across.
    formats: Any = {c: {"valign": "top", "text_wrap": c in wrap} for c in frame.columns
                    if frame.schema[c] == pl.String} or None
    pixels: Any = {c: w * PIXELS_PER_CHARACTER for c, w in widths.items()}
    heights: Any = _row_heights(frame, {c: widths[c] for c in wrap}) or None
    frame.write_excel(workbook, worksheet=name, column_widths=pixels, freeze_panes=(1, 0),
                      header_format={"bold": True, "text_wrap": True, "valign": "top",
                                     "bg_color": "#DDEBF7", "border": 1},
                      column_formats=formats, autofilter=True, include_header=True,
                      row_heights=heights)
    # Printed: landscape A4 with the header on every page; a sheet narrow enough to stay
    # legible is scaled to one page wide.
    sheet = workbook.get_worksheet_by_name(name)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.repeat_rows(0)
    if sum(widths.values()) <= PRINTABLE_WIDTH:
        sheet.fit_to_pages(1, 0)


def render_xlsx(screening: Screening, admission: Admission, dataset: Dataset, lang: Lang,
                target: Path | BinaryIO) -> None:
    """A workbook a methodologist can open: candidates, summary, reserve and problems on
    separate sheets, each with a frozen header row and readable column widths."""
    buffer = io.BytesIO()
    # Text from applications stays text: «=HYPERLINK(…)» in a name must not become a formula.
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False}) as workbook:
        _sheet(workbook, candidates_frame(screening, admission, dataset, lang),
               text("sheet.candidates", lang))
        summary = summary_frame(screening, admission, dataset, lang)
        if summary is not None:
            _sheet(workbook, summary, text("sheet.summary", lang))
        _sheet(workbook, reserve_frame(screening, dataset, admission, lang),
               text("sheet.reserve", lang))
        _sheet(workbook, problems_frame(screening.problems, lang), text("sheet.problems", lang))
    put(target, buffer.getvalue())


Renderer = Callable[[Screening, Admission, Dataset, Lang, Path | BinaryIO], None]
RENDERERS: dict[str, Renderer] = {"csv": render_csv, "json": render_json, "xlsx": render_xlsx}
