"""Checks of periods in specs: labels that name no period, a dataset's period column, a
variable that asks for the previous period, and planned values whose periods overlap."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations
from typing import Any

from mayak.messages._catalogue import Localised
from mayak.messages._problems import Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import (
    Dataset,
    Dated,
    FormulaVersion,
    Indicator,
    Manifest,
    Report,
    Target,
    Targets,
)
from mayak.spec._period import Period, parse_period
from mayak.spec._yaml import Path, YamlDocument

PERIOD_COLUMN_TYPES = ("period", "integer", "date")


def _label(document: YamlDocument, raw: object, path: Path) -> Iterator[Problem]:
    if raw is not None and not isinstance(raw, bool) and parse_period(raw) is None:
        yield Problem("ref.period_label", {"value": raw}, document.location(path))


def _compared_earlier(document: YamlDocument) -> Iterator[Problem]:
    """The period compared with comes before the reporting one (when both are written)."""
    now, then = (parse_period(document.data.get(field)) if not isinstance(
        document.data.get(field), bool) else None for field in ("period", "compare"))
    if now is not None and then is not None and then.first >= now.first:
        yield Problem("data.compare_not_earlier",
                      {"compare": Localised(then.label("ru"), then.label("en")),
                       "period": Localised(now.label("ru"), now.label("en"))},
                      document.location(("compare",)))


def check_manifest_periods(manifest: Manifest) -> Iterator[Problem]:
    """The rule set's default period and the period it compares with name periods, the
    latter the earlier."""
    document = manifest.source.document
    for field in ("period", "compare"):
        yield from _label(document, document.data.get(field), (field,))
    yield from _compared_earlier(document)


def report_periods(report: Report) -> Iterator[Problem]:
    """The report's period and the period it compares with name periods, the latter the
    earlier."""
    document = report.source.document
    for field in ("period", "compare"):
        yield from _label(document, document.data.get(field), (field,))
    yield from _compared_earlier(document)


def check_dataset_period(dataset: Dataset) -> Iterator[Problem]:
    """The dataset's period column is declared and holds periods, years or dates."""
    name = dataset.period
    if name is None:
        return
    at = dataset.source.document.location(("period",))
    column = dataset.columns.get(name)
    if column is None:
        yield Problem("ref.unknown_column",
                      {"name": name, "dataset": dataset.id,
                       "hint": suggestion(name, list(dataset.columns))}, at)
    elif column.type not in PERIOD_COLUMN_TYPES:
        yield Problem("ref.period_column_type", {"name": name, "type": column.type}, at)


def check_formula_periods(indicator: Indicator) -> Iterator[Problem]:
    """A formula by period: labels that name no period, a version whose end comes before
    its start, two versions in force in one period."""
    document = indicator.source.document
    raw = document.data.get("formula")
    for index, item in enumerate(raw if isinstance(raw, list) else ()):
        for field in ("from", "to"):
            yield from _label(document, item.get(field), ("formula", index, field))
    yield from _overlapping(indicator.id, indicator.versions, document, ("formula",),
                            overlap="ref.formula_overlap")


def norm_entries(targets: Targets, name: str, target: Target
                 ) -> Iterator[tuple[Target, Any, Path]]:
    """Each norm of a target with the entry written for it and where (a target written as a
    list holds several norms)."""
    raw = targets.source.document.data["targets"][name]
    if isinstance(raw, list):
        for norm in target.norms:
            index = norm.index or 0
            yield norm, raw[index], ("targets", name, index)
    else:
        yield target, raw, ("targets", name)


def check_targets_periods(targets: Targets) -> Iterator[Problem]:
    """Period labels that name no period; a value whose end comes before its start; two
    values of one norm in force in the same period."""
    document = targets.source.document
    yield from _label(document, document.data.get("period"), ("period",))
    for name, target in targets.targets.items():
        for norm, raw, path in norm_entries(targets, name, target):
            items = raw.get("periods", ()) if isinstance(raw, dict) else ()
            for index, item in enumerate(items):
                for field in ("from", "to"):
                    yield from _label(document, item.get(field), (*path, "periods", index,
                                                                  field))
            yield from _overlapping(norm.indicator, norm.dated, document, (*path, "periods"),
                                    overlap="ref.targets_overlap")


def _overlapping(indicator: str, values: Sequence[Dated | FormulaVersion],
                 document: YamlDocument, path: Path, *, overlap: str) -> Iterator[Problem]:
    """Values by period (planned values or formulas, listed at ``path``) whose end comes
    before their start, or two of which are in force in one period."""
    for value in values:
        if value.start is not None and value.end is not None and value.end < value.start:
            yield Problem("ref.period_backwards",
                          {"start": value.start.label(), "end": value.end.label()},
                          document.location((*path, value.index, "to")))
    for first, second in combinations(values, 2):
        shared = _overlap(first, second, values)
        if shared is not None:
            yield Problem(overlap,
                          {"indicator": indicator, "period": shared.label(),
                           "other": document.location((*path, first.index)).place()},
                          document.location((*path, second.index)))


def _span(value: Dated | FormulaVersion,
          values: Sequence[Dated | FormulaVersion]) -> tuple[int, int]:
    """The months a value is in force: from its start to its end, or, without an end, to
    the month before the next later start (for good when there is none)."""
    start = value.start.first if value.start else -(10**6)
    if value.end is not None:
        return start, value.end.last
    later = [v.start.first for v in values
             if v is not value and v.start is not None and v.start.first > start]
    return start, (min(later) - 1) if later else 10**6


def _overlap(first: Dated | FormulaVersion, second: Dated | FormulaVersion,
             values: Sequence[Dated | FormulaVersion]) -> Period | None:
    """A month both values are in force (as a one-month period), or None."""
    a, b = _span(first, values), _span(second, values)
    low, high = max(a[0], b[0]), min(a[1], b[1])
    if low > high:
        return None
    shared = Period(low, low)
    # Named by the period the second value starts with, when it has one: «2024 г.».
    for value in (second, first):
        if value.start is not None and value.start.first == low:
            return value.start
    return shared
