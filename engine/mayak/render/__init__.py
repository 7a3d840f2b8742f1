"""Showing results to people: reports (table, Markdown, JSON; a composed document as XLSX,
HTML or DOCX), audits of published tables (table, Markdown, JSON, CSV) and screenings
(tables, CSV, JSON, XLSX).

The renderers are imported on first use (PEP 562), so that importing the package does not
import Polars; the format names are known without them (for the command line's choices).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mayak._lazy import lazy_exports

if TYPE_CHECKING:
    from mayak.render._audits import RENDERERS as AUDIT_RENDERERS
    from mayak.render._audits import render_table as render_audit_table
    from mayak.render._chart_engine import ChartEngine, chart_engine
    from mayak.render._compose import compose
    from mayak.render._document import Chart, Column, Document, Lines, Part, Table
    from mayak.render._documents import DOCUMENT_WRITERS
    from mayak.render._docx import render_docx
    from mayak.render._html import render_html
    from mayak.render._report import RENDERERS as REPORT_RENDERERS
    from mayak.render._report import render_table as render_report_table
    from mayak.render._screening import RENDERERS as SCREENING_RENDERERS
    from mayak.render._screening import counts_line
    from mayak.render._screening import render_table as render_screening_table
    from mayak.render._screening_xlsx import render_workbook as render_screening_xlsx
    from mayak.render._screening_xlsx import screening_details
    from mayak.render._terminal import Terminal, terminal_for

AUDIT_FORMATS = ("csv", "json", "md", "table")
"""The keys of AUDIT_RENDERERS, sorted."""
REPORT_FORMATS = ("csv", "json", "md", "table")
"""The keys of REPORT_RENDERERS, sorted."""
DOCUMENT_FORMATS = ("docx", "html", "xlsx")
"""The keys of DOCUMENT_WRITERS, sorted: the formats of a composed report."""
SCREENING_FORMATS = ("csv", "json", "xlsx")
"""The keys of SCREENING_RENDERERS, in their order (the terminal table is apart)."""

__all__ = [
    "AUDIT_FORMATS",
    "AUDIT_RENDERERS",
    "DOCUMENT_FORMATS",
    "DOCUMENT_WRITERS",
    "REPORT_FORMATS",
    "REPORT_RENDERERS",
    "SCREENING_FORMATS",
    "SCREENING_RENDERERS",
    "Chart",
    "ChartEngine",
    "Column",
    "Document",
    "Lines",
    "Part",
    "Table",
    "Terminal",
    "chart_engine",
    "compose",
    "counts_line",
    "render_audit_table",
    "render_docx",
    "render_html",
    "render_report_table",
    "render_screening_table",
    "render_screening_xlsx",
    "screening_details",
    "terminal_for",
]
_HOMES = {
    "compose": ("mayak.render._compose", "compose"),
    "ChartEngine": ("mayak.render._chart_engine", "ChartEngine"),
    "chart_engine": ("mayak.render._chart_engine", "chart_engine"),
    "DOCUMENT_WRITERS": ("mayak.render._documents", "DOCUMENT_WRITERS"),
    **{name: ("mayak.render._document", name)
       for name in ("Chart", "Column", "Document", "Lines", "Part", "Table")},
    "AUDIT_RENDERERS": ("mayak.render._audits", "RENDERERS"),
    "REPORT_RENDERERS": ("mayak.render._report", "RENDERERS"),
    "SCREENING_RENDERERS": ("mayak.render._screening", "RENDERERS"),
    "counts_line": ("mayak.render._screening", "counts_line"),
    "render_html": ("mayak.render._html", "render_html"),
    "render_docx": ("mayak.render._docx", "render_docx"),
    "render_screening_table": ("mayak.render._screening", "render_table"),
    "render_screening_xlsx": ("mayak.render._screening_xlsx", "render_workbook"),
    "screening_details": ("mayak.render._screening_xlsx", "screening_details"),
    "render_audit_table": ("mayak.render._audits", "render_table"),
    "render_report_table": ("mayak.render._report", "render_table"),
    "Terminal": ("mayak.render._terminal", "Terminal"),
    "terminal_for": ("mayak.render._terminal", "terminal_for"),
}


__getattr__, __dir__ = lazy_exports(__name__, __all__, _HOMES)
