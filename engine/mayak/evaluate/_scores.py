"""The scores of one period of an expert review, one row per unit: each section's score
read from the data (wide or long form), checked against its maximum, and the units that
did not submit."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import polars as pl
from msgspec import Struct

from mayak.evaluate._periods import within
from mayak.io._coerce import ROW
from mayak.spec._model import Dataset, Scoring
from mayak.spec._period import Period

UNIT = "unit"
MATCH = "_unit.match"  # a unit as compared between tables: trimmed, lower-cased
STATUS = "status"  # scored | no_data | not_submitted


def unit_key(column: pl.Expr) -> pl.Expr:
    """A unit's name as shown: text, trimmed."""
    return column.cast(pl.String).str.strip_chars()


def match_key(column: pl.Expr) -> pl.Expr:
    """A unit's name as tables are matched by: trimmed, lower-cased."""
    return unit_key(column).str.to_lowercase()


def matched(column: str) -> pl.Expr:
    """``MATCH`` from a column of names as shown (already trimmed: lower-cased only)."""
    return pl.col(column).str.to_lowercase().alias(MATCH)


def number_text(column: pl.Expr, *, comma: bool = False) -> pl.Expr:
    """A number as a message lists it: 12, not 12.0; 60.5, or with ``comma`` (Russian)
    60,5; at most 4 decimals."""
    shown = column.cast(pl.Float64).round(4).cast(pl.String).str.strip_suffix(".0")
    return shown.str.replace(".", ",", literal=True) if comma else shown


def number_texts(values: pl.Series, *, comma: bool = False) -> list[str]:
    """A few numbers as ``number_text`` shows them."""
    return values.to_frame().select(number_text(pl.first(), comma=comma)).to_series().to_list()


def in_period(frame: pl.LazyFrame, dataset: Dataset, period: Period | None) -> pl.LazyFrame:
    """The rows of ``frame`` in ``period`` (all of them when the dataset has no period)."""
    if dataset.period is None or period is None:
        return frame
    return frame.filter(within(dataset.columns[dataset.period], period))


class Submitted(Struct, frozen=True):
    """The query of one period's scores: per unit (``UNIT``, and as matched: ``MATCH``) its
    first row (``ROW``), the number of its rows (``_rows``) and each section's score, as
    written (a column per section id); long form also counts each section's rows
    (``<id>._rows``)."""

    query: pl.LazyFrame


def submitted(spec: Scoring, dataset: Dataset, frame: pl.LazyFrame, unit: str,
              period: Period | None) -> Submitted:
    """Each unit's scores in ``period``, one row per unit (the first row of a repeated
    unit counts; the checks of the key say so)."""
    rows = in_period(frame, dataset, period).filter(pl.col(unit).is_not_null())
    by = unit_key(pl.col(unit)).alias(UNIT)
    first = [pl.col(ROW).min().alias(ROW), pl.len().alias("_rows")]
    if not spec.long:
        scores = _first_scores(tuple((s.column, s.id) for s in spec.sections))
        return Submitted(rows.group_by(by, maintain_order=True).agg(*first, *scores)
                         .with_columns(matched(UNIT)))
    assert spec.section_column is not None and spec.score_column is not None
    named = unit_key(pl.col(spec.section_column)).str.to_lowercase()
    score = pl.col(spec.score_column).cast(pl.Float64)
    per_section = []
    for section in spec.sections:
        mine = named == section.name.strip().lower()
        per_section += [score.filter(mine).first().alias(section.id),
                        mine.sum().alias(f"{section.id}._rows")]
    return Submitted(rows.group_by(by, maintain_order=True).agg(*first, *per_section)
                     .with_columns(matched(UNIT)))


@functools.lru_cache(maxsize=64)  # per review, in every evaluation
def _first_scores(sections: tuple[tuple[str, str], ...]) -> tuple[pl.Expr, ...]:
    """Wide form: each section's score (``sections``: its column and id) in a unit's first
    row."""
    return tuple(pl.col(column).cast(pl.Float64).first().alias(section)
                 for column, section in sections)


def expected(spec: Scoring, datasets: Mapping[str, Dataset],
             frames: Mapping[str, pl.LazyFrame], period: Period | None) -> pl.LazyFrame | None:
    """The units that should have submitted in ``period`` (``UNIT``, and as matched:
    ``MATCH``): the units table's keys (its rows in the period when it has a period
    column); None without a units table."""
    if spec.units is None or spec.units not in frames:
        return None
    units = datasets[spec.units]
    if units.key is None:
        return None
    rows = in_period(frames[spec.units], units, period).filter(pl.col(units.key).is_not_null())
    return (rows.select(unit_key(pl.col(units.key)).alias(UNIT)).unique(maintain_order=True)
            .with_columns(matched(UNIT)))


def out_of_range(maxima: Mapping[str, float | None]) -> tuple[pl.Expr, ...]:
    """Per section (``maxima``: each section's maximum in the period, by id), whether a
    unit's score lies outside 0 … its maximum (``<id>._bad``)."""
    return _out_of_range(tuple(maxima.items()))


@functools.lru_cache(maxsize=64)  # asked for per review and period in every evaluation
def _out_of_range(maxima: tuple[tuple[str, float | None], ...]) -> tuple[pl.Expr, ...]:
    out = []
    for section, top in maxima:
        score = pl.col(section)
        bad = score < 0 if top is None else (score < 0) | (score > top)
        out.append(bad.fill_null(False).alias(f"{section}._bad"))
    return tuple(out)
