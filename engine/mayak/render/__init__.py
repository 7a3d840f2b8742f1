"""Showing results to people: reports (table, Markdown, JSON, a Word справка), audits of
published tables (table, Markdown, JSON, CSV) and screenings (tables, CSV, JSON, XLSX).

The renderers are imported on first use (PEP 562), so that importing the package does not
import Polars; the format names are known without them (for the command line's choices).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mayak._lazy import lazy_exports

if TYPE_CHECKING:
    from mayak.render._audits import RENDERERS as AUDIT_RENDERERS
    from mayak.render._compose import compose
    from mayak.render._document import Chart, Column, Document, Lines, Part, Table
    from mayak.render._docx import render_docx
    from mayak.render._report import RENDERERS as REPORT_RENDERERS
    from mayak.render._screening import RENDERERS as SCREENING_RENDERERS
    from mayak.render._screening import counts_line
    from mayak.render._screening import render_table as render_screening_table

AUDIT_FORMATS = ("csv", "json", "md", "table")
"""The keys of AUDIT_RENDERERS, sorted."""
REPORT_FORMATS = ("json", "md", "table")
"""The keys of REPORT_RENDERERS, sorted."""
SCREENING_FORMATS = ("csv", "json", "xlsx")
"""The keys of SCREENING_RENDERERS, in their order (the terminal table is apart)."""

__all__ = [
    "AUDIT_FORMATS",
    "AUDIT_RENDERERS",
    "REPORT_FORMATS",
    "REPORT_RENDERERS",
    "SCREENING_FORMATS",
    "SCREENING_RENDERERS",
    "Chart",
    "Column",
    "Document",
    "Lines",
    "Part",
    "Table",
    "compose",
    "counts_line",
    "render_docx",
    "render_screening_table",
]
_HOMES = {
    "compose": ("mayak.render._compose", "compose"),
    **{name: ("mayak.render._document", name)
       for name in ("Chart", "Column", "Document", "Lines", "Part", "Table")},
    "AUDIT_RENDERERS": ("mayak.render._audits", "RENDERERS"),
    "REPORT_RENDERERS": ("mayak.render._report", "RENDERERS"),
    "SCREENING_RENDERERS": ("mayak.render._screening", "RENDERERS"),
    "counts_line": ("mayak.render._screening", "counts_line"),
    "render_docx": ("mayak.render._docx", "render_docx"),
    "render_screening_table": ("mayak.render._screening", "render_table"),
}


__getattr__, __dir__ = lazy_exports(__name__, __all__, _HOMES)
