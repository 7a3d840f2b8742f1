"""The findings of the audits of published tables, alone: what ``mayak audit`` shows."""

from __future__ import annotations

import json

from mayak.evaluate._result import Result
from mayak.messages._catalogue import Lang
from mayak.render._about import provenance_record, provenance_short
from mayak.render._csv import csv_text
from mayak.render._expertise import audit_tables
from mayak.render._markdown import markdown_table, markdown_text
from mayak.render._report import problem_record, provenance_markdown
from mayak.render._terminal import Terminal, draw, terminal_for, wrapped


def render_table(result: Result, lang: Lang, terminal: Terminal | None = None) -> str:
    """Each audited table's findings for a terminal (``terminal``: its width and colour;
    by default ``COLUMNS`` or 100 characters), then where they came from."""
    screen = terminal or terminal_for(False)
    parts = ["\n".join(wrapped(t.title, screen.width)) + "\n" + draw(t.frame, screen)
             for t in audit_tables(result, lang)]
    about = provenance_short(result.provenance, lang)
    lines = ["\n".join(wrapped(line, screen.width)) for line in about]
    return "\n\n".join([*parts, *(["\n".join(lines)] if lines else [])]) + "\n"


def render_markdown(result: Result, lang: Lang) -> str:
    """Each audited table's findings as Markdown, one section each, then «Сведения о
    расчёте»."""
    parts = [f"## {markdown_text(t.title)}\n\n{markdown_table(t.frame)}"
             for t in audit_tables(result, lang)]
    about = provenance_markdown(result.provenance, lang)
    return "\n\n".join([*parts, *([about.rstrip("\n")] if about else [])]) + "\n"


def render_json(result: Result, lang: Lang) -> str:
    """The findings as JSON records, with the message of each, and the provenance."""
    document = {"period": result.period.code if result.period else None,
                "findings": json.loads(result.audits.write_json()),
                "messages": [problem_record(p, lang) for p in result.problems
                             if p.code.startswith("audit.")],
                **({"provenance": provenance_record(result.provenance)}
                   if result.provenance is not None else {})}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_csv(result: Result, lang: Lang) -> str:
    """The findings as one CSV table (machine-readable column names) under the provenance's
    ``#`` lines, text that looks like a formula kept text."""
    del lang
    return csv_text(result.audits.lazy(), result.provenance)


RENDERERS = {"csv": render_csv, "json": render_json, "md": render_markdown,
             "table": render_table}
