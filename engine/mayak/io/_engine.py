"""Which Polars engine runs the queries over frames of a given size."""

from __future__ import annotations

from typing import Literal

import polars as pl

Engine = Literal["auto", "in-memory"]
SMALL_ROWS = 250_000  # up to here (all frames together) the in-memory engine costs less


def frame_engine(frame: pl.DataFrame | pl.LazyFrame) -> Engine:
    """The engine for the queries over one frame given: in memory for a small frame held in
    memory (it starts several times faster), else Polars' choice (a lazy frame's size is
    not known)."""
    small = isinstance(frame, pl.DataFrame) and frame.height <= SMALL_ROWS
    return "in-memory" if small else "auto"


def small_flags(engine: Engine) -> pl.QueryOptFlags:
    """On small frames held in memory only reading the columns used pays for its planning:
    the other optimisations cost more than they save on a few thousand rows."""
    if engine == "in-memory":
        return pl.QueryOptFlags.none(projection_pushdown=True)
    return pl.QueryOptFlags()
