"""The compiled plan of a rule set: what evaluation, screening and recommendations run."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct, field

from mayak._frozen import Frozen
from mayak.plan._admissions import AdmissionPlan
from mayak.plan._graph import Graph, dependency_order, indicator_graph
from mayak.plan._indicators import IndicatorPlan, plan_indicator
from mayak.plan._lookups import AddedPlan
from mayak.plan._recommendations import RecommendationsPlan, plan_all_recommendations
from mayak.plan._uses import columns_read
from mayak.spec._model import SpecSet


class Plan(Struct, frozen=True, eq=False):
    """Every expression of a rule set compiled once to Polars, by spec id.

    ``indicators`` come in dependency order (each after those its formula uses); ``graph``
    is that dependency graph. The expressions do not hold the reporting period: ``period``
    compiles to the column ``PERIOD_COLUMN`` (``mayak.expr._scope``), which evaluation adds
    to the data, so one plan serves any targets spec. ``columns_read``: per dataset, the
    columns the indicators' row expressions read (evaluation uses the others as level keys
    at most). ``added``: per dataset that has some, its looked-up and derived columns.
    """

    indicators: Mapping[str, IndicatorPlan]
    graph: Graph
    admissions: Mapping[str, AdmissionPlan]
    recommendations: Mapping[str, RecommendationsPlan]
    columns_read: Mapping[str, frozenset[str]]
    added: Mapping[str, AddedPlan] = field(default_factory=Frozen)

    @property
    def uses_period(self) -> bool:
        """Whether some variable reads the period (and its dataset has no such column)."""
        return any(v.period_fields for i in self.indicators.values()
                   for v in i.variables.values())


def build_plan(specs: SpecSet, admissions: Mapping[str, AdmissionPlan],
               added: Mapping[str, AddedPlan] | None = None) -> Plan:
    """Compile the indicators and recommendations of ``specs``; ``admissions`` were
    compiled first (their results are datasets the indicators may read), and so were the
    datasets' looked-up and derived columns (``added``)."""
    graph = indicator_graph(specs.indicators)
    order = dependency_order(specs.indicators, graph)
    indicators = {name: plan_indicator(specs.indicators[name], specs.datasets,
                                       specs.indicators) for name in order}
    return Plan(Frozen(indicators), Frozen(graph), Frozen(admissions),
                Frozen(plan_all_recommendations(specs)),
                Frozen(columns_read(indicators, specs.datasets, added)), Frozen(added or {}))
