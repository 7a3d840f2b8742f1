"""Problems of a dataset's ``lookup`` and ``derive``: found before any data is read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from mayak.expr._compile import CompileError
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.plan._lookups import AddedPlan
from mayak.spec._model import Dataset
from mayak.spec._yaml import Path


def _at(dataset: Dataset, path: Path, offset: int = 0) -> Location:
    base = dataset.source.document.location(path)
    return Location(base.file, base.line, (base.col or 1) + offset, base.path)


def _clash(name: str, dataset: Dataset, taken: Mapping[str, str], at: Location) -> Problem:
    """A looked-up or derived name that a declared column or an earlier lookup has."""
    if name in dataset.columns:
        return Problem("ref.added_clash", {"name": name, "dataset": dataset.id}, at)
    return Problem("ref.added_twice", {"name": name, "units": taken[name]}, at)


def check_added(dataset: Dataset, datasets: Mapping[str, Dataset],
                plan: AddedPlan | None) -> Iterator[Problem]:
    """Lookups into a units table that is unknown, has no key, or looks up itself; a key
    or taken column that does not exist; names that clash; derived expressions that do not
    compile or use each other in a circle."""
    taken: dict[str, str] = {}  # a taken column and the units table it comes from
    for lookup in dataset.lookups:
        path: Path = ("lookup", lookup.index)
        units = datasets.get(lookup.dataset)
        if units is None:
            yield Problem("ref.unknown_dataset",
                          {"name": lookup.dataset, "hint": suggestion(lookup.dataset, datasets),
                           "known": ", ".join(sorted(datasets)) or "—"},
                          _at(dataset, (*path, "dataset")))
            continue
        if units.id == dataset.id or units.lookups:
            yield Problem("ref.lookup_self" if units.id == dataset.id else "ref.lookup_chain",
                          {"units": units.id}, _at(dataset, (*path, "dataset")))
            continue
        if units.key is None or units.key not in units.columns:
            yield Problem("ref.lookup_no_key", {"units": units.id},
                          _at(dataset, (*path, "dataset")))
            continue
        on = lookup.on or units.key
        if on not in dataset.columns:
            yield Problem("ref.lookup_no_on" if lookup.on is None else "ref.unknown_column",
                          {"name": on, "dataset": dataset.id, "units": units.id,
                           "hint": suggestion(on, dataset.columns)},
                          _at(dataset, (*path, "on") if lookup.on else (*path, "dataset")))
        for index, name in enumerate(lookup.take):
            at = _at(dataset, (*path, "take", index))
            if name not in units.row_columns:  # derived and class columns may be taken
                yield Problem("ref.unknown_column",
                              {"name": name, "dataset": units.id,
                               "hint": suggestion(name, units.row_columns)}, at)
            elif name in dataset.columns or name in taken:
                yield _clash(name, dataset, taken, at)
            else:
                taken[name] = units.id
    for name in dataset.derive:
        if name in dataset.columns or name in taken:
            yield _clash(name, dataset, taken,
                         dataset.source.document.location(("derive", name), key=True))
    if plan is None:
        return
    for name, outcome in plan.derived.items():
        if isinstance(outcome, CompileError):
            yield Problem(outcome.code, outcome.params,
                          _at(dataset, ("derive", name), outcome.offset))
    for cycle in plan.cycles:
        yield Problem("ref.derive_cycle", {"cycle": " → ".join(cycle)},
                      _at(dataset, ("derive", cycle[0])))
