"""Audit of a published per-unit table of an expert review: every printed cell against the
review recomputed from the scores, plus the table's own arithmetic (a score above its
maximum, a total that is not the sum of its sections). A printed average that differs is
tried against other divisors, so that the finding can say how it was probably taken."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.evaluate._periods import label
from mayak.evaluate._scores import MATCH, UNIT, match_key, unit_key
from mayak.evaluate._scoring import Scored
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Hint, Key, Number
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Audit, AuditColumn, Dataset, Scoring
from mayak.spec._period import Period

FINDINGS_SCHEMA = {"audit": pl.String, "title": pl.String, "period": pl.String,
                   "unit": pl.String, "column": pl.String, "header": pl.String,
                   "shows": pl.String, "check": pl.String,
                   "printed": pl.Float64, "recomputed": pl.Float64, "row": pl.Int64,
                   "detail": pl.String}
_EPSILON = 1e-9


def _tolerance(column: AuditColumn) -> float:
    """Half a unit of the last printed decimal: 41,7 stands for 41,65 … 41,75."""
    return float(0.5 * 10.0 ** -column.digits) + _EPSILON


def _header(dataset: Dataset, name: str) -> str:
    column = dataset.row_columns.get(name)
    return (column.title or name) if column is not None else name


def audit_table(spec: Audit, review: Scoring, scored: Scored, dataset: Dataset,
                printed: pl.DataFrame, *, period: Period | None, file: str
                ) -> tuple[pl.DataFrame, list[Problem]]:
    """The findings (``FINDINGS_SCHEMA``) and one warning each. ``printed``: the table's
    rows, read (``ROW`` and its columns); ``period``: the period it shows."""
    code = period.code if period else None
    unit = spec.unit or dataset.key or ""
    rows = printed.with_columns(unit_key(pl.col(unit)).alias(UNIT)).filter(
        pl.col(UNIT).is_not_null())
    labels = {k.strip().lower(): k for k in spec.averages}
    is_average = match_key(pl.col(UNIT)).is_in(list(labels))
    units = scored.units.filter(pl.col("period") == code if code else pl.col("period").is_null())
    found: list[dict[str, object]] = []
    maxima = {s.id: s.max_in(period) for s in review.sections}
    _check_units(spec, units, rows.filter(~is_average), maxima, found)
    _check_arithmetic(spec, review, rows, period, found)
    _check_averages(spec, scored, rows.filter(is_average), code=code, labels=labels,
                    found=found)
    found = _without_echoes(found)
    findings = pl.DataFrame(
        [{**f, "audit": spec.id, "title": spec.title, "period": code,
          "header": _header(dataset, str(f["column"])) if f["column"] else None}
         for f in found] or None,
        schema=FINDINGS_SCHEMA).select(list(FINDINGS_SCHEMA))
    when = label(period) if period else "—"
    problems = [_problem(spec, dataset, f, when, file) for f in found]
    return findings, problems


def _without_echoes(found: list[dict[str, object]]) -> list[dict[str, object]]:
    """A printed total that is not the sum of its printed sections, while those sections are
    right, is one slip: the finding that it differs from the recomputed total says nothing
    more, so it goes."""
    sums = {(f["unit"], f["column"], f["recomputed"]) for f in found if f["check"] == "not_sum"}
    return [f for f in found if not (f["check"] == "differs" and f["shows"] == "total" and (
        f["unit"], f["column"], f["recomputed"]) in sums)]


def _finding(unit: str, column: AuditColumn, check: str, *, printed: float | None,
             recomputed: float | None, row: int | None, detail: str = "") -> dict[str, object]:
    return {"unit": unit, "column": column.column, "shows": column.show, "check": check,
            "printed": printed, "recomputed": recomputed, "row": row, "detail": detail}


def _check_units(spec: Audit, units: pl.DataFrame, rows: pl.DataFrame,
                 maxima: Mapping[str, float | None], found: list[dict[str, object]]) -> None:
    """Each printed unit's cells against the recomputed ones; printed units the review does
    not know; scored units the table leaves out."""
    recomputed = units.with_columns(match_key(pl.col(UNIT)).alias(MATCH)).drop(UNIT)
    joined = rows.with_columns(match_key(pl.col(UNIT)).alias(MATCH)).join(
        recomputed, on=MATCH, how="left", suffix="._re", maintain_order="left")
    known = units.get_column(UNIT).to_list()
    for name, row in joined.filter(pl.col("status").is_null()).select(UNIT, ROW).iter_rows():
        found.append({"unit": name, "column": spec.unit or "", "shows": "unit",
                      "check": "unknown_unit", "printed": None, "recomputed": None, "row": row,
                      "detail": suggestion(name, known)})
    present = set(joined.get_column(MATCH).to_list())
    for name in units.filter(pl.col("status") == "scored").get_column(UNIT).to_list():
        if name.strip().lower() not in present:
            found.append({"unit": name, "column": "", "shows": "unit", "check": "not_printed",
                          "printed": None, "recomputed": None, "row": None, "detail": ""})
    for column in spec.columns:  # a few printed columns, each compared as one expression
        source = column.show
        other = f"{source}._re" if source in rows.columns else source
        if other not in joined.columns:
            continue
        differs = ((pl.col(column.column) - pl.col(other)).abs() > _tolerance(column)) | (
            pl.col(column.column).is_not_null() & pl.col(other).is_null()
            & pl.col("status").is_not_null())
        top = maxima.get(source)
        if top is not None:  # a score above its maximum is its own finding
            differs = differs & ~(pl.col(column.column) > top + _EPSILON)
        picked = joined.filter(differs.fill_null(False)).select(
            UNIT, pl.col(column.column), pl.col(other), ROW, "status")
        for name, printed, value, row, status in picked.iter_rows():
            check = "differs" if status == "scored" else f"printed_{status}"
            found.append(_finding(name, column, check, printed=printed, recomputed=value, row=row))


def _check_arithmetic(spec: Audit, review: Scoring, rows: pl.DataFrame, period: Period | None,
                      found: list[dict[str, object]]) -> None:
    """A printed score above its maximum; a printed total that is not the sum of the
    printed sections (when every section is printed)."""
    by_show = {c.show: c for c in spec.columns}
    labels = {k.strip().lower() for k in spec.averages}
    units = rows.filter(~match_key(pl.col(UNIT)).is_in(list(labels)))
    for section in review.sections:
        column = by_show.get(section.id)
        top = section.max_in(period)
        if column is None or top is None:
            continue
        above = units.filter(pl.col(column.column) > top + _EPSILON)
        for name, printed, row in above.select(UNIT, column.column, ROW).iter_rows():
            found.append(_finding(name, column, "above_max", printed=printed, recomputed=top,
                                  row=row))
    total = by_show.get("total")
    printed_sections = [by_show[s.id].column for s in review.sections if s.id in by_show]
    if total is None or len(printed_sections) < len(review.sections):
        return
    summed = units.with_columns(pl.sum_horizontal(printed_sections).alias("_sum"))
    wrong = summed.filter(((pl.col(total.column) - pl.col("_sum")).abs() > _tolerance(total))
                          & pl.all_horizontal(pl.col(c).is_not_null() for c in printed_sections))
    for name, printed, value, row in wrong.select(UNIT, total.column, "_sum", ROW).iter_rows():
        found.append(_finding(name, total, "not_sum", printed=printed, recomputed=value, row=row))


def _check_averages(spec: Audit, scored: Scored, rows: pl.DataFrame, *,
                    code: str | None, labels: Mapping[str, str],
                    found: list[dict[str, object]]) -> None:
    """Each printed average against the recomputed one; when it differs, the divisor it
    matches instead, if any (all units of the group, or those that submitted)."""
    averages = scored.averages.filter(pl.col("period") == code if code
                                      else pl.col("period").is_null())
    for name, row_number in rows.select(UNIT, ROW).iter_rows():  # a few printed rows
        group = spec.averages[labels[name.strip().lower()]]
        at = (pl.col("classification").is_null() if group is None else
              (pl.col("classification") == group[0]) & (pl.col("class") == group[1]))
        mine = averages.filter(at)
        printed_row = rows.filter(pl.col(ROW) == row_number).row(0, named=True)
        for column in spec.columns:
            if column.show == "rank" or column.show not in averages.columns:
                continue
            printed = printed_row[column.column]
            value = mine.get_column(column.show)[0] if mine.height else None
            if printed is None:
                continue
            if value is not None and abs(printed - value) <= _tolerance(column):
                continue
            detail = _divisor(printed, value, mine, column) if value is not None else ""
            found.append(_finding(name, column, "average_differs", printed=printed,
                                  recomputed=value, row=row_number, detail=detail))


def _divisor(printed: float, value: float, group: pl.DataFrame,
             column: AuditColumn) -> str:
    """Which other count the printed average matches: the sum of the averaged units'
    values divided by all units of the group, or by those that submitted."""
    averaged, units, submitted = (group.get_column(c)[0] for c in ("averaged", "units",
                                                                   "submitted"))
    total = value * averaged
    for divisor, which in ((units, "all"), (submitted, "submitted")):
        if divisor and divisor != averaged and abs(printed - total / divisor) <= _tolerance(
                column):
            return f"{which}:{divisor}:{averaged}"
    return ""


def _problem(spec: Audit, dataset: Dataset, finding: Mapping[str, object], when: object,
             file: str) -> Problem:
    column = str(finding["column"])
    digits = next((c.digits for c in spec.columns if c.column == column), None)
    params: dict[str, object] = {
        "audit": spec.title, "period": when, "unit": finding["unit"],
        "column": _header(dataset, column) if column else "—",
        "printed": _number(finding["printed"], None),
        "recomputed": _number(finding["recomputed"], digits)}
    check = str(finding["check"])
    detail = str(finding["detail"] or "")
    if check == "average_differs" and detail:
        which, divisor, averaged = detail.split(":")
        params.update({"divisor": divisor, "averaged": averaged,
                       "which": Key(f"audit.divisor.{which}")})
        check = "average_divisor"
    if check == "unknown_unit":
        params["hint"] = Hint(detail)  # the stored word, shown as "did you mean"
    row = finding["row"]
    at = Location(file, row=row if isinstance(row, int) else None,
                  column=params["column"] if column else None)  # type: ignore[arg-type]
    return Problem(f"audit.{check}", params, at, "warning")


def _number(value: object, digits: int | None) -> object:
    """A figure as the table prints it: recomputed ones rounded to the printed decimals."""
    if not isinstance(value, int | float):
        return "—"
    return Number(round(float(value), digits) if digits is not None else float(value))
