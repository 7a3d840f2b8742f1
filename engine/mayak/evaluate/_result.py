"""What an evaluation returns: Polars tables plus every problem met on the way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import polars as pl

from mayak.messages._problems import Problem
from mayak.spec._period import Period


@dataclass(frozen=True)
class InputData:
    """Datasets read from files, already typed, with the problems found while reading.
    Read-only: ``frames`` and ``files`` are mappings that cannot be changed."""

    frames: Mapping[str, pl.LazyFrame]
    files: Mapping[str, Path]
    problems: tuple[Problem, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "frames", MappingProxyType(dict(self.frames)))
        object.__setattr__(self, "files", MappingProxyType(dict(self.files)))


@dataclass(frozen=True)
class Result:
    """Indicator values and statuses.

    ``indicators``: one row per indicator and level key — indicator, title, unit, level,
    key (null for the total), value (rounded), raw, planned, status
    (met / not_met / no_data / no_target), published.
    ``variables``: the counts behind each value — indicator, level, key, variable, value,
    unknown (rows whose data could not say; for the (indicator, variable) pairs in
    ``skipping``, which say ``unknown: skip``, the rows their sum, mean, min or max left out).
    ``recommendations``: targeted recommendations — recommendations (spec id), rule, audience,
    indicator, level, key, text.
    Frames are handed out as copies (cheap in Polars): changing one leaves the result as it is.
    """

    _indicators: pl.DataFrame
    _variables: pl.DataFrame
    _recommendations: pl.DataFrame
    problems: tuple[Problem, ...]
    targets: str | None
    period: Period | None
    level_titles: Mapping[str, str] = field(default_factory=dict)
    # (indicator, variable) with ``unknown: skip``: its ``unknown`` rows were left out.
    skipping: frozenset[tuple[str, str]] = frozenset()
    # The earlier period the values were compared with (None: no comparison); then
    # ``indicators`` also has previous, previous_status, change, ratio and method.
    compared_with: Period | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "level_titles", MappingProxyType(dict(self.level_titles)))

    @property
    def indicators(self) -> pl.DataFrame:
        """One row per indicator and level key (see the class docstring)."""
        return self._indicators.clone()

    @property
    def variables(self) -> pl.DataFrame:
        """The counts behind each value."""
        return self._variables.clone()

    @property
    def recommendations(self) -> pl.DataFrame:
        """Targeted recommendations."""
        return self._recommendations.clone()

    def missed(self) -> pl.DataFrame:
        """Rows whose planned value was not met."""
        return self._indicators.filter(pl.col("status") == "not_met")

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that are errors (not warnings)."""
        return tuple(p for p in self.problems if p.severity == "error")

    def value(self, indicator: str, level: str = "total", key: str | None = None) -> float | None:
        """One value, for scripts and tests: ``result.value("rma_share")``."""
        rows = self._indicators.filter(
            (pl.col("indicator") == indicator) & (pl.col("level") == level)
            & (pl.col("key").is_null() if key is None else pl.col("key") == key))
        # An indicator with several norms has a row per norm, each with the same value.
        return rows["value"][0] if rows.height >= 1 and rows["value"].n_unique() == 1 else None
