"""Warnings for ``figure`` variables (one printed figure each) that found no row or
several: the value is then unknown, and the reader is told where the figure is missing."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.messages._catalogue import Key, Localised, text
from mayak.messages._problems import Location, Problem
from mayak.plan._plan import Plan
from mayak.spec._model import TOTAL_LEVEL
from mayak.spec._period import Period

FIGURES_LISTED = 20  # groups named per variable; the rest are counted


def figure_problems(found: pl.DataFrame, plan: Plan, labels: Mapping[str, str], *,
                    titles: Mapping[str, str], period: Period | None) -> list[Problem]:
    """A warning per (variable, group) whose figure is missing or repeated, the first few
    of each variable; then how many more. ``titles`` name the levels; ``period``: the
    period computed (a comparison warns for each of its two)."""
    problems: list[Problem] = []
    when = "" if period is None else Localised(*(
        text("figure.when", lang, period=period.label(lang)) for lang in ("ru", "en")))
    # A loop over findings (groups missing a figure), not over data rows.
    for (indicator, variable), rows in found.group_by("indicator", "variable",
                                                     maintain_order=True):
        spec = plan.indicators[str(indicator)].indicator
        dataset = spec.variables[str(variable)].dataset
        at = Location(labels.get(dataset, f"<{dataset}>"))
        for level, key, count in rows.select("level", "key", "rows").head(
                FIGURES_LISTED).iter_rows():
            where = (Key("level.total") if level == TOTAL_LEVEL
                     else f"{titles.get(level, level)}: {key if key is not None else '—'}")
            problems.append(Problem(
                "eval.figure_missing" if count == 0 else "eval.figure_repeated",
                {"indicator": indicator, "variable": variable, "where": where, "when": when,
                 "count": count}, at, "warning"))
        if rows.height > FIGURES_LISTED:
            problems.append(Problem("eval.more_figures",
                                    {"indicator": indicator, "variable": variable,
                                     "count": rows.height - FIGURES_LISTED}, at, "warning"))
    return problems
