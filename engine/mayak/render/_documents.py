"""Writing a composed report in one of the document formats: XLSX, DOCX, HTML."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from mayak.render._document import Document
from mayak.render._docx import render_docx
from mayak.render._html import render_html
from mayak.render._xlsx_report import render_xlsx


def _bytes(render: Callable[[Document], bytes]) -> Callable[[Document, Path], None]:
    def write(document: Document, path: Path) -> None:
        path.write_bytes(render(document))
    return write


DOCUMENT_WRITERS: Mapping[str, Callable[[Document, Path], None]] = MappingProxyType({
    "docx": _bytes(render_docx), "html": _bytes(render_html), "xlsx": render_xlsx})
"""Per format, a function writing a document to a (temporary) path."""
