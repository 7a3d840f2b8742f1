"""Problems of an expert review (scoring) and of an audit of its published table, found
before any data is read."""

from __future__ import annotations

from collections.abc import Iterator

from mayak.check._located import located, unknown_dataset
from mayak.messages._catalogue import Key, Number
from mayak.messages._problems import Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Audit, Dataset, DatedMax, Scoring, SpecSet
from mayak.spec._period import parse_period
from mayak.spec._yaml import Path

# Names a review's results have: a section may not take one (nor end in ``_percent``).
RESERVED = ("unit", "status", "total", "max_total", "percent", "rank", "change",
            "percent_change", "period", "scoring", "row", "submitted", "key")
AUDITED = ("total", "percent", "rank")  # what a printed column may show, besides sections


def _column(name: str, dataset: Dataset, source_path: Path, spec: Scoring | Audit, *,
            number: bool = False) -> Problem | None:
    """An unknown column; with ``number``, one that does not hold numbers."""
    column = dataset.row_columns.get(name)
    if column is None:
        return Problem("ref.unknown_column",
                       {"name": name, "dataset": dataset.id,
                        "hint": suggestion(name, list(dataset.row_columns))},
                       located(spec.source, source_path))
    if number and column.type not in ("integer", "number"):
        return Problem("scoring.not_number", {"name": name, "dataset": dataset.id,
                                              "type": Key(f"dtype.{column.type}")},
                       located(spec.source, source_path))
    return None


def _unit_problems(spec: Scoring | Audit, dataset: Dataset | None, specs: SpecSet
                   ) -> Iterator[Problem]:
    """An unknown dataset, an unknown unit column, or no unit column at all."""
    if dataset is None:
        yield unknown_dataset(spec.dataset, specs.datasets, spec.source, ("dataset",))
    elif spec.unit is not None:
        yield from filter(None, [_column(spec.unit, dataset, ("unit",), spec)])
    elif dataset.key is None:
        yield Problem("class.no_unit", {"dataset": dataset.id}, located(spec.source, ("dataset",)))


def check_scoring(spec: Scoring, specs: SpecSet) -> Iterator[Problem]:
    """An unknown dataset, units table, column or classification; a section named like a
    result; a maximum not above zero or two maxima in force at once."""
    dataset = specs.datasets.get(spec.dataset)
    yield from _unit_problems(spec, dataset, specs)
    if spec.units is not None:
        units = specs.datasets.get(spec.units)
        if units is None:
            yield unknown_dataset(spec.units, specs.datasets, spec.source, ("units",))
        elif units.key is None:
            yield Problem("ref.lookup_no_key", {"units": units.id},
                          located(spec.source, ("units",)))
    for n, name in enumerate(spec.classes):
        if name not in specs.classifications:
            yield Problem("scoring.unknown_classification",
                          {"name": name, "hint": suggestion(name, list(specs.classifications)),
                           "known": ", ".join(specs.classifications) or "—"},
                          located(spec.source, ("classes", n)))
    if (spec.section_column is None) != (spec.score_column is None):
        yield Problem("scoring.long_form", {}, located(spec.source, (
            "section",) if spec.section_column is not None else ("score",)))
    elif dataset is not None and spec.long:
        yield from filter(None, [
            _column(spec.section_column or "", dataset, ("section",), spec),
            _column(spec.score_column or "", dataset, ("score",), spec, number=True)])
    yield from _check_sections(spec, dataset)


def _check_sections(spec: Scoring, dataset: Dataset | None) -> Iterator[Problem]:
    seen: set[str] = set()
    for section in spec.sections:
        path: Path = ("sections", section.index)
        if section.id in seen:
            yield Problem("scoring.duplicate_section", {"id": section.id},
                          located(spec.source, (*path, "id")))
        seen.add(section.id)
        if section.id in RESERVED or section.id.endswith("_percent") or section.id in spec.classes:
            yield Problem("scoring.reserved_section", {"id": section.id},
                          located(spec.source, (*path, "id")))
        if dataset is not None and not spec.long:
            yield from filter(None, [_column(section.column, dataset, (
                *path, "column") if "column" in _raw(spec, section.index) else (*path, "id"),
                spec, number=True)])
        if section.max is not None and section.max <= 0:
            yield Problem("scoring.max_not_positive", {"value": Number(section.max)},
                          located(spec.source, (*path, "max")))
        yield from _dated(spec, section.dated, path)


def _raw(spec: Scoring, index: int) -> dict[str, object]:
    found: dict[str, object] = spec.source.document.data["sections"][index]
    return found


def _dated(spec: Scoring, dated: tuple[DatedMax, ...], path: Path) -> Iterator[Problem]:
    """Unreadable periods, a maximum not above zero, one ending before it starts, two in
    force at once."""
    raw = _raw(spec, path[1]).get("max")  # type: ignore[arg-type]
    for item in dated:
        at: Path = (*path, "max", item.index)
        written = raw[item.index] if isinstance(raw, list) else {}
        for field in ("from", "to"):
            if field in written and parse_period(written[field]) is None:
                yield Problem("ref.period_label", {"value": written[field]},
                              located(spec.source, (*at, field)))
        if item.max <= 0:
            yield Problem("scoring.max_not_positive", {"value": Number(item.max)},
                          located(spec.source, (*at, "max")))
        if item.start is not None and item.end is not None and item.end.last < item.start.first:
            yield Problem("scoring.max_backwards", {}, located(spec.source, (*at, "to")))
    for n, first in enumerate(dated):
        for second in dated[n + 1:]:
            if _overlap(first, second) and not _gives_way(first, second):
                yield Problem("scoring.max_overlap", {"other": second.index + 1},
                              located(spec.source, (*path, "max", first.index)))


