"""The dependency graph of indicators: which other indicators each formula uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mayak.plan._outcome import names_or_none
from mayak.spec._model import Indicator

Graph = Mapping[str, tuple[str, ...]]


def indicator_graph(indicators: Mapping[str, Indicator]) -> dict[str, tuple[str, ...]]:
    """For each indicator, the other indicators its formula names (sorted). The one graph
    behind cycle checks, evaluation order and the indicators a level needs."""
    return {indicator.id: tuple(sorted((set().union(*map(names_or_none, indicator.formulas))
                                        - set(indicator.variables)) & set(indicators)))
            for indicator in indicators.values()}


def dependency_order(names: Iterable[str], graph: Graph) -> list[str]:
    """``names`` ordered so that each comes after those it uses (a cycle, reported by the
    checks, keeps the given order)."""
    ordered: dict[str, None] = {}

    def place(name: str, trail: frozenset[str]) -> None:
        if name in ordered or name in trail:
            return
        for other in graph[name]:
            place(other, trail | {name})
        ordered[name] = None

    for name in names:
        place(name, frozenset())
    return list(ordered)


def with_dependencies(wanted: Iterable[str], graph: Graph) -> set[str]:
    """``wanted`` and every indicator they use, directly or not."""
    closed: set[str] = set()
    queue = list(wanted)
    while queue:
        name = queue.pop()
        if name not in closed and name in graph:
            closed.add(name)
            queue.extend(graph[name])
    return closed


def cycles(graph: Graph) -> list[list[str]]:
    """Each cycle found by a depth-first walk from the names in sorted order."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                found.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    return found
