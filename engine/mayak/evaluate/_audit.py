"""Audit of a published per-unit table of an expert review: every printed cell against the
review recomputed from the scores, plus the table's own arithmetic (a score above its
maximum, a total that is not the sum of its sections). A printed average that differs is
tried against other divisors, so that the finding can say how it was probably taken."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.evaluate._periods import label_or_all
from mayak.evaluate._result import FINDINGS_SCHEMA
from mayak.evaluate._scores import MATCH, UNIT, match_key, unit_key
from mayak.evaluate._scoring import Scored
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Hint, Key, Number
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Audit, AuditColumn, Dataset, Scoring
from mayak.spec._period import Period

_EPSILON = 1e-9


def _tolerance(column: AuditColumn) -> float:
    """Half a unit of the last printed decimal: 41,7 stands for 41,65 … 41,75."""
    return float(0.5 * 10.0 ** -column.digits) + _EPSILON


def indicator_results(spec: Audit, indicators: pl.DataFrame, *, code: str | None,
                      previous: bool) -> Scored:
    """The indicators a table of indicators shows, shaped as a review's results: a row per
    unit (key of the level) with a column per indicator, and the total as the "average" of
    all units. ``previous``: the values of the period compared with."""
    shown = [c.show for c in spec.columns]
    value = pl.col("previous" if previous else "raw")
    rows = (indicators.filter(pl.col("indicator").is_in(shown))
            .unique(["indicator", "level", "key"], keep="first", maintain_order=True))
    wide = rows.select("level", "key", "indicator", value.cast(pl.Float64).alias("v")).pivot(
        on="indicator", index=["level", "key"], values="v")
    for name in shown:  # an indicator without a row gives an unknown column
        if name not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.Float64).alias(name))
    units = wide.filter((pl.col("level") == spec.level) & pl.col("key").is_not_null()).select(
        pl.lit(code, pl.String).alias("period"), pl.col("key").cast(pl.String).alias(UNIT),
        pl.lit("scored").alias("status"), *shown)
    count = units.height
    total = wide.filter(pl.col("level") == "total").select(
        pl.lit(code, pl.String).alias("period"), pl.lit(None, pl.String).alias("classification"),
        pl.lit(None, pl.String).alias("class"), *[pl.lit(count).alias(c) for c in (
            "units", "submitted", "averaged")], *shown)
    return Scored(units, total)


MESSAGES = 50  # findings said one by one per audit; the table holds them all
_FOUND = {"unit": pl.String, "column": pl.String, "shows": pl.String, "check": pl.String,
          "printed": pl.Float64, "recomputed": pl.Float64, "row": pl.Int64,
          "detail": pl.String}


def audit_table(spec: Audit, review: Scoring | None, scored: Scored, dataset: Dataset,
                printed: pl.DataFrame, *, period: Period | None, file: str
                ) -> tuple[pl.DataFrame, list[Problem]]:
    """The findings (``FINDINGS_SCHEMA``) and a warning each (the first ``MESSAGES``, then
    one saying how many more). ``printed``: the table's rows, read (``ROW`` and its
    columns); ``period``: the period it shows."""
    code = period.code if period else None
    unit = spec.unit or dataset.key or ""
    rows = printed.with_columns(unit_key(pl.col(unit)).alias(UNIT)).filter(
        pl.col(UNIT).is_not_null())
    labels = {k.strip().lower(): k for k in spec.averages}
    is_average = match_key(pl.col(UNIT)).is_in(list(labels))
    units = scored.units.filter(pl.col("period") == code if code else pl.col("period").is_null())
    maxima = {s.id: s.max_in(period) for s in review.sections} if review else {}
    found = [pl.DataFrame(schema=_FOUND),
             *_check_units(spec, units, rows.filter(~is_average), maxima)]
    if review is not None:
        found += _check_arithmetic(spec, review, rows.filter(~is_average), period)
    found += _check_averages(spec, scored, rows.filter(is_average), code=code, labels=labels)
    findings = _without_echoes(pl.concat(found, how="vertical_relaxed"))
    headers = {c.column: dataset.header(c.column) for c in spec.columns}
    headers[unit] = dataset.header(unit)
    findings = findings.select(
        pl.lit(spec.id).alias("audit"), pl.lit(spec.title).alias("title"),
        pl.lit(code, pl.String).alias("period"), "unit", "column",
        pl.col("column").replace_strict(headers, default=None).alias("header"),
        *[c for c in _FOUND if c not in ("unit", "column")]).select(list(FINDINGS_SCHEMA))
    when = label_or_all(period)
    # A message per finding is output, not work over the data: at most MESSAGES of them.
    problems = [_problem(spec, dataset, f, when, file)
                for f in findings.head(MESSAGES).iter_rows(named=True)]
    if findings.height > MESSAGES:
        problems.append(Problem("audit.more", {"audit": spec.title, "period": when,
                                               "count": findings.height - MESSAGES},
                                Location(file), "warning"))
    return findings, problems


def _without_echoes(found: pl.DataFrame) -> pl.DataFrame:
    """A printed total that is not the sum of its printed sections, while those sections are
    right, is one slip: the finding that it differs from the recomputed total says nothing
    more, so it goes."""
    sums = found.filter(pl.col("check") == "not_sum").select("unit", "column", "recomputed")
    echo = (pl.col("check") == "differs") & (pl.col("shows") == "total")
    return pl.concat([found.filter(~echo),
                      found.filter(echo).join(sums, on=["unit", "column", "recomputed"],
                                              how="anti", nulls_equal=True)]
                     ).sort("row", nulls_last=True, maintain_order=True)


def _frame(rows: pl.DataFrame | pl.LazyFrame, column: str, shows: str, check: pl.Expr | str, *,
           printed: pl.Expr, recomputed: pl.Expr, detail: pl.Expr | None = None
           ) -> pl.DataFrame:
    """Findings as a frame: one per row of ``rows`` (units, columns as the table names
    them)."""
    return rows.lazy().select(
        pl.col(UNIT).alias("unit"), pl.lit(column).alias("column"), pl.lit(shows).alias("shows"),
        (pl.lit(check) if isinstance(check, str) else check).alias("check"),
        printed.cast(pl.Float64).alias("printed"), recomputed.cast(pl.Float64).alias(
            "recomputed"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        (detail if detail is not None else pl.lit("")).alias("detail")).collect()


def _check_units(spec: Audit, units: pl.DataFrame, rows: pl.DataFrame,
                 maxima: Mapping[str, float | None]) -> list[pl.DataFrame]:
    """Each printed unit's cells against the recomputed ones; printed units the review does
    not know; scored units the table leaves out."""
    recomputed = units.with_columns(match_key(pl.col(UNIT)).alias(MATCH)).drop(UNIT)
    joined = rows.with_columns(match_key(pl.col(UNIT)).alias(MATCH)).join(
        recomputed, on=MATCH, how="left", suffix="._re", maintain_order="left")
    unknown = joined.filter(pl.col("status").is_null())
    known = units.get_column(UNIT).to_list()
    # Did-you-mean per unknown name: a few misspelt names, not data rows.
    hints = {name: suggestion(name, known) for name in unknown.get_column(UNIT).unique()}
    found = [_frame(unknown, spec.unit or "", "unit", "unknown_unit", printed=pl.lit(None),
                    recomputed=pl.lit(None),
                    detail=pl.col(UNIT).replace_strict(hints, default="",
                                                       return_dtype=pl.String))]
    missing = units.filter(pl.col("status") == "scored").with_columns(
        match_key(pl.col(UNIT)).alias(MATCH)).join(joined.select(MATCH), on=MATCH, how="anti")
    found.append(_frame(missing.with_columns(pl.lit(None, pl.Int64).alias(ROW)), "", "unit",
                        "not_printed", printed=pl.lit(None), recomputed=pl.lit(None)))
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
        # A value recomputed (a known section of a unit with another unscored) simply
        # differs; a figure printed where nothing can be recomputed says why.
        check = (pl.when((pl.col("status") == "scored") | pl.col(other).is_not_null())
                 .then(pl.lit("differs")).otherwise(pl.lit("printed_") + pl.col("status")))
        found.append(_frame(joined.filter(differs.fill_null(False)), column.column, source,
                            check, printed=pl.col(column.column), recomputed=pl.col(other)))
    return found


def _check_arithmetic(spec: Audit, review: Scoring, units: pl.DataFrame,
                      period: Period | None) -> list[pl.DataFrame]:
    """A printed score above its maximum; a printed total that is not the sum of the
    printed sections (when every section is printed)."""
    by_show = {c.show: c for c in spec.columns}
    found = []
    for section in review.sections:
        column = by_show.get(section.id)
        top = section.max_in(period)
        if column is None or top is None:
            continue
        found.append(_frame(units.filter(pl.col(column.column) > top + _EPSILON),
                            column.column, column.show, "above_max",
                            printed=pl.col(column.column), recomputed=pl.lit(top)))
    total = by_show.get("total")
    printed_sections = [by_show[s.id].column for s in review.sections if s.id in by_show]
    if total is None or len(printed_sections) < len(review.sections):
        return found
    summed = pl.sum_horizontal(printed_sections)
    wrong = units.filter(((pl.col(total.column) - summed).abs() > _tolerance(total))
                         & pl.all_horizontal(pl.col(c).is_not_null() for c in printed_sections))
    found.append(_frame(wrong, total.column, total.show, "not_sum",
                        printed=pl.col(total.column), recomputed=summed))
    return found


def _check_averages(spec: Audit, scored: Scored, rows: pl.DataFrame, *,
                    code: str | None, labels: Mapping[str, str]) -> list[pl.DataFrame]:
    """Each printed average against the recomputed one of its group; when it differs, the
    divisor it matches instead, if any (all units of the group, or those that submitted),
    or, for the average over all units, the plain mean of the units' values."""
    averages = scored.averages.filter(pl.col("period") == code if code
                                      else pl.col("period").is_null())
    # Each printed label's group, from the spec (a few labels, not data rows).
    wanted = [spec.averages[written] for written in labels.values()]
    groups = pl.DataFrame({"_label": list(labels),
                           "classification": [g[0] if g else None for g in wanted],
                           "class": [g[1] if g else None for g in wanted]},
                          schema={"_label": pl.String, "classification": pl.String,
                                  "class": pl.String})
    joined = (rows.with_columns(match_key(pl.col(UNIT)).alias("_label"))
              .join(groups, on="_label", how="left")
              .join(averages, on=["classification", "class"], how="left", nulls_equal=True,
                    suffix="._re"))
    scored_units = scored.units.filter(pl.col("status") == "scored")
    found = []
    for column in spec.columns:  # a few printed columns, each compared as one expression
        if column.show == "rank" or column.show not in averages.columns:
            continue
        other = f"{column.show}._re" if column.show in rows.columns else column.show
        printed, value = pl.col(column.column), pl.col(other)
        tolerance = _tolerance(column)
        differs = printed.is_not_null() & ((value - printed).abs() > tolerance).fill_null(True)
        mean = scored_units.get_column(column.show).drop_nulls()
        plain = pl.lit(False) if not mean.len() else (
            pl.col("classification").is_null()
            & ((printed - float(mean.mean())).abs() <= tolerance))  # type: ignore[arg-type]
        plain_mean = pl.when(plain).then(pl.lit(f"plain_mean:{mean.len()}:{mean.len()}"))
        detail = pl.coalesce(_other_divisor(printed, value, tolerance), plain_mean, pl.lit(""))
        found.append(_frame(joined.filter(differs), column.column, column.show,
                            "average_differs", printed=printed, recomputed=value,
                            detail=detail))
    return found


