"""What every report says about itself: the legal basis of its rules and where it came
from (version, time, period, the files read and their SHA-256)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from mayak.files._provenance import Provenance
from mayak.messages._catalogue import Lang, text
from mayak.render._basis import basis_record
from mayak.spec._model import Basis
from mayak.spec._period import parse_period


def bases_frame(bases: Mapping[str, Basis]) -> pl.DataFrame:
    """Each indicator's basis as a struct column ``basis``, keyed by ``indicator`` (a few
    indicators: one row each)."""
    return pl.DataFrame(
        {"indicator": list(bases), "basis": [basis_record(b) for b in bases.values()]},
        schema={"indicator": pl.String,
                "basis": pl.Struct({"document": pl.String, "date": pl.String,
                                    "clause": pl.String, "url": pl.String})})


def grouped_bases(bases: Mapping[str, Basis], shown: list[str]) -> list[tuple[Basis, list[str]]]:
    """The distinct bases of the indicators ``shown`` (in their order), each with its
    indicators."""
    grouped: dict[Basis, list[str]] = {}
    for indicator in shown:  # a loop over indicators, not data rows
        if indicator in bases:
            grouped.setdefault(bases[indicator], []).append(indicator)
    return list(grouped.items())


def period_label(code: str | None, lang: Lang) -> str:
    """A period's code as people read it («III квартал 2024 г.»)."""
    period = parse_period(code) if code else None
    return period.label(lang) if period is not None else (code or "—")


def provenance_record(about: Provenance | None) -> dict[str, Any] | None:
    """The provenance as a JSON object: version, generated (ISO 8601, UTC), period,
    compared_with (codes) and files (role, path, sha256)."""
    if about is None:
        return None
    return {"version": about.version, "generated": about.generated_text,
            "period": about.period, "compared_with": about.compared_with,
            "files": [{"role": f.role, "path": f.path, "sha256": f.sha256}
                      for f in about.files]}


def provenance_lines(about: Provenance, lang: Lang) -> list[str]:
    """Version, time and period, a line each."""
    lines = [text("about.version", lang, version=about.version),
             text("about.generated", lang, time=about.generated_text)]
    if about.period is not None:
        lines.append(text("about.period", lang, period=period_label(about.period, lang)))
    if about.compared_with is not None:
        lines.append(text("about.compared_with", lang,
                          period=period_label(about.compared_with, lang)))
    return lines


def provenance_files(about: Provenance, lang: Lang) -> pl.DataFrame:
    """The files read as a table of strings: role, path, SHA-256."""
    return pl.DataFrame({
        text("col.role", lang): [text(f"role.{f.role}", lang) for f in about.files],
        text("col.file", lang): [f.path for f in about.files],
        text("col.sha256", lang): [f.sha256 or text("about.in_memory", lang)
                                   for f in about.files]}, schema_overrides={
        text("col.role", lang): pl.String, text("col.file", lang): pl.String,
        text("col.sha256", lang): pl.String})


def provenance_short(about: Provenance | None, lang: Lang) -> list[str]:
    """Two or three short lines for a terminal: version and time, period, files read."""
    if about is None:
        return []
    lines = provenance_lines(about, lang)
    return [f"{lines[0]}; {lines[1]}", *lines[2:],
            text("about.files", lang, count=len(about.files))]


def provenance_rows(about: Provenance | None, lang: Lang) -> tuple[tuple[str, str], ...]:
    """The provenance as (label, value) rows, for a sheet or a small table: version, time,
    periods, then each file with its SHA-256."""
    if about is None:
        return ()
    rows = [(text("about.label.version", lang), about.version),
            (text("about.label.generated", lang), about.generated_text)]
    rows += [(text(f"about.label.{name}", lang), period_label(code, lang))
             for name, code in (("period", about.period), ("compared_with", about.compared_with))
             if code is not None]
    rows += [(text(f"about.label.{f.role}", lang),
              text("about.file_hash", lang, path=f.path,
                   sha256=f.sha256 or text("about.in_memory", lang)))
             for f in about.files]
    return tuple(rows)


def made_on(about: Provenance | None, lang: Lang) -> str:
    """The date the result was made as the reader writes dates: «01.12.2026», 2026-12-01
    (empty: not known)."""
    if about is None:
        return ""
    return about.generated.strftime("%d.%m.%Y" if lang == "ru" else "%Y-%m-%d")
