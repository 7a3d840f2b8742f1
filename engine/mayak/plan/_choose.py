"""A rule set cut down to the indicators its ``ruleset`` specs name (``indicators:``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from mayak.plan._graph import with_dependencies
from mayak.plan._plan import Plan
from mayak.plan._uses import columns_read
from mayak.spec._model import SpecSet, frozen


def chosen_only(specs: SpecSet, plan: Plan, chosen: Iterable[str] | None
                ) -> tuple[SpecSet, Plan]:
    """``specs`` and ``plan`` with only the ``chosen`` indicators and those they use, so that
    only their datasets are read; targets and recommendations on the others are left out
    (they were checked at load). ``chosen`` None: everything is kept."""
    if chosen is None:
        return specs, plan
    keep = with_dependencies(chosen, plan.graph)
    targets = {key: replace(t, targets=frozen({name: target for name, target
                                               in t.targets.items() if name in keep}))
               for key, t in specs.targets.items()}
    advice = {key: r for key, r in specs.recommendations.items() if r.indicator in keep}
    specs = replace(specs, indicators={n: i for n, i in specs.indicators.items() if n in keep},
                    targets=targets, recommendations=advice)
    planned = {name: p for name, p in plan.indicators.items() if name in keep}
    return specs, replace(
        plan, indicators=frozen(planned),
        graph=frozen({name: uses for name, uses in plan.graph.items() if name in keep}),
        recommendations=frozen({k: r for k, r in plan.recommendations.items() if k in advice}),
        columns_read=frozen(columns_read(planned, specs.datasets)))
