"""Cross-reference checks run after schema validation and before any data is read."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from mayak.check._classes import check_classification, class_cycles
from mayak.check._columns import check_columns
from mayak.check._located import located
from mayak.check._lookups import check_added
from mayak.check._periods import (
    check_dataset_period,
    check_formula_periods,
    check_manifest_periods,
    check_targets_periods,
    norm_entries,
)
from mayak.check._report import check_report
from mayak.check._rules import check_admission, check_recommendations
from mayak.check._scoring import check_audit, check_scoring
from mayak.expr._compile import CompileError, Kind
from mayak.messages._catalogue import Key, Number, kind_key
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.plan._admissions import plan_admission
from mayak.plan._columns import SETTLED_BY_EVERY_ROW
from mayak.plan._graph import Graph, cycles
from mayak.plan._indicators import IndicatorPlan, plan_indicator
from mayak.plan._outcome import Outcome, names_or_none
from mayak.plan._plan import Plan
from mayak.plan._recommendations import plan_recommendations
from mayak.spec._model import (
    TOTAL_LEVEL,
    Admission,
    Indicator,
    Recommendations,
    Source,
    SpecSet,
    Target,
    Targets,
)
from mayak.spec._planned import Planned, written_backwards
from mayak.spec._yaml import Path


def check_references(specs: SpecSet, plan: Plan) -> list[Problem]:
    """Problems between specs, read from ``plan`` (compiled from ``specs``, errors kept)."""
    problems: list[Problem] = []
    for dataset in specs.datasets.values():
        if dataset.id in specs.admissions:
            continue  # built by Mayak from the admission spec
        if dataset.key and dataset.key not in dataset.columns:
            problems.append(_unknown_column(dataset.key, dataset.id, list(dataset.columns),
                                            dataset.source, ("key",)))
        problems.extend(check_columns(dataset))
        problems.extend(check_added(dataset, specs.datasets, plan.added.get(dataset.id)))
        problems.extend(check_dataset_period(dataset))
    for manifest in specs.manifests.values():
        problems.extend(check_manifest_periods(manifest))
    for name in plan.indicators:
        problems.extend(_check_indicator(plan.indicators[name], specs))
    problems.extend(_check_cycles(plan.graph, specs.indicators))
    for targets in specs.targets.values():
        problems.extend(_check_targets(targets, specs))
        problems.extend(check_targets_periods(targets))
    inputs = specs.inputs
    for admission in specs.admissions.values():
        problems.extend(check_admission(admission, inputs, plan.admissions.get(admission.id)))
    for recommendations in specs.recommendations.values():
        problems.extend(check_recommendations(recommendations,
                                              plan.recommendations.get(recommendations.id),
                                              specs))
    for classification in specs.classifications.values():
        added = plan.added.get(classification.dataset)
        problems.extend(check_classification(
            classification, specs.datasets,
            added.classes.get(classification.id) if added is not None else None))
    for added in plan.added.values():
        problems.extend(class_cycles(added.class_cycles, specs.classifications))
    for review in specs.scorings.values():
        problems.extend(check_scoring(review, specs))
    for audit in specs.audits.values():
        problems.extend(check_audit(audit, specs))
    for report in specs.reports.values():
        problems.extend(check_report(report, specs))
    return problems


def check_partial(spec: Indicator | Admission | Recommendations | Targets,
                  specs: SpecSet) -> list[Problem]:
    """Problems of a spec salvaged from a file its schema refused (see ``_salvage``)."""
    if isinstance(spec, Targets):
        return [*_check_targets(spec, specs), *check_targets_periods(spec)]
    if isinstance(spec, Indicator):
        return list(_check_indicator(plan_indicator(spec, specs.datasets, specs.indicators),
                                     specs))
    if isinstance(spec, Admission):
        inputs = specs.inputs
        dataset = inputs.get(spec.dataset)
        compiled = plan_admission(spec, dataset) if dataset is not None else None
        return list(check_admission(spec, inputs, compiled))
    indicator = specs.indicators.get(spec.indicator or "")
    compiled_rec = plan_recommendations(spec, indicator) if indicator is not None else None
    return list(check_recommendations(spec, compiled_rec, specs))


def _shadowed(indicator: Indicator, specs: SpecSet) -> Iterator[Problem]:
    """A variable named like another indicator that the formula names: the name would mean
    the variable, silently, where the author may have meant the indicator."""
    named = set().union(*map(names_or_none, indicator.formulas))
    for name in indicator.variables:
        if name != indicator.id and name in specs.indicators and name in named:
            yield Problem("ref.variable_is_indicator", {"name": name},
                          indicator.source.document.location(("variables", name), key=True))


def _check_targets(targets: Targets, specs: SpecSet) -> Iterator[Problem]:
    for name, target in targets.targets.items():
        indicator = specs.indicators.get(name)
        if indicator is None:
            yield Problem("ref.unknown_indicator",
                          {"name": name, "hint": suggestion(name, list(specs.indicators))},
                          targets.source.document.location(("targets", name), key=True))
            continue
        for norm, entry, path in norm_entries(targets, name, target):
            yield from _check_norm(targets, indicator, norm, entry=entry, path=path,
                                   specs=specs)


def _check_norm(targets: Targets, indicator: Indicator, target: Target, *, entry: Any,
                path: Path, specs: SpecSet) -> Iterator[Problem]:
    """One norm of a target: its planned values read, its levels are columns."""
    for planned, written, at in _planned_values(targets, entry, target, path):
        if math.isnan(planned.low):
            yield Problem("ref.bad_planned", {"value": written, "rule": Key("rule.planned")},
                          at)
        elif (backwards := written_backwards(written)) is not None:
            yield Problem("ref.planned_range",
                          {"value": written, "low": Number(backwards[0]),
                           "high": Number(backwards[1])}, at)
    for index, level in enumerate(target.levels or ()):
        for dataset_id in indicator.datasets if level != TOTAL_LEVEL else ():
            columns = specs.datasets[dataset_id].row_columns if (
                dataset_id in specs.datasets) else None
            if columns is not None and level not in columns:
                yield _unknown_column(level, dataset_id, [TOTAL_LEVEL, *columns],
                                      targets.source, (*path, "levels", index))


def _planned_values(targets: Targets, entry: Any, target: Target, path: Path
                    ) -> Iterator[tuple[Planned, str, Location]]:
    """Each planned value of a norm (one, or one per period) with its text as written and
    where it is written; ``entry`` is the norm as written, at ``path``."""
    document = targets.source.document
    if isinstance(entry, str):
        yield target.planned, entry, document.location(path)
        return
    if not target.dated:
        yield target.planned, str(entry["planned"]), document.location((*path, "planned"))
        return
    for value in target.dated:
        at: Path = (*path, "periods", value.index, "planned")
        yield value.planned, str(entry["periods"][value.index]["planned"]), document.location(at)


def _unknown_column(name: str, dataset: str, known: list[str], source: Source,
                    path: Path) -> Problem:
    return Problem("ref.unknown_column",
                   {"name": name, "dataset": dataset, "hint": suggestion(name, known)},
                   source.document.location(path))


def _compile_problem(exc: CompileError, source: Source, path: Path) -> Problem:
    return Problem(exc.code, exc.params, located(source, path, exc.offset))


def _check_indicator(compiled: IndicatorPlan, specs: SpecSet) -> Iterator[Problem]:
    indicator = compiled.indicator
    source = indicator.source
    for variable_plan in compiled.variables.values():
        variable = variable_plan.variable
        if not variable_plan.known_dataset:
            yield Problem("ref.unknown_dataset",
                          {"name": variable.dataset,
                           "hint": suggestion(variable.dataset, list(specs.datasets)),
                           "known": ", ".join(sorted(specs.datasets)) or "—"},
                          source.at(*variable.path, variable.aggregation))
            continue
        if variable.of is None and variable.aggregation != "count":
            yield Problem("ref.of_required", {"agg": variable.aggregation},
                          source.at(*variable.path))
        if variable.of is not None and variable.aggregation == "count":
            yield Problem("ref.count_with_of", {}, source.at(*variable.path, "of"))
        dataset = specs.datasets[variable.dataset]
        if variable.previous and dataset.period is None:
            yield Problem("ref.previous_without_period", {"dataset": dataset.id},
                          source.at(*variable.path, "period"))
        if variable.skip_unknown and variable.aggregation not in SETTLED_BY_EVERY_ROW:
            yield Problem("ref.skip_not_aggregate", {"aggregation": variable.aggregation},
                          source.at(*variable.path, "unknown"))
        of_kind: Kind | None = "number" if variable.aggregation != "distinct" else None
        checks: tuple[tuple[str, Outcome | None, Kind | None], ...] = (
            ("where", variable_plan.where, "boolean"), ("of", variable_plan.of, of_kind))
        for field, typed, expected in checks:
            if typed is None:
                continue
            path = (*variable.path, field)
            if isinstance(typed, CompileError):
                yield _compile_problem(typed, source, path)
                continue
            if expected and typed.kind not in (expected, "null"):
                code = "ref.not_condition" if expected == "boolean" else "ref.of_not_number"
                yield Problem(code, {"got": kind_key(typed.kind)}, source.at(*path))
    yield from _shadowed(indicator, specs)
    yield from check_formula_periods(indicator)
    outcomes = [outcome for outcome, _ in compiled.versions] or [compiled.formula]
    for index, formula in enumerate(outcomes):
        at: Path = ("formula", index, "formula") if compiled.versions else ("formula",)
        if isinstance(formula, CompileError):
            yield _compile_problem(formula, source, at)
        elif formula.kind not in ("number", "null"):
            yield Problem("ref.not_number", {"got": kind_key(formula.kind)}, source.at(*at))


def _check_cycles(graph: Graph, indicators: Mapping[str, Indicator]) -> Iterator[Problem]:
    for cycle in cycles(graph):
        first = indicators[cycle[0]]
        yield Problem("ref.cycle", {"cycle": " → ".join(cycle)}, first.source.at("formula"))
