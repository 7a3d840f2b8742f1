"""Problems of a classification, found before any data is read: an unknown dataset or
column, a class written both ways, a value listed in two classes, bounds that leave a gap
or overlap."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping

from mayak.check._located import compile_problems, located, unknown_dataset
from mayak.messages._catalogue import Number
from mayak.messages._problems import Problem
from mayak.messages._suggest import suggestion
from mayak.plan._classes import ClassificationPlan
from mayak.spec._model import Classification, ClassRule, Dataset


def _unknown_column(name: str, dataset: Dataset, spec: Classification, path: tuple[str, ...]
                    ) -> Problem:
    return Problem("ref.unknown_column",
                   {"name": name, "dataset": dataset.id,
                    "hint": suggestion(name, list(dataset.row_columns))},
                   located(spec.source, path))


def check_classification(spec: Classification, datasets: Mapping[str, Dataset],
                         compiled: ClassificationPlan | None) -> Iterator[Problem]:
    """Every problem of ``spec`` (``compiled``: its plan; None when its dataset is unknown
    or its id is taken by a column)."""
    dataset = datasets.get(spec.dataset)
    if dataset is None:
        yield unknown_dataset(spec.dataset, datasets, spec.source, ("dataset",))
        return
    if spec.id in dataset.columns or (compiled is None and spec.id in dataset.row_columns):
        yield Problem("ref.added_clash", {"name": spec.id, "dataset": dataset.id},
                      located(spec.source, ("id",)))
    if spec.unit is not None and spec.unit not in dataset.row_columns:
        yield _unknown_column(spec.unit, dataset, spec, ("unit",))
    elif spec.unit is None and dataset.key is None:
        yield Problem("class.no_unit", {"dataset": dataset.id}, located(spec.source, ("dataset",)))
    if (spec.attribute is None) == (spec.value is None):
        yield Problem("class.form", {}, located(spec.source, ("classes",)))
        return
    if spec.attribute is not None and spec.attribute not in dataset.row_columns:
        yield _unknown_column(spec.attribute, dataset, spec, ("attribute",))
    if spec.value is not None and compiled is not None and compiled.value is not None:
        yield from compile_problems(compiled.value, spec.source, ("value",), expect="number")
    yield from _check_classes(spec)


def class_cycles(cycles: Iterable[tuple[str, ...]],
                 classifications: Mapping[str, Classification]) -> Iterator[Problem]:
    """Classifications that class by each other's class columns in a circle: none of them
    can be made."""
    for cycle in cycles:
        first = classifications[cycle[0]]
        field = "attribute" if first.attribute is not None else "value"
        yield Problem("class.cycle", {"cycle": " → ".join(cycle)},
                      located(first.source, (field,)))


def _check_classes(spec: Classification) -> Iterator[Problem]:
    both = False  # a class with two lower (or upper) bounds: its interval is not known
    seen: dict[str, int] = {}
    listed: dict[str, ClassRule] = {}
    for rule in spec.classes:
        path = ("classes", rule.index)
        if rule.id in seen:
            yield Problem("class.duplicate", {"id": rule.id}, located(spec.source, (*path, "id")))
        seen[rule.id] = rule.index
        raw = spec.source.document.data["classes"][rule.index]
        bounds = [k for k in ("from", "above", "to", "below") if k in raw]
        if spec.attribute is not None:
            if bounds:
                yield Problem("class.bounds_with_attribute", {"field": bounds[0]},
                              located(spec.source, (*path, bounds[0])))
            if not rule.values:
                yield Problem("class.no_values", {"id": rule.id}, located(spec.source, path))
            for n, value in enumerate(rule.values):
                other = listed.get(value.lower())
                if other is not None and other.id != rule.id:
                    yield Problem("class.value_twice", {"value": value, "other": other.id},
                                  located(spec.source, (*path, "values", n)))
                listed.setdefault(value.lower(), rule)
            continue
        if rule.values:
            yield Problem("class.values_with_value", {}, located(spec.source, (*path, "values")))
        for pair in (("from", "above"), ("to", "below")):
            if all(k in raw for k in pair):
                both = True
                yield Problem("class.both_bounds", {"first": pair[0], "second": pair[1]},
                              located(spec.source, (*path, pair[1])))
        if not bounds and len(spec.classes) > 1:
            both = True  # its interval is not known: no gap to look for
            yield Problem("class.no_bounds", {"id": rule.id}, located(spec.source, path))
        elif rule.low is not None and rule.high is not None and _empty(rule):
            yield Problem("class.empty_interval", {"id": rule.id}, located(spec.source, path))
    if spec.value is not None and not both:
        yield from _gaps(spec)


def _empty(rule: ClassRule) -> bool:
    assert rule.low is not None and rule.high is not None
    if rule.low < rule.high:
        return False
    return rule.low > rule.high or not (rule.low_inclusive and rule.high_inclusive)


def _whole(rule: ClassRule) -> tuple[float, float]:
    """The smallest and largest whole numbers inside a class (infinite when open)."""
    low = -math.inf if rule.low is None else (
        math.ceil(rule.low) if rule.low_inclusive else math.floor(rule.low) + 1)
    high = math.inf if rule.high is None else (
        math.floor(rule.high) if rule.high_inclusive else math.ceil(rule.high) - 1)
    return low, high


def _gaps(spec: Classification) -> Iterator[Problem]:
    """Neighbouring bins that leave values without a class or give them two: whole values
    only when the value is rounded (``round``)."""
    rules = sorted((r for r in spec.classes if not (r.low is not None and r.high is not None
                                                   and _empty(r))),
                   key=lambda r: (-math.inf if r.low is None else r.low, not r.low_inclusive))
    whole = spec.rounding != "none"
    for before, after in itertools.pairwise(rules):
        at = located(spec.source, ("classes", after.index))
        names = {"before": before.shown, "after": after.shown}
        if before.high is None or after.low is None:
            yield Problem("class.overlap", {**names, "value": "—"}, at)
            continue
        if whole:
            top, bottom = _whole(before)[1], _whole(after)[0]
            if bottom > top + 1:
                yield Problem("class.gap_whole", {**names, "value": Number(top + 1)}, at)
            elif bottom <= top:
                yield Problem("class.overlap", {**names, "value": Number(bottom)}, at)
            continue
        high, low = before.high, after.low
        if high < low or (high == low and not before.high_inclusive
                          and not after.low_inclusive):
            middle = (high + low) / 2 if high < low else high
            yield Problem("class.gap", {**names, "value": Number(middle),
                                        "bound": Number(high)}, at)
        elif high > low or (before.high_inclusive and after.low_inclusive):
            yield Problem("class.overlap", {**names, "value": Number(low)}, at)
