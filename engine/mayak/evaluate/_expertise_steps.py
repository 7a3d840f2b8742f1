"""The steps of the expertise: the units classed, the reviews computed and checked, and the
published tables audited (``_expertise.assess`` runs them when a rule set has any)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from mayak.evaluate._audit import audit_table, indicator_results
from mayak.evaluate._classes import classed, grouping, warned
from mayak.evaluate._expertise import Expertise, datasets_read
from mayak.evaluate._periods import label_or_all
from mayak.evaluate._result import FINDINGS_SCHEMA
from mayak.evaluate._scores import in_period
from mayak.evaluate._scoring import Scored, asked, checked, computed
from mayak.evaluate._scoring import scored as scored_review
from mayak.io._engine import Engine, small_flags
from mayak.messages._problems import Problem
from mayak.plan._plan import Plan
from mayak.spec._model import TOTAL_LEVEL, SpecSet
from mayak.spec._period import Period


def assessed(plan: Plan, specs: SpecSet, frames: Mapping[str, pl.LazyFrame],
             periods: Sequence[Period | None], *, labels: Mapping[str, str],
             engine: Engine, indicators: pl.DataFrame | None = None) -> Expertise:
    """``_expertise.assess``'s work, for a rule set with classifications, reviews or
    audits."""
    plans = [c for added in plan.added.values() for c in added.classes.values()]
    # No period compared with is no second period, not one spanning every row.
    periods = [p for n, p in enumerate(periods) if n == 0 or p is not None]
    # The tables of units, scores and printed figures are small and read by many queries:
    # cached, so that their reading, typing and added columns are done once in the first
    # batch (a cache is shared by the queries collected together), and kept collected for
    # the later steps.
    read = [d for d in datasets_read(specs) if d in frames]
    frames = {**frames, **{d: frames[d].cache() for d in read}}
    # Classes and reviews step by step, each step's queries collected in one batch: the
    # units grouped; then the classes, each period's units' rows and what the checks find;
    # then the units' rows of both periods, with the changes, and the averages.
    grouped = grouping(plans, specs.datasets, frames, periods)
    reviews = [asked(r, specs.datasets, frames, periods) for r in specs.scorings.values()]
    tables, *done = _together([[frames[d] for d in read], list(grouped.queries),
                               *(list(r.queries) for r in reviews)], engine)
    frames = {**frames, **{d: table.lazy() for d, table in zip(read, tables, strict=True)}}
    found = classed(grouped, done[0])
    steps = [computed(r, d, specs.datasets, found, labels=labels)
             for r, d in zip(reviews, done[1:], strict=True)]
    done = _together([found.queries(), *(s.queries() for s in steps)], engine)
    classes = done[0][0]
    problems = warned(found, done[0], specs.datasets, labels)
    checks = [checked(s, d) for s, d in zip(steps, done[1:], strict=True)]
    done = _together([c.queries() for c in checks], engine)
    scored: dict[str, Scored] = {}
    for review, check, d in zip(specs.scorings.values(), checks, done, strict=True):
        scored[review.id], found_problems = scored_review(check, d)
        problems.extend(found_problems)
    audits = _audited(specs, scored, frames, periods, labels=labels, engine=engine,
                      problems=problems, indicators=indicators)
    rows = _class_rows(plan, specs, frames, classes, periods[0], engine=engine)
    return Expertise(classes, scored, audits, tuple(problems), rows)




def _together(parts: Sequence[Sequence[pl.LazyFrame]], engine: Engine
              ) -> list[Sequence[pl.DataFrame]]:
    """Each part's queries collected, all parts in one batch."""
    done = pl.collect_all([q for part in parts for q in part], engine=engine,
                          optimizations=small_flags(engine))
    out: list[Sequence[pl.DataFrame]] = []
    at = 0
    for part in parts:
        out.append(done[at:at + len(part)])
        at += len(part)
    return out


def _class_rows(plan: Plan, specs: SpecSet, frames: Mapping[str, pl.LazyFrame],
                classes: pl.DataFrame, period: Period | None, *, engine: Engine
                ) -> dict[str, pl.DataFrame]:
    """The rows recommendations on a classification are given on, in the reporting period:
    each unit with its class, or each group of units (a column of the classification's
    dataset, or ``total``) with each class and the number of its units there."""
    code = period.code if period else None
    queries: dict[str, pl.LazyFrame] = {}
    for compiled in plan.recommendations.values():
        spec = compiled.spec
        if spec.classification is None or spec.classification not in specs.classifications:
            continue
        classification = specs.classifications[spec.classification]
        dataset = specs.datasets[classification.dataset]
        unit = classification.unit or dataset.key
        if unit is None:  # the checks require one
            continue
        if spec.level == unit:
            queries[spec.id] = classes.lazy().filter(
                (pl.col("classification") == classification.id)
                & (pl.col("period") == code if code else pl.col("period").is_null())
                & pl.col("class").is_not_null()).select(pl.col("unit").alias("key"), "class")
            continue
        rows = in_period(frames[dataset.id], dataset, period).filter(
            pl.col(classification.id).is_not_null())
        # Over all units, a row is a class: its key is the class itself.
        by = [pl.col(classification.id).cast(pl.String).alias("key")
              if spec.level == TOTAL_LEVEL else pl.col(spec.level).cast(pl.String).alias("key")]
        queries[spec.id] = (rows.group_by(*by, pl.col(classification.id).alias("class"),
                                          maintain_order=True)
                            .agg(pl.col(unit).n_unique().alias("units")))
    found = pl.collect_all(list(queries.values()), engine=engine) if queries else []
    return dict(zip(queries, found, strict=True))


def _audited(specs: SpecSet, scored: Mapping[str, Scored], frames: Mapping[str, pl.LazyFrame],
             periods: Sequence[Period | None], *, labels: Mapping[str, str], engine: Engine,
             problems: list[Problem], indicators: pl.DataFrame | None) -> pl.DataFrame:
    """The findings of every audit whose review (or indicators) were computed for the
    table's period."""
    audits = [a for a in specs.audits.values()
              if a.scoring in scored or (a.scoring is None and indicators is not None)]
    tables = pl.collect_all([frames[a.dataset] for a in audits], engine=engine)
    found = [pl.DataFrame(schema=FINDINGS_SCHEMA)]
    for audit, printed in zip(audits, tables, strict=True):
        period = audit.period or periods[0]
        if period not in periods:
            problems.append(Problem("audit.period_not_computed",
                                    {"audit": audit.title, "period": label_or_all(period)},
                                    audit.source.at("period"), "warning"))
            continue
        review = specs.scorings[audit.scoring] if audit.scoring is not None else None
        results = scored[audit.scoring] if audit.scoring is not None else indicator_results(
            audit, indicators if indicators is not None else pl.DataFrame(),
            code=period.code if period else None, previous=period != periods[0])
        findings, notes = audit_table(audit, review, results, specs.datasets[audit.dataset],
                                      printed, period=period,
                                      file=labels.get(audit.dataset, f"<{audit.dataset}>"))
        found.append(findings)
        problems.extend(notes)
    return pl.concat(found)
