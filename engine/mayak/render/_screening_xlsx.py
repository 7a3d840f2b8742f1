"""The screening as a workbook: candidates, summary, reserve, problems, the criteria with
their legal basis, and how the screening was made.

Cells are typed: numbers and dates as Excel numbers and dates (an unknown one is an empty
cell), yes/no and the outcome as text filled green, red or yellow. Every header is a
column's title or a catalogue text. The sheets keep their header on the first row, so that
the workbook reads back as a table (no title block above it).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import polars as pl

from mayak.expr._compile import Kind
from mayak.expr._format import format_value
from mayak.expr._scope import COLUMN_KINDS
from mayak.io._coerce import ROW
from mayak.io._xlsx_formats import CellFormat, Status, date, integer, status
from mayak.io._xlsx_write import Sheet, details_sheet, write_workbook
from mayak.messages._catalogue import Lang, text
from mayak.plan._outcome import names_or_none
from mayak.render._about import provenance_rows
from mayak.render._basis import basis_text
from mayak.render._screening import outcome_label, problems_frame, summary_frame
from mayak.screen._screen import Screening
from mayak.spec._model import REASONS_COLUMN, Admission, Dataset, explain_column

BOLD = "__mayak_bold"  # marks the total row; not a column name a spec can give
CANDIDATES_WIDTH = 50  # characters: longer text wraps, so the sheet prints legibly


def _typed(name: str, kind: Kind, lang: Lang) -> pl.Expr:
    """A value as the workbook keeps it: numbers and dates as they are, yes/no and text as
    text (unknown: «нет данных»)."""
    if kind in ("number", "date"):
        return pl.col(name)
    return format_value(pl.col(name), kind, lang)


def _cell_format(kind: Kind, dtype: pl.DataType, lang: Lang) -> CellFormat | None:
    if kind == "date":
        return date("dd.mm.yyyy" if lang == "ru" else "yyyy-mm-dd")
    if kind == "number" and dtype.is_integer():
        return integer()
    return None  # a fraction as typed: Excel's general format


def _kind(dtype: pl.DataType) -> Kind:
    return ("number" if dtype.is_numeric() else "boolean" if dtype == pl.Boolean else
            "date" if dtype == pl.Date else "string")


def yes_no(lang: Lang) -> CellFormat:
    """Met, not met, unknown: green, red, yellow."""
    fills: dict[str, Status] = {text("value.yes", lang): "good", text("value.no", lang): "bad",
                                text("value.unknown", lang): "unknown"}
    return status(fills)


def outcomes(lang: Lang) -> CellFormat:
    """Admitted, reserve, needs review: green, red, yellow."""
    fills: dict[str, Status] = {text("outcome.admitted", lang): "good",
                                text("outcome.reserve", lang): "bad",
                                text("outcome.needs_review", lang): "unknown"}
    return status(fills)


def derived_headers(admission: Admission, lang: Lang) -> dict[str, str]:
    """A header for each derived value: the criteria whose rule or explanation uses it
    («K2: расчётное значение»), else its number («Расчётное значение 1»)."""
    headers = {}
    for number, name in enumerate(admission.derive, start=1):
        users = [c.id for c in admission.criteria
                 if name in names_or_none(c.rule) or "{" + name + "}" in (c.explain or "")]
        headers[name] = (text("col.derived", lang, ids=", ".join(users)) if users
                         else text("col.derived_alone", lang, number=number))
    return headers


def _inputs(admission: Admission, dataset: Dataset) -> list[str]:
    """The application's columns the rules read, but not its key or group: the answers
    behind the criteria, which the criteria columns and their explanations sum up."""
    used = set().union(*[names_or_none(c.rule) for c in admission.criteria],
                       *[names_or_none(e) for e in admission.derive.values()])
    return [c for c in dataset.columns if c in used
            and c not in (dataset.key, admission.summary_by)]


def _application_columns(frame: pl.DataFrame, dataset: Dataset, lang: Lang
                         ) -> tuple[list[pl.Expr], dict[str, CellFormat]]:
    """The row number and the application's columns, typed, under their titles, with the
    format of each."""
    columns: list[pl.Expr] = [pl.col(ROW).alias(text("col.row", lang))]
    formats: dict[str, CellFormat] = {}
    for name, column in dataset.columns.items():
        header, kind = column.title or name, COLUMN_KINDS[column.type]
        columns.append(_typed(name, kind, lang).alias(header))
        if (found := _cell_format(kind, frame.schema[name], lang)) is not None:
            formats[header] = found
    return columns, formats


def _candidates(screening: Screening, admission: Admission, dataset: Dataset,
                lang: Lang) -> Sheet:
    frame = screening.candidates
    columns, formats = _application_columns(frame, dataset, lang)
    for name, header in derived_headers(admission, lang).items():
        kind = _kind(frame.schema[name])
        columns.append(_typed(name, kind, lang).alias(header))
        if (found := _cell_format(kind, frame.schema[name], lang)) is not None:
            formats[header] = found
    for criterion in admission.criteria:
        columns.append(format_value(pl.col(criterion.id), "boolean", lang).alias(criterion.id))
        formats[criterion.id] = yes_no(lang)
    columns += [pl.col(explain_column(c.id)).alias(text("col.explain", lang, id=c.id))
                for c in admission.criteria]
    formats[text("col.outcome", lang)] = outcomes(lang)
    columns += [outcome_label(lang).alias(text("col.outcome", lang)),
                pl.col(REASONS_COLUMN).alias(text("col.reasons", lang))]
    return Sheet(text("sheet.candidates", lang), frame.lazy().select(columns), formats,
                 max_width=CANDIDATES_WIDTH,
                 collapsed=frozenset({*[(dataset.columns[c].title or c)
                                        for c in _inputs(admission, dataset)],
                                      *[text("col.explain", lang, id=c.id)
                                        for c in admission.criteria]}))


def _reserve(screening: Screening, dataset: Dataset, lang: Lang) -> Sheet:
    frame = screening.reserve
    columns, formats = _application_columns(frame, dataset, lang)
    columns.append(pl.col(REASONS_COLUMN).alias(text("col.reasons", lang)))
    return Sheet(text("sheet.reserve", lang), frame.lazy().select(columns), formats,
                 max_width=CANDIDATES_WIDTH)


def _summary(screening: Screening, admission: Admission, dataset: Dataset,
             lang: Lang) -> Sheet | None:
    """The summary, its total row (the last) in bold."""
    summary = summary_frame(screening, admission, dataset, lang)
    if summary is None:
        return None
    marked = summary.with_columns((pl.int_range(pl.len()) == pl.len() - 1).alias(BOLD))
    formats = {c: integer() for c, dtype in summary.schema.items() if dtype.is_integer()}
    return Sheet(text("sheet.summary", lang), marked, formats, bold=BOLD)


def criteria_frame(admission: Admission, lang: Lang) -> pl.DataFrame:
    """Each criterion: id, title, the rule as written, and its legal basis (the admission's
    own when the criterion gives none)."""
    return pl.DataFrame(
        [(c.id, c.title, c.rule, basis_text(c.basis or admission.basis, lang))
         for c in admission.criteria],
        schema=dict.fromkeys([text("col.criterion", lang), text("col.criterion_title", lang),
                              text("col.rule", lang), text("col.basis", lang)], pl.String),
        orient="row")


def screening_details(admission: Admission, screening: Screening,
                      lang: Lang) -> tuple[tuple[str, str], ...]:
    """How the screening was made: the admission, then Mayak's version, the time and every
    file read with its SHA-256; the rows of the «Сведения о расчёте» sheet."""
    return ((text("provenance.admission", lang), f"{admission.id}: {admission.title}"),
            *provenance_rows(screening.provenance, lang))


def render_workbook(screening: Screening, admission: Admission, dataset: Dataset, lang: Lang,
                    target: Path | BinaryIO) -> None:
    """A workbook a methodologist can open: candidates, summary, reserve, problems, the
    criteria with their basis, and ``details`` of how it was made (a sheet of its own when
    given). Written in bounded memory whatever the number of candidates."""
    sheets = [_candidates(screening, admission, dataset, lang)]
    summary = _summary(screening, admission, dataset, lang)
    if summary is not None:
        sheets.append(summary)
    sheets += [_reserve(screening, dataset, lang),
               Sheet(text("sheet.problems", lang), problems_frame(screening.problems, lang),
                     max_width=100),
               Sheet(text("sheet.criteria", lang), criteria_frame(admission, lang),
                     max_width=40)]
    details = screening_details(admission, screening, lang)
    if details:
        sheets.append(details_sheet(text("sheet.provenance", lang), details,
                                    (text("col.detail", lang), text("col.value", lang))))
    write_workbook(target, sheets, title=admission.title)

