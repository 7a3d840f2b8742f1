"""Level keys of text columns left as given: checked once aggregated, tidied if they must be.

Evaluation leaves a text column that no expression reads as it was given (tidying every
cell costs a scan of each); such a column serves at most as a level, and its aggregated
keys are exactly its distinct values, so they are checked instead of the cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from mayak.evaluate._evaluate import collect_small
from mayak.io._coerce import markers_of, tidy, untidy
from mayak.spec._model import Dataset


def untidy_levels(indicators: pl.DataFrame, untidied: Mapping[str, frozenset[str]],
                  levels: Iterable[str], datasets: Mapping[str, Dataset]) -> frozenset[str]:
    """The levels among the ``untidied`` columns with a key that tidying would change (edge
    spaces, a blank, «нет данных» or a marker of the column). Every key of a level's
    aggregates has its rows in ``indicators``, so its distinct values are checked there,
    not each cell of the data."""
    wanted = set(levels)
    # A level's markers in any of the datasets: a key that only one of them reads as
    # «нет данных» costs a second run at worst, and that run tidies each with its own.
    markers: dict[str, tuple[str, ...]] = {}
    for name, columns in untidied.items():
        for level in columns & wanted:
            spellings = markers_of(datasets[name].columns[level])
            markers[level] = tuple(dict.fromkeys((*markers.get(level, ()), *spellings)))
    if not markers or indicators.is_empty():
        return frozenset()
    by_markers: dict[tuple[str, ...], list[str]] = {}
    for level, spellings in sorted(markers.items()):
        by_markers.setdefault(spellings, []).append(level)
    found = collect_small(indicators.lazy().select(pl.col("level").filter(pl.any_horizontal([
        pl.col("level").is_in(names) & untidy(pl.col("key"), spellings)
        for spellings, names in by_markers.items()])).unique()))[0]
    return frozenset(found.get_column("level").to_list())


def with_levels_tidied(frames: Mapping[str, pl.LazyFrame],
                       untidied: Mapping[str, frozenset[str]], levels: frozenset[str],
                       datasets: Mapping[str, Dataset]) -> dict[str, pl.LazyFrame]:
    """``frames`` with the ``untidied`` columns among ``levels`` tidied, each with the
    markers of its own dataset's column."""
    tidied = dict(frames)
    for name, columns in untidied.items():
        chosen = sorted(columns & levels)
        if chosen and name in tidied:
            column = datasets[name].columns
            tidied[name] = tidied[name].with_columns(
                tidy(pl.col(c), markers_of(column[c])).alias(c) for c in chosen)
    return tidied
