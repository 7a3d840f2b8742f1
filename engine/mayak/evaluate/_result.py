"""What an evaluation returns: Polars tables plus every problem met on the way."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl
from msgspec import Struct, field
from msgspec.structs import force_setattr

from mayak._frozen import Frozen
from mayak.files._provenance import Provenance
from mayak.messages._problems import Problem
from mayak.spec._model import Basis, Classification, Scoring, Targets
from mayak.spec._period import Period

# The columns of a result's classes: status is classed | two_classes | no_class | unknown
# (the value the class is read from).
CLASSES_SCHEMA = {"classification": pl.String, "period": pl.String, "unit": pl.String,
                  "class": pl.String, "status": pl.String}
# The columns of what the audits of published tables found.
FINDINGS_SCHEMA = {"audit": pl.String, "title": pl.String, "period": pl.String,
                   "unit": pl.String, "column": pl.String, "header": pl.String,
                   "shows": pl.String, "check": pl.String,
                   "printed": pl.Float64, "recomputed": pl.Float64, "row": pl.Int64,
                   "detail": pl.String}


class InputData(Struct, frozen=True):
    """Datasets read from files, already typed, with the problems found while reading.
    ``hashes``: the SHA-256 of each file as it was read, by path (``str(files[id])``);
    ``heights``: the rows of each dataset read, by id. Read-only: the mappings cannot be
    changed."""

    frames: Mapping[str, pl.LazyFrame]
    files: Mapping[str, Path]
    problems: tuple[Problem, ...]
    hashes: Mapping[str, str] = field(default_factory=dict)
    heights: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("frames", "files", "hashes", "heights"):
            force_setattr(self, name, Frozen(getattr(self, name)))


class Result(Struct, frozen=True):
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
    # Each unit's class per period: classification, period, unit, class, status.
    _classes: pl.DataFrame | None = None
    # Per review (scoring id): one row per unit and period, and the averages.
    _scores: Mapping[str, pl.DataFrame] = field(default_factory=dict)
    _score_averages: Mapping[str, pl.DataFrame] = field(default_factory=dict)
    # The specs of the reviews and classifications computed, for showing their titles.
    reviews: Mapping[str, Scoring] = field(default_factory=dict)
    # Findings of the audits of published tables: audit, period, unit, column, shows,
    # check, printed, recomputed, row, detail.
    _audits: pl.DataFrame | None = None
    classifications: Mapping[str, Classification] = field(default_factory=dict)
    # Where the result came from: version, time, period, the rule and data files' hashes.
    provenance: Provenance | None = None
    # The targets spec used (its title, period, basis), and each indicator's legal basis.
    targets_spec: Targets | None = None
    bases: Mapping[str, Basis] = field(default_factory=dict)

    def __post_init__(self) -> None:
        force_setattr(self, "bases", Frozen(self.bases))
        force_setattr(self, "level_titles", Frozen(self.level_titles))
        force_setattr(self, "_scores", Frozen(self._scores))
        force_setattr(self, "_score_averages", Frozen(self._score_averages))
        force_setattr(self, "reviews", Frozen(self.reviews))
        force_setattr(self, "classifications", Frozen(self.classifications))

    @property
    def classes(self) -> pl.DataFrame:
        """Each unit's class per classification and period: classification, period, unit,
        class (null: unknown), status (classed / two_classes / no_class / unknown)."""
        if self._classes is None:
            return pl.DataFrame(schema=CLASSES_SCHEMA)
        return self._classes.clone()

    @property
    def audits(self) -> pl.DataFrame:
        """The findings of the audits of published tables, one row each: audit, period,
        unit, column (of the printed table), shows (what it shows), check (differs,
        above_max, not_sum, average_differs, unknown_unit, not_printed,
        printed_not_submitted, printed_no_data), printed, recomputed, row, detail."""
        if self._audits is None:
            return pl.DataFrame(schema=FINDINGS_SCHEMA)
        return self._audits.clone()

    @property
    def scores(self) -> Mapping[str, pl.DataFrame]:
        """Per expert review (scoring id), one row per unit and period: scoring, period,
        unit, a column per classification, status (scored / no_data / not_submitted), row,
        each section's score, total, max_total, ``<section>_percent``, percent, rank
        (competition ranking by total), change and percent_change (paired, on the reporting
        period's rows)."""
        return Frozen({k: v.clone() for k, v in self._scores.items()})

    @property
    def score_averages(self) -> Mapping[str, pl.DataFrame]:
        """Per expert review, one row per period and group (all units: classification and
        class null; then each class): units, submitted, no_data, averaged, the average of
        each section, percentage, total and percent; on the reporting period's rows,
        change_of_averages, percent_change_of_averages (difference of the averages) and
        paired_change, paired_percent_change (average of the units' own changes)."""
        return Frozen({k: v.clone() for k, v in self._score_averages.items()})

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
        if "status" not in self._indicators.columns:  # no indicator computed
            return self._indicators
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
