"""The parts of a report that are text: recommendations by audience (then by class, where
a spec groups them so), and the remarks — warnings and input problems."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.messages._catalogue import Lang, text
from mayak.render._context import Context
from mayak.render._document import Lines, Part
from mayak.spec._model import Classification, ReportSection


def recommendation_groups(table: pl.DataFrame, classifications: Mapping[str, Classification],
                          lang: Lang) -> tuple[Lines, ...]:
    """Numbered recommendations under each audience, in the order given; where a spec groups
    them by class (``by``), under each class in the order its classification lists them."""
    if table.is_empty():
        return ()
    order = {r.id: n for c in classifications.values() for n, r in enumerate(c.classes)}
    lines: list[Lines] = []
    grouped = table.group_by("audience", maintain_order=True).agg("text", "class")
    for audience, texts, groups in grouped.iter_rows():  # audiences, not data rows
        if all(g is None for g in groups):
            lines.append(Lines(str(audience), tuple(texts)))
            continue
        lines.append(Lines(str(audience), ()))
        by_class: dict[str, list[str]] = {}
        for item, group in zip(texts, groups, strict=True):
            by_class.setdefault(group or text("value.unknown", lang), []).append(item)
        for group, items in sorted(by_class.items(),
                                   key=lambda g: order.get(g[0], len(order))):
            lines.append(Lines(group, tuple(items), depth=1))
    return tuple(lines)


def recommendations(ctx: Context, section: ReportSection) -> Part:
    """Numbered recommendations under each audience (then class), for the audiences asked."""
    title = section.title or ctx.t("report.recommendations")
    table = ctx.result.recommendations
    if section.audience is not None and not table.is_empty():
        table = table.filter(pl.col("audience").is_in(list(section.audience)))
    lines = recommendation_groups(table, ctx.result.classifications, ctx.lang)
    return Part("recommendations", title, section.text, lines=lines, empty=not lines)


def remarks(ctx: Context, section: ReportSection | None) -> Part:
    """Every warning and input problem of the run, as the command line shows them."""
    title = (section.title if section else None) or ctx.t("report.remarks")
    found = tuple(p.render(ctx.lang) for p in ctx.result.problems)
    return Part("remarks", title, section.text if section else None,
                lines=(Lines("", found),) if found else (), empty=not found)
