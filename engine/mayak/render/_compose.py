"""A report as a document: the sections a report spec lists, in order, or a sensible
default — the indicator form, a table per level computed, each review's ranking, scores
and averages, each classification, the audits, the recommendations and the remarks."""

from __future__ import annotations

from collections.abc import Callable

from mayak.evaluate._result import Result
from mayak.messages._catalogue import Lang
from mayak.render._about import made_on, provenance_rows
from mayak.render._basis import basis_text
from mayak.render._context import STATUSES, Context
from mayak.render._document import Document, Part
from mayak.render._parts_indicators import indicator_form, unit_table
from mayak.render._parts_reviews import audits, averages, classes, ranking, scores
from mayak.render._parts_text import recommendations, remarks
from mayak.spec._model import TOTAL_LEVEL, Report, ReportSection, SpecSet

_PARTS: dict[str, Callable[[Context, ReportSection], Part]] = {
    "indicators": indicator_form, "table": unit_table, "ranking": ranking, "scores": scores,
    "averages": averages, "classes": classes, "audits": audits,
    "recommendations": recommendations, "remarks": remarks}


def default_sections(result: Result, specs: SpecSet) -> tuple[ReportSection, ...]:
    """What a report without a spec shows: everything the result holds."""
    found: list[ReportSection] = []

    def add(kind: str, **fields: str) -> None:
        found.append(ReportSection(type=kind, index=len(found), **fields))  # type: ignore[arg-type]

    levels = (result.indicators.get_column("level").unique(maintain_order=True).to_list()
              if not result.indicators.is_empty() else [])
    if TOTAL_LEVEL in levels or (not levels and not result.reviews):
        add("indicators")
    for level in levels:
        if level != TOTAL_LEVEL:
            add("table", level=level)
    for review in result.reviews:
        add("ranking", scoring=review)
        add("scores", scoring=review)
        add("averages", scoring=review)
    for classification in result.classifications:
        add("classes", classification=classification)
    if specs.audits:
        add("audits")
    if specs.recommendations:
        add("recommendations")
    return tuple(found)


def compose(result: Result, specs: SpecSet, report: Report | None, lang: Lang) -> Document:
    """The document of ``result``: the sections of ``report`` (None: the default ones),
    then the remarks unless a section places them."""
    ctx = Context(result, specs, lang)
    sections = report.sections if report is not None else default_sections(result, specs)
    parts = [_PARTS[s.type](ctx, s) for s in sections]
    if not any(s.type == "remarks" for s in sections):
        parts.append(remarks(ctx, None))
    targets = specs.targets.get(result.targets or "")
    # The default справка is titled as the Markdown report is: what it is, then the plans.
    title = (report.title if report is not None else
             f"{ctx.t('report.title')} — {targets.title}" if targets is not None
             else ctx.t("report.title"))
    period = ctx.label(result.period) if result.period else None
    if period and result.compared_with is not None:
        period += " " + ctx.t("report.compared_with", period=ctx.label(result.compared_with))
    basis = [basis_text(b, lang) for b in (report.basis if report else None,
                                           targets.basis if targets else None) if b is not None]
    return Document(
        title=title, lang=lang, parts=tuple(parts),
        region=report.region if report else None, author=report.author if report else None,
        period=period, basis=tuple(dict.fromkeys(basis)),
        remarks=tuple(p.render(lang) for p in result.problems),
        made=made_on(result.provenance, lang), provenance=provenance_rows(result.provenance, lang),
        statuses={s: ctx.t(f"status.{s}") for s in STATUSES})
