"""The findings of the audits of published tables, alone: what ``mayak audit`` shows."""

from __future__ import annotations

import json

from mayak.evaluate._result import Result
from mayak.messages._catalogue import Lang
from mayak.render._expertise import audit_tables
from mayak.render._report import markdown_table, polars_text, problem_record


def render_table(result: Result, lang: Lang) -> str:
    """Each audited table's findings for a terminal."""
    return "\n\n".join(f"{t.title}\n{polars_text(t.frame, 'UTF8_FULL_CONDENSED')}"
                       for t in audit_tables(result, lang)) + "\n"


def render_markdown(result: Result, lang: Lang) -> str:
    """Each audited table's findings as Markdown, one section each."""
    return "\n\n".join(f"## {t.title}\n\n{markdown_table(t.frame)}"
                       for t in audit_tables(result, lang)) + "\n"


def render_json(result: Result, lang: Lang) -> str:
    """The findings as JSON records, with the message of each."""
    document = {"period": result.period.code if result.period else None,
                "findings": json.loads(result.audits.write_json()),
                "messages": [problem_record(p, lang) for p in result.problems
                             if p.code.startswith("audit.")]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_csv(result: Result, lang: Lang) -> str:
    """The findings as one CSV table (machine-readable column names)."""
    del lang
    return result.audits.write_csv()


RENDERERS = {"csv": render_csv, "json": render_json, "md": render_markdown,
             "table": render_table}
