"""The targets of an evaluation: the planned values in force in a period, the published
values that differ from the recomputed ones, and the comparison with an earlier period."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.evaluate._compare import compared
from mayak.evaluate._evaluate import Tables
from mayak.messages._catalogue import Key, Lang, Number
from mayak.messages._problems import Location, Problem
from mayak.spec._model import Indicator, Target, Targets
from mayak.spec._period import Period


def in_force_then(chosen: Targets | None, period: Period | None) -> dict[str, Target]:
    """The planned values in force in ``period`` (all undated ones; of those written by
    period, the one in force then)."""
    if chosen is None:
        return {}
    return {name: now for name, target in chosen.targets.items()
            if (now := target.in_force(period)) is not None}


def with_earlier(tables: Tables, earlier: Tables, *, periods: tuple[Period, Period],
                 chosen: Targets | None, lang: Lang, titles: Mapping[str, str],
                 indicators: Mapping[str, Indicator]) -> tuple[pl.DataFrame, list[Problem]]:
    """The reporting period's indicator rows with the earlier period's values and the
    change; the earlier run's problems not met already, and the comparison's own."""
    now, then = periods
    rows, notes = compared(tables, earlier, periods=periods,
                           planned=(in_force_then(chosen, now), in_force_then(chosen, then)),
                           targets=chosen, lang=lang, titles=titles,
                           formulas=_formula_changes(indicators, periods))
    return rows, [*(p for p in earlier.problems if p not in tables.problems), *notes]


def _formula_changes(indicators: Mapping[str, Indicator], periods: tuple[Period, Period]
                     ) -> dict[str, tuple[str, str, Location]]:
    """The indicators whose formula in force differs between the two periods: the earlier
    and the later formula («—»: none in force) and where the formulas are written."""
    found = {}
    for name, indicator in indicators.items():  # a loop over specs
        if not indicator.versions:
            continue
        after, before = (indicator.version_in(p) for p in periods)
        later, earlier = (v.formula if v else "—" for v in (after, before))
        if later != earlier:
            found[name] = (earlier, later, indicator.source.document.location(("formula",)))
    return found


def published_differences(rows: pl.DataFrame, chosen: Targets | None) -> list[Problem]:
    """A warning per total that differs from the value the targets say was published."""
    if chosen is None or rows.is_empty():
        return []
    # A handful of rows at most (one per indicator): a loop over findings.
    return [Problem("report.published_differs",
                    {"indicator": indicator, "printed": Number(printed),
                     "value": Key("value.unknown") if value is None else Number(value, digits)},
                    _published_at(chosen, indicator), "warning")
            for indicator, printed, value, digits
            in rows[["indicator", "published", "value", "digits"]].rows()]


def _published_at(chosen: Targets, indicator: str) -> Location:
    """Where the published value of ``indicator`` is written: at ``published``, or, for a
    target by period or with several norms, at the indicator's entry."""
    target = chosen.targets[indicator]
    whole = target.dated or target.index is not None
    return chosen.source.document.location(
        ("targets", indicator) if whole else ("targets", indicator, "published"))