def _overlap(a: DatedMax, b: DatedMax) -> bool:
    a_low = -1 if a.start is None else a.start.first
    b_low = -1 if b.start is None else b.start.first
    a_high = 10**9 if a.end is None else a.end.last
    b_high = 10**9 if b.end is None else b.end.last
    return a_low <= b_high and b_low <= a_high


def _gives_way(a: DatedMax, b: DatedMax) -> bool:
    """An open-ended maximum gives way to the next one's start, as dated planned values do."""
    return (a.end is None and b.start is not None and (a.start is None or a.start.first
                                                        < b.start.first)) or (
        b.end is None and a.start is not None and (b.start is None or b.start.first
                                                    < a.start.first))


def check_audit(spec: Audit, specs: SpecSet) -> Iterator[Problem]:
    """An unknown review, dataset or column; a printed column showing what the review does
    not compute; an averages row naming an unknown class."""
    review = specs.scorings.get(spec.scoring or "")
    if spec.scoring is not None and review is None:
        yield Problem("audit.unknown_scoring",
                      {"name": spec.scoring, "hint": suggestion(spec.scoring, list(specs.scorings)),
                       "known": ", ".join(specs.scorings) or "—"},
                      located(spec.source, ("scoring",)))
    dataset = specs.datasets.get(spec.dataset)
    yield from _unit_problems(spec, dataset, specs)
    raw = spec.source.document.data
    if "period" in raw and parse_period(raw["period"]) is None:
        yield Problem("ref.period_label", {"value": raw["period"]},
                      located(spec.source, ("period",)))
    shows = [*AUDITED]
    if review is not None:
        shows = [*(s.id for s in review.sections), *(f"{s.id}_percent" for s in review.sections),
                 *AUDITED]
    elif spec.level is not None:
        shows = list(specs.indicators)
        yield from _check_level(spec, specs)
    for column in spec.columns:
        path: Path = ("columns", column.column)
        if dataset is not None:
            yield from filter(None, [_column(column.column, dataset, path, spec,
                                             number=True)])
        if (review is not None or spec.level is not None) and column.show not in shows:
            written = path if isinstance(raw["columns"][column.column], str) else (*path, "show")
            yield Problem("audit.unknown_show",
                          {"value": column.show, "hint": suggestion(column.show, shows),
                           "allowed": ", ".join(shows)}, located(spec.source, written))
    yield from _check_averages(spec, specs, review)


def _check_level(spec: Audit, specs: SpecSet) -> Iterator[Problem]:
    """A table of indicators: its level must be a column of the datasets its indicators
    read (or ``total``), and its average rows can only be the total."""
    level = spec.level or ""
    shown = [specs.indicators[c.show] for c in spec.columns if c.show in specs.indicators]
    for indicator in shown:
        missing = [d for d in indicator.datasets if d in specs.datasets
                   and level not in specs.datasets[d].row_columns]
        if missing:
            columns = list(specs.datasets[missing[0]].row_columns)
            yield Problem("ref.unknown_column", {"name": level, "dataset": missing[0],
                                                 "hint": suggestion(level, columns)},
                          located(spec.source, ("level",)))
            return
    for label, group in spec.averages.items():
        if group is not None:
            yield Problem("audit.indicator_class", {"label": label},
                          located(spec.source, ("averages", label)))


def _check_averages(spec: Audit, specs: SpecSet, review: Scoring | None) -> Iterator[Problem]:
    raw = spec.source.document.data.get("averages", {})
    for label, group in spec.averages.items():
        path: Path = ("averages", label)
        if group is None:
            if raw[label] != "all":
                yield Problem("audit.average_group", {"value": raw[label]},
                              located(spec.source, path))
            continue
        if review is None:  # a table of indicators: said by _check_level
            continue
        name, value = group
        classification = specs.classifications.get(name)
        if classification is None:  # no such classification at all
            yield Problem("scoring.unknown_classification",
                          {"name": name, "hint": suggestion(name, specs.classifications),
                           "known": ", ".join(specs.classifications) or "—"},
                          located(spec.source, path))
            continue
        if review is not None and name not in review.classes:
            known = list(review.classes)
            yield Problem("audit.unknown_classification",
                          {"name": name, "hint": suggestion(name, known),
                           "known": ", ".join(known) or "—"}, located(spec.source, path))
            continue
        ids = [r.id for r in classification.classes]
        if value not in ids:
            yield Problem("audit.unknown_class",
                          {"value": value, "classification": name,
                           "hint": suggestion(value, ids), "known": ", ".join(ids)},
                          located(spec.source, (*path, name)))
