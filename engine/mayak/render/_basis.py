"""A legal basis (document, date, clause, link) as one line of text, and as a JSON object."""

from __future__ import annotations

from typing import Any

from mayak.messages._catalogue import Lang, text
from mayak.spec._model import Basis


def basis_text(basis: Basis | None, lang: Lang) -> str:
    """«Положение … от 15.03.2023, приказ … № 110-ОД, https://…»; empty for none."""
    if basis is None:
        return ""
    parts = [text("basis.dated", lang, document=basis.document, date=basis.date)
             if basis.date else basis.document]
    parts += [p for p in (basis.clause, basis.url) if p]
    return ", ".join(parts)


def basis_record(basis: Basis | None) -> dict[str, Any] | None:
    """The basis as a JSON object (document, date, clause, url), or None."""
    if basis is None:
        return None
    return {"document": basis.document, "date": basis.date, "clause": basis.clause,
            "url": basis.url}
