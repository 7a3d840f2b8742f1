"""A rule set cut down to the indicators its ``ruleset`` specs name (``indicators:``)."""

from __future__ import annotations

from collections.abc import Iterable

from msgspec.structs import replace

from mayak._frozen import Frozen
from mayak.plan._graph import with_dependencies
from mayak.plan._lookups import units_tables
from mayak.plan._plan import Plan
from mayak.plan._uses import columns_read
from mayak.spec._model import SpecSet


def chosen_only(specs: SpecSet, plan: Plan, chosen: Iterable[str] | None
                ) -> tuple[SpecSet, Plan]:
    """``specs`` and ``plan`` with only the ``chosen`` indicators and those they use, so that
    only their datasets are read; targets and recommendations on the others, and datasets
    only the others read, are left out (all were checked at load). ``chosen`` None:
    everything is kept."""
    if chosen is None:
        return specs, plan
    keep = with_dependencies(chosen, plan.graph)
    targets = {key: replace(t, targets=Frozen({name: target for name, target
                                               in t.targets.items() if name in keep}))
               for key, t in specs.targets.items()}
    advice = {key: r for key, r in specs.recommendations.items()
              if r.indicator in keep or r.indicator is None}  # those on a review stay
    # A dataset only the others read goes too: it names no level and titles no column.
    kept = {d for name in keep for d in specs.indicators[name].datasets}
    kept |= {d for a in specs.admissions.values() for d in (a.id, a.dataset, a.population)
             if d is not None}
    # Classifications, reviews and audits are not chosen by indicator: their data stays.
    kept |= {c.dataset for c in specs.classifications.values()}
    kept |= {d for s in specs.scorings.values() for d in (s.dataset, s.units) if d is not None}
    kept |= {a.dataset for a in specs.audits.values()}
    kept |= set(units_tables(plan.added, kept))  # the units tables they look up in
    unused = {d for i in specs.indicators.values() for d in i.datasets} - kept
    specs = replace(specs, indicators={n: i for n, i in specs.indicators.items() if n in keep},
                    targets=targets, recommendations=advice,
                    datasets={d: spec for d, spec in specs.datasets.items() if d not in unused})
    planned = {name: p for name, p in plan.indicators.items() if name in keep}
    return specs, replace(
        plan, indicators=Frozen(planned),
        graph=Frozen({name: uses for name, uses in plan.graph.items() if name in keep}),
        recommendations=Frozen({k: r for k, r in plan.recommendations.items() if k in advice}),
        columns_read=Frozen(columns_read(planned, specs.datasets, plan.added)))