def _other_divisor(printed: pl.Expr, value: pl.Expr, tolerance: float) -> pl.Expr:
    """Which other count a printed average matches (``all:<divisor>:<averaged>`` or
    ``submitted:…``): the sum of the averaged units' values divided by all units of the
    group, or by those that submitted; null when neither."""
    averaged = pl.col("averaged")
    total = value * averaged

    def matches(divisor: pl.Expr) -> pl.Expr:
        return (divisor > 0) & (divisor != averaged) & (
            (printed - total / divisor).abs() <= tolerance)

    def said(which: str, divisor: pl.Expr) -> pl.Expr:
        return pl.lit(f"{which}:") + divisor.cast(pl.String) + ":" + averaged.cast(pl.String)

    units, submitted = pl.col("units"), pl.col("submitted")
    return (pl.when(matches(units)).then(said("all", units))
            .when(matches(submitted)).then(said("submitted", submitted)))


def _problem(spec: Audit, dataset: Dataset, finding: Mapping[str, object], when: object,
             file: str) -> Problem:
    column = str(finding["column"])
    digits = next((c.digits for c in spec.columns if c.column == column), None)
    params: dict[str, object] = {
        "audit": spec.title, "period": when, "unit": finding["unit"],
        "column": dataset.header(column) if column else "—",
        "printed": _number(finding["printed"], None),
        "recomputed": _number(finding["recomputed"], digits)}
    check = str(finding["check"])
    detail = str(finding["detail"] or "")
    if check == "average_differs" and detail:
        which, divisor, averaged = detail.split(":")
        params.update({"divisor": divisor, "averaged": averaged,
                       "which": Key(f"audit.divisor.{which}")})
        check = "plain_mean" if which == "plain_mean" else "average_divisor"
    if check == "unknown_unit":
        params["hint"] = Hint(detail)
    row = finding["row"]
    at = Location(file, row=row if isinstance(row, int) else None,
                  column=params["column"] if column else None)  # type: ignore[arg-type]
    return Problem(f"audit.{check}", params, at, "warning")


def _number(value: object, digits: int | None) -> object:
    """A figure as the table prints it: recomputed ones rounded to the printed decimals."""
    if not isinstance(value, int | float):
        return "—"
    return Number(round(float(value), digits) if digits is not None else float(value))
