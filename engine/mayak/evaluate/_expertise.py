"""The classes of the units and the expert reviews of a rule set, for the reporting period
and the one compared with."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from mayak.evaluate._audit import FINDINGS_SCHEMA, audit_table
from mayak.evaluate._classes import CLASSES_SCHEMA, classify
from mayak.evaluate._evaluate import Engine
from mayak.evaluate._periods import label
from mayak.evaluate._scoring import Scored, score
from mayak.messages._problems import Problem
from mayak.plan._plan import Plan
from mayak.spec._model import SpecSet
from mayak.spec._period import Period


@dataclass(frozen=True)
class Expertise:
    """Every unit's class per period (``classes``) and each review computed, by id."""

    classes: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CLASSES_SCHEMA))
    scored: Mapping[str, Scored] = field(default_factory=dict)
    audits: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=FINDINGS_SCHEMA))
    problems: tuple[Problem, ...] = ()


def datasets_read(specs: SpecSet) -> list[str]:
    """The datasets classifications, reviews and audits read, in the order of the specs."""
    found = [c.dataset for c in specs.classifications.values()]
    for review in specs.scorings.values():
        found += [review.dataset, *([review.units] if review.units else [])]
    found += [a.dataset for a in specs.audits.values()]
    return list(dict.fromkeys(found))


def assess(plan: Plan, specs: SpecSet, frames: Mapping[str, pl.LazyFrame],
           periods: Sequence[Period | None], *, labels: Mapping[str, str],
           engine: Engine) -> Expertise:
    """Class the units, then compute each review in ``periods`` (the reporting one, then
    the one compared with, if any)."""
    plans = [c for added in plan.added.values() for c in added.classes.values()]
    # No period compared with is no second period, not one spanning every row.
    periods = [p for n, p in enumerate(periods) if n == 0 or p is not None]
    if not plans and not specs.scorings:
        return Expertise()
    classes, problems = classify(plans, specs.datasets, frames, periods, labels=labels,
                                 engine=engine)
    scored: dict[str, Scored] = {}
    for review in specs.scorings.values():
        scored[review.id], found = score(review, specs.datasets, frames, classes, periods,
                                         labels=labels, engine=engine)
        problems.extend(found)
    audits = _audited(specs, scored, frames, periods, labels=labels, engine=engine,
                      problems=problems)
    return Expertise(classes, scored, audits, tuple(problems))


def _audited(specs: SpecSet, scored: Mapping[str, Scored], frames: Mapping[str, pl.LazyFrame],
             periods: Sequence[Period | None], *, labels: Mapping[str, str], engine: Engine,
             problems: list[Problem]) -> pl.DataFrame:
    """The findings of every audit whose review was computed for the table's period."""
    audits = [a for a in specs.audits.values() if a.scoring in scored]
    tables = pl.collect_all([frames[a.dataset] for a in audits], engine=engine)
    found = [pl.DataFrame(schema=FINDINGS_SCHEMA)]
    for audit, printed in zip(audits, tables, strict=True):
        period = audit.period or periods[0]
        if period not in periods:
            problems.append(Problem("audit.period_not_computed",
                                    {"audit": audit.title, "period": label(period) if period
                                     else "—"}, audit.source.at("period"), "warning"))
            continue
        findings, notes = audit_table(audit, specs.scorings[audit.scoring],
                                      scored[audit.scoring], specs.datasets[audit.dataset],
                                      printed, period=period,
                                      file=labels.get(audit.dataset, f"<{audit.dataset}>"))
        found.append(findings)
        problems.extend(notes)
    return pl.concat(found)
