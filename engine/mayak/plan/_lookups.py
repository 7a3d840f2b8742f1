"""Columns a dataset adds to its rows: attributes looked up in units tables by key
(``lookup``) and computed columns (``derive``), typed at load so that expressions, levels
and checks see them as they see the file's own columns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl
from msgspec import Struct, field
from msgspec.structs import replace

from mayak._frozen import Frozen
from mayak.expr._compile import Kind, Typed, without_noise
from mayak.expr._scope import column_name
from mayak.plan._classes import (
    ClassificationPlan,
    class_column,
    class_steps,
    plan_classification,
    value_column,
)
from mayak.plan._graph import cycles, dependency_order
from mayak.plan._outcome import Outcome, attempt, names_or_none
from mayak.spec._model import Classification, Column, ColumnType, Dataset, Lookup

_COLUMN_TYPES: Mapping[Kind, ColumnType] = {
    "number": "number", "string": "string", "boolean": "boolean", "date": "date"}


class JoinPlan(Struct, frozen=True, eq=False):
    """One lookup that can be made: the units table, this dataset's key column ``on``, the
    units' ``key`` column and the columns taken (those that exist and clash with nothing);
    ``synonyms``: other spellings of a key, both sides lower-cased."""

    lookup: Lookup
    units: str
    on: str
    key: str
    take: tuple[str, ...]
    synonyms: Mapping[str, str]


class AddedPlan(Struct, frozen=True, eq=False):
    """What a dataset adds to its rows: the joins, then the derived columns computed in
    ``steps`` (their expressions; a column using others comes in a later step).
    ``derived``: each derived expression compiled (None: it is part of a ``cycle``);
    ``cycles``: the derived columns that use each other in a circle."""

    dataset: str
    joins: tuple[JoinPlan, ...]
    derived: Mapping[str, Outcome | None]
    steps: tuple[tuple[pl.Expr, ...], ...]
    cycles: tuple[tuple[str, ...], ...]
    # The classifications of its rows, each adding its class column after the derived ones.
    classes: Mapping[str, ClassificationPlan] = field(
        default_factory=Frozen)
    # Columns the steps add only for later steps: dropped after them.
    hidden: tuple[str, ...] = ()
    # Classifications that class by each other's class columns in a circle (none is made).
    class_cycles: tuple[tuple[str, ...], ...] = ()


def normalised(text: str) -> str:
    """A key as lookups compare it: trimmed, lower-cased."""
    return text.strip().lower()


def _synonyms(lookup: Lookup, key: Column) -> dict[str, str]:
    """The spellings of a units key that stand for another: the lookup's own, then those
    of a category key column (its values are spellings of themselves)."""
    found: dict[str, str] = {}
    if key.type == "category":
        found.update({normalised(v): normalised(v) for v in key.values})
        found.update({normalised(k): normalised(v) for k, v in key.synonyms.items()})
    found.update({normalised(k): normalised(v) for k, v in lookup.synonyms.items()})
    return {k: v for k, v in found.items() if k != v}


def _join(dataset: Dataset, lookup: Lookup, datasets: Mapping[str, Dataset],
          taken: dict[str, Column]) -> JoinPlan | None:
    """The join ``lookup`` asks for, or None when it cannot be made (the checks say why)."""
    units = datasets.get(lookup.dataset)
    if units is None or units.key is None or units.key not in units.columns or (
            units.lookups or units.id == dataset.id):
        return None
    on = lookup.on or units.key
    if on not in dataset.columns:
        return None
    take = []
    for name in lookup.take:
        if name in units.row_columns and name not in dataset.columns and name not in taken:
            taken[name] = replace(units.row_columns[name], required=False)
            take.append(name)
    return JoinPlan(lookup, units.id, on, units.key, tuple(take),
                    Frozen(_synonyms(lookup, units.columns[units.key])))


def plan_added(dataset: Dataset, datasets: Mapping[str, Dataset],
               classifications: Iterable[Classification] = ()
               ) -> tuple[Dataset, AddedPlan | None]:
    """``dataset`` with its looked-up, derived and class columns typed (``added``), and how
    they are computed (None: it adds none)."""
    classifications = [c for c in classifications if c.dataset == dataset.id]
    if not dataset.lookups and not dataset.derive and not classifications:
        return dataset, None
    taken: dict[str, Column] = {}
    joins = tuple(j for lookup in dataset.lookups
                  if (j := _join(dataset, lookup, datasets, taken)) is not None)
    scope = {name: column_name(column) for name, column in {**dataset.columns,
                                                             **taken}.items()}
    own = [n for n in dataset.derive if n not in scope]
    graph = {n: tuple(sorted(names_or_none(dataset.derive[n]) & set(own) - {n}))
             for n in own}
    circles = tuple(tuple(c) for c in cycles(graph))
    selfish = {n for n in own if n in names_or_none(dataset.derive[n])}
    looping = {n for c in circles for n in c} | selfish
    derived: dict[str, Outcome | None] = {}
    step_of: dict[str, int] = {}
    added: dict[str, Column] = dict(taken)
    for name in dependency_order(own, graph):
        typed = None if name in looping else attempt(dataset.derive[name], scope)
        derived[name] = typed = without_noise(typed) if isinstance(typed, Typed) else typed
        kind: Kind = typed.kind if isinstance(typed, Typed) else "number"
        failed = not isinstance(typed, Typed)
        added[name] = Column(name=name, type=_COLUMN_TYPES.get(kind, "string"), unusable=failed)
        scope[name] = column_name(added[name])
        step_of[name] = 1 + max((step_of[n] for n in graph[name] if n in step_of), default=-1)
    steps = tuple(tuple(typed.expr.alias(n) for n, s in step_of.items()
                        if s == step and isinstance(typed := derived[n], Typed))
                  for step in range(1 + max(step_of.values(), default=-1)))
    circles += tuple((n, n) for n in sorted(selfish))
    classes: dict[str, ClassificationPlan] = {}
    # A classification may class by another one's class column: that one is made first.
    by_id = {c.id: c for c in classifications}
    class_graph = {c.id: tuple(sorted(_class_inputs(c) & by_id.keys())) for c in classifications}
    class_cycles = tuple(tuple(c) for c in cycles(class_graph))
    for spec in map(by_id.__getitem__, dependency_order(by_id, class_graph)):
        # over every column the rows have, derived ones and earlier classes included
        if spec.id in scope:  # a clash: the checks say so
            continue
        classes[spec.id] = compiled = plan_classification(spec, scope)
        added[spec.id] = class_column(spec)
        scope[spec.id] = column_name(added[spec.id])
        steps += class_steps(compiled)
    hidden = tuple(value_column(c.spec) for c in classes.values()
                   if c.expr is not None and c.value is not None and c.shown is not None)
    return (replace(dataset, added=Frozen(added)),
            AddedPlan(dataset.id, joins, Frozen({n: derived[n] for n in own}), steps, circles,
                      Frozen(classes), hidden, class_cycles))


def _class_inputs(spec: Classification) -> frozenset[str]:
    """The columns a classification classes by: its attribute, or the names its value
    uses."""
    return frozenset([spec.attribute]) if spec.attribute else names_or_none(spec.value or "")


def plan_all_added(datasets: Mapping[str, Dataset],
                   classifications: Iterable[Classification] = ()
                   ) -> tuple[dict[str, Dataset], dict[str, AddedPlan]]:
    """Every dataset with its added columns typed, and the plans of those that add some.
    Units tables (no lookups) come first: a dataset may look up their derived and class
    columns."""
    classifications = list(classifications)
    typed: dict[str, Dataset] = dict(datasets)
    plans: dict[str, AddedPlan] = {}
    for looks_up in (False, True):
        for name, dataset in datasets.items():
            if bool(dataset.lookups) == looks_up:
                typed[name], plan = plan_added(dataset, typed, classifications)
                if plan is not None:
                    plans[name] = plan
    return {name: typed[name] for name in datasets}, {n: plans[n] for n in datasets if n in plans}


def file_columns(dataset: Dataset, names: Iterable[str],
                 added: AddedPlan | None) -> set[str]:
    """The columns of ``dataset``'s file that ``names`` (its row columns) come from: a
    looked-up column from the key it is looked up by, a derived one from what its
    expression reads."""
    found: set[str] = set()
    queue = list(names)
    seen: set[str] = set()
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in dataset.columns:
            found.add(name)
        elif added is not None:
            found.update(j.on for j in added.joins if name in j.take)
            if name in dataset.derive:
                queue.extend(names_or_none(dataset.derive[name]))
            if name in added.classes:
                spec = added.classes[name].spec
                queue.extend(names_or_none(spec.value) if spec.value else ())
                queue.extend([spec.attribute] if spec.attribute else ())
    return found


def lookup_columns(plans: Mapping[str, AddedPlan]) -> dict[str, set[str]]:
    """Per dataset, the columns its lookups read: the key of the rows, and the key and the
    taken columns of each units table."""
    found: dict[str, set[str]] = {}
    for plan in plans.values():
        for join in plan.joins:
            found.setdefault(plan.dataset, set()).add(join.on)
            found.setdefault(join.units, set()).update((join.key, *join.take))
    return found


def units_tables(plans: Mapping[str, AddedPlan], datasets: Iterable[str]) -> list[str]:
    """The units tables ``datasets`` look attributes up in, in the order of their lookups."""
    return list(dict.fromkeys(j.units for d in datasets if d in plans
                              for j in plans[d].joins))
