"""The parts of a report that are text: recommendations by audience (then by class, where
a spec groups them so), and the remarks — warnings and input problems."""

from __future__ import annotations

import polars as pl

from mayak.render._context import Context
from mayak.render._document import Lines, Part
from mayak.spec._model import ReportSection


def recommendations(ctx: Context, section: ReportSection) -> Part:
    """Numbered recommendations under each audience, in the order given."""
    title = section.title or ctx.t("report.recommendations")
    table = ctx.result.recommendations
    if section.audience is not None and not table.is_empty():
        table = table.filter(pl.col("audience").is_in(list(section.audience)))
    if table.is_empty():
        return Part("recommendations", title, section.text, empty=True)
    order = {r.id: n for c in ctx.result.classifications.values()
             for n, r in enumerate(c.classes)}
    lines: list[Lines] = []
    grouped = table.group_by("audience", maintain_order=True).agg("text", "class")
    for audience, texts, groups in grouped.iter_rows():  # audiences, not data rows
        if all(g is None for g in groups):
            lines.append(Lines(str(audience), tuple(texts)))
            continue
        lines.append(Lines(str(audience), ()))
        by_class: dict[str, list[str]] = {}
        for item, group in zip(texts, groups, strict=True):
            by_class.setdefault(group or ctx.t("value.unknown"), []).append(item)
        for group, items in sorted(by_class.items(),
                                   key=lambda g: order.get(g[0], len(order))):
            lines.append(Lines(group, tuple(items), depth=1))
    return Part("recommendations", title, section.text, lines=tuple(lines))


def remarks(ctx: Context, section: ReportSection | None) -> Part:
    """Every warning and input problem of the run, as the command line shows them."""
    title = (section.title if section else None) or ctx.t("report.remarks")
    found = tuple(p.render(ctx.lang) for p in ctx.result.problems)
    return Part("remarks", title, section.text if section else None,
                lines=(Lines("", found),) if found else (), empty=not found)
