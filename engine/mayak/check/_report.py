"""Problems of a report spec: what a section needs and does not use, and the names it
gives (targets, indicators, levels, reviews, classifications, audiences)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from mayak.check._located import located
from mayak.check._periods import report_periods
from mayak.messages._problems import Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import TOTAL_LEVEL, Report, ReportSection, SpecSet

# Per section type, the keys it needs and those it reads (besides type, title, text).
NEEDS: dict[str, tuple[str, ...]] = {
    "indicators": (), "table": ("level",), "ranking": ("scoring",), "classes": ("classification",),
    "scores": ("scoring",), "averages": ("scoring",), "audits": (), "recommendations": (),
    "remarks": ()}
READS: dict[str, tuple[str, ...]] = {
    "indicators": ("level", "indicators", "chart"),
    "table": ("level", "indicators", "columns", "chart"),
    "ranking": ("scoring", "top", "chart"), "classes": ("classification", "chart"),
    "scores": ("scoring",), "averages": ("scoring", "chart"), "audits": (),
    "recommendations": ("audience",), "remarks": ()}
_OPTIONAL = ("level", "indicators", "columns", "scoring", "classification", "audience", "top",
             "chart")


def check_report(report: Report, specs: SpecSet) -> Iterator[Problem]:
    """Every problem of ``report``, each placed where it is written."""
    yield from report_periods(report)
    if report.targets is not None and report.targets not in specs.targets:
        yield _unknown("report.unknown_targets", report.targets, specs.targets, report,
                       ("targets",))
    audiences = _audiences(specs)
    for section in report.sections:
        yield from _section(section, report, specs, audiences)


def _section(section: ReportSection, report: Report, specs: SpecSet,
             audiences: list[str]) -> Iterator[Problem]:
    at = ("sections", section.index)
    written = report.source.document.data["sections"][section.index]
    for key in NEEDS[section.type]:
        if key not in written:
            yield Problem("report.section_needs", {"type": section.type, "key": key},
                          located(report.source, (*at, "type")))
    for key in _OPTIONAL:
        if key in written and key not in READS[section.type]:
            yield Problem("report.key_unused", {"type": section.type, "key": key},
                          located(report.source, (*at, key)))
    for n, name in enumerate(section.indicators or ()):
        if name not in specs.indicators:
            yield Problem("ref.unknown_indicator",
                          {"name": name, "hint": suggestion(name, list(specs.indicators))},
                          located(report.source, (*at, "indicators", n)))
    datasets = _datasets(specs, section.indicators)
    # Without a dataset of its indicators (each refused, or unknown: said elsewhere) the
    # section's levels cannot be told.
    if section.level is not None and "level" in READS[section.type] and datasets:
        levels = _levels(specs, section.indicators)
        if section.level not in levels:
            anywhere = any(section.level in d.row_columns for d in specs.datasets.values())
            yield Problem("report.level_not_reached" if anywhere else "ref.unknown_level",
                          {"name": section.level, "hint": suggestion(section.level, levels),
                           "datasets": ", ".join(datasets)},
                          located(report.source, (*at, "level")))
    if section.scoring is not None and section.scoring not in specs.scorings:
        yield _unknown("audit.unknown_scoring", section.scoring, specs.scorings, report,
                       (*at, "scoring"))
    if (section.classification is not None
            and section.classification not in specs.classifications):
        yield _unknown("report.unknown_classification", section.classification,
                       specs.classifications, report, (*at, "classification"))
    for n, name in enumerate(section.audience or ()):
        if name not in audiences:
            yield Problem("report.unknown_audience",
                          {"name": name, "hint": suggestion(name, audiences),
                           "known": "; ".join(audiences) or "—"},
                          located(report.source, (*at, "audience", n)))


def _unknown(code: str, name: str, known: Iterable[str], report: Report,
             path: tuple[str | int, ...]) -> Problem:
    names = list(known)
    return Problem(code, {"name": name, "hint": suggestion(name, names),
                           "known": ", ".join(names) or "—"}, located(report.source, path))


def _datasets(specs: SpecSet, indicators: tuple[str, ...] | None) -> list[str]:
    """The datasets the indicators read (all indicators' when none of them is known)."""
    chosen = [specs.indicators[i] for i in indicators or () if i in specs.indicators]
    chosen = chosen or list(specs.indicators.values())  # none known: any of them
    found = [name for i in chosen for name in i.datasets if name in specs.datasets]
    return list(dict.fromkeys(found))


def _levels(specs: SpecSet, indicators: tuple[str, ...] | None) -> list[str]:
    """The levels the indicators can be shown at: the columns of the datasets they read."""
    found = [TOTAL_LEVEL]
    for name in _datasets(specs, indicators):
        found += list(specs.datasets[name].row_columns)
    return list(dict.fromkeys(found))


def _audiences(specs: SpecSet) -> list[str]:
    found: list[str] = []
    for spec in specs.recommendations.values():
        found += [spec.audience, *(r.audience for r in spec.rules if r.audience)]
    return list(dict.fromkeys(found))
