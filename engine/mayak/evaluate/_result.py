"""What an evaluation returns: Polars tables plus every problem met on the way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from mayak.messages._problems import Problem


@dataclass(frozen=True)
class InputData:
    """Datasets read from files, already typed, with the problems found while reading."""

    frames: dict[str, pl.LazyFrame]
    files: dict[str, Path]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Result:
    """Indicator values and statuses.

    ``indicators``: one row per indicator and level key — indicator, title, unit, level,
    key (null for the total), value (rounded), raw, planned, status
    (met / not_met / no_data / no_target), published.
    ``variables``: the counts behind each value — indicator, level, key, variable, value,
    unknown (rows whose data could not say).
    ``recommendations``: targeted recommendations — recommendations (spec id), rule, audience,
    indicator, level, key, text.
    """

    indicators: pl.DataFrame
    variables: pl.DataFrame
    recommendations: pl.DataFrame
    problems: tuple[Problem, ...]
    targets: str | None
    period: int | None
    level_titles: Mapping[str, str] = field(default_factory=dict)

    def missed(self) -> pl.DataFrame:
        """Rows whose planned value was not met."""
        return self.indicators.filter(pl.col("status") == "not_met")

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def value(self, indicator: str, level: str = "total", key: str | None = None) -> float | None:
        """One value, for scripts and tests: ``result.value("rma_share")``."""
        rows = self.indicators.filter(
            (pl.col("indicator") == indicator) & (pl.col("level") == level)
            & (pl.col("key").is_null() if key is None else pl.col("key") == key))
        return rows["value"].item() if rows.height == 1 else None
