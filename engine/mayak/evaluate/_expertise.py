"""The classes of the units and the expert reviews of a rule set, for the reporting period
and the one compared with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct, field

from mayak.messages._problems import Problem
from mayak.plan._plan import Plan
from mayak.spec._model import SpecSet
from mayak.spec._period import Period

if TYPE_CHECKING:
    import polars as pl

    from mayak.evaluate._scoring import Scored
    from mayak.io._engine import Engine


class Expertise(Struct, frozen=True):
    """Every unit's class per period (``classes``) and each review computed, by id; None:
    the rule set has no classifications (``classes``) or no audits (``audits``)."""

    classes: pl.DataFrame | None = None
    scored: Mapping[str, Scored] = field(default_factory=dict)
    audits: pl.DataFrame | None = None
    problems: tuple[Problem, ...] = ()
    # Per recommendations spec on a classification: its rows (key, class, units).
    class_rows: Mapping[str, pl.DataFrame] = field(default_factory=dict)


def datasets_read(specs: SpecSet) -> list[str]:
    """The datasets classifications, reviews and audits read, in the order of the specs."""
    found = [c.dataset for c in specs.classifications.values()]
    for review in specs.scorings.values():
        found += [review.dataset, *([review.units] if review.units else [])]
    found += [a.dataset for a in specs.audits.values()]
    return list(dict.fromkeys(found))


def assess(plan: Plan, specs: SpecSet, frames: Mapping[str, pl.LazyFrame],
           periods: Sequence[Period | None], *, labels: Mapping[str, str],
           engine: Engine, indicators: pl.DataFrame | None = None) -> Expertise:
    """Class the units, then compute each review in ``periods`` (the reporting one, then
    the one compared with, if any), then audit the published tables (``indicators``: the
    evaluated indicators, which tables of indicators are audited against)."""
    classes = any(added.classes for added in plan.added.values())
    if not classes and not specs.scorings and not specs.audits:
        return Expertise()
    # Imported here: most rule sets have none of these, and their steps take a while to load.
    from mayak.evaluate._expertise_steps import assessed  # noqa: PLC0415

    return assessed(plan, specs, frames, periods, labels=labels, engine=engine,
                    indicators=indicators)
