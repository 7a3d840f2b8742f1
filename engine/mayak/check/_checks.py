"""Cross-reference checks run after schema validation and before any data is read."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from mayak._ruleset import Ruleset
from mayak.check._columns import check_columns
from mayak.check._rules import check_admission, check_recommendations
from mayak.expr._compile import CompileError, Kind, names_used
from mayak.expr._scope import PERIOD, compile_in, formula_scope, row_scope
from mayak.messages._catalogue import Key, Number, kind_key
from mayak.messages._problems import Location, Problem
from mayak.spec._model import TOTAL_LEVEL, Admission, Indicator, Recommendations, Source, Targets
from mayak.spec._planned import written_backwards
from mayak.spec._schema import suggestion
from mayak.spec._yaml import Path


def check_references(ruleset: Ruleset) -> list[Problem]:
    problems: list[Problem] = []
    has_period = any(t.period is not None for t in ruleset.targets.values())
    for dataset in ruleset.datasets.values():
        if dataset.id in ruleset.admissions:
            continue  # built by Mayak from the admission spec
        if dataset.key and dataset.key not in dataset.columns:
            problems.append(_unknown_column(dataset.key, dataset.id, list(dataset.columns),
                                            dataset.source, ("key",)))
        problems.extend(check_columns(dataset))
    for indicator in ruleset.indicators.values():
        problems.extend(_check_indicator(indicator, ruleset, has_period))
    problems.extend(_check_cycles(ruleset.indicators))
    for targets in ruleset.targets.values():
        problems.extend(_check_targets(targets, ruleset))
    inputs = {k: v for k, v in ruleset.datasets.items() if k not in ruleset.admissions}
    for admission in ruleset.admissions.values():
        problems.extend(check_admission(admission, inputs))
    for recommendations in ruleset.recommendations.values():
        problems.extend(check_recommendations(recommendations, ruleset.indicators,
                                              ruleset.datasets, ruleset.targets))
    return problems


def check_partial(spec: Indicator | Admission | Recommendations,
                  ruleset: Ruleset) -> list[Problem]:
    """Problems of a spec salvaged from a file its schema refused (see ``_salvage``)."""
    if isinstance(spec, Indicator):
        has_period = any(t.period is not None for t in ruleset.targets.values())
        return list(_check_indicator(spec, ruleset, has_period))
    if isinstance(spec, Admission):
        inputs = {k: v for k, v in ruleset.datasets.items() if k not in ruleset.admissions}
        return list(check_admission(spec, inputs))
    return list(check_recommendations(spec, ruleset.indicators, ruleset.datasets,
                                      ruleset.targets))


def _check_targets(targets: Targets, ruleset: Ruleset) -> Iterator[Problem]:
    for name, target in targets.targets.items():
        path: Path = ("targets", name)
        indicator = ruleset.indicators.get(name)
        if indicator is None:
            yield Problem("ref.unknown_indicator",
                          {"name": name, "hint": suggestion(name, list(ruleset.indicators))},
                          targets.source.document.location(path, key=True))
            continue
        if math.isnan(target.planned.low):
            raw = targets.source.document.data["targets"][name]
            yield Problem("ref.bad_planned",
                          {"value": raw if isinstance(raw, str) else raw["planned"],
                           "rule": Key("rule.planned")}, targets.source.at(*path))
        elif (backwards := written_backwards(_planned_text(targets, name))) is not None:
            yield Problem("ref.planned_range",
                          {"value": _planned_text(targets, name), "low": Number(backwards[0]),
                           "high": Number(backwards[1])}, _planned_at(targets, name))
        for index, level in enumerate(target.levels or ()):
            for dataset_id in indicator.datasets if level != TOTAL_LEVEL else ():
                columns = ruleset.datasets[dataset_id].columns if (
                    dataset_id in ruleset.datasets) else None
                if columns is not None and level not in columns:
                    yield _unknown_column(level, dataset_id, [TOTAL_LEVEL, *columns],
                                          targets.source, (*path, "levels", index))


def _planned_text(targets: Targets, name: str) -> str:
    entry = targets.source.document.data["targets"][name]
    return str(entry if isinstance(entry, str) else entry["planned"])


def _planned_at(targets: Targets, name: str) -> Location:
    entry = targets.source.document.data["targets"][name]
    path: Path = ("targets", name) if isinstance(entry, str) else ("targets", name, "planned")
    return targets.source.document.location(path)


def _unknown_column(name: str, dataset: str, known: list[str], source: Source,
                    path: Path) -> Problem:
    return Problem("ref.unknown_column",
                   {"name": name, "dataset": dataset, "hint": suggestion(name, known)},
                   source.document.location(path))


def _at(source: Source, path: Path, offset: int) -> Location:
    base = source.document.location(path)
    return Location(base.file, base.line, (base.col or 1) + offset, base.path)


def _compile_problem(exc: CompileError, source: Source, path: Path) -> Problem:
    return Problem(exc.code, exc.params, _at(source, path, exc.offset))


def _check_indicator(indicator: Indicator, ruleset: Ruleset, has_period: bool) -> Iterator[Problem]:
    source = indicator.source
    for variable in indicator.variables.values():
        dataset = ruleset.datasets.get(variable.dataset)
        if dataset is None:
            yield Problem("ref.unknown_dataset",
                          {"name": variable.dataset,
                           "hint": suggestion(variable.dataset, list(ruleset.datasets)),
                           "known": ", ".join(sorted(ruleset.datasets)) or "—"},
                          source.at(*variable.path, variable.aggregation))
            continue
        if variable.of is None and variable.aggregation != "count":
            yield Problem("ref.of_required", {"agg": variable.aggregation},
                          source.at(*variable.path))
        if variable.of is not None and variable.aggregation == "count":
            yield Problem("ref.count_with_of", {}, source.at(*variable.path, "of"))
        scope = row_scope(dataset, 0)
        of_kind: Kind | None = "number" if variable.aggregation != "distinct" else None
        checks: tuple[tuple[str, str | None, Kind | None], ...] = (
            ("where", variable.where, "boolean"), ("of", variable.of, of_kind))
        for field, text, expected in checks:
            if text is None:
                continue
            path = (*variable.path, field)
            try:
                typed = compile_in(text, scope)
            except CompileError as exc:
                yield _compile_problem(exc, source, path)
                continue
            if expected and typed.kind not in (expected, "null"):
                code = "ref.not_condition" if expected == "boolean" else "ref.of_not_number"
                yield Problem(code, {"got": kind_key(typed.kind)}, source.at(*path))
            if (not has_period and PERIOD in names_used(text)
                    and PERIOD not in dataset.columns):
                yield Problem("ref.no_period", {}, source.at(*path))
    try:
        typed = compile_in(indicator.formula, formula_scope(indicator, ruleset.indicators,
                                                            ruleset.datasets))
    except CompileError as exc:
        yield _compile_problem(exc, source, ("formula",))
        return
    if typed.kind not in ("number", "null"):
        yield Problem("ref.not_number", {"got": kind_key(typed.kind)}, source.at("formula"))


def _check_cycles(indicators: Mapping[str, Indicator]) -> Iterator[Problem]:
    graph = {}
    for indicator in indicators.values():
        try:
            used = names_used(indicator.formula)
        except CompileError:
            used = set()
        graph[indicator.id] = sorted((used - set(indicator.variables)) & set(indicators))
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, trail: list[str]) -> Iterator[list[str]]:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                yield [*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt]
            elif nxt not in state:
                yield from visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            for cycle in visit(start, [start]):
                first = indicators[cycle[0]]
                yield Problem("ref.cycle", {"cycle": " → ".join(cycle)},
                              first.source.at("formula"))
