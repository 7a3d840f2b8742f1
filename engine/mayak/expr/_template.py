"""Text templates with {expression} placeholders, compiled to one Polars string expression."""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

from mayak.expr._compile import CompileError, Name, names_used
from mayak.expr._format import format_fixed, format_value
from mayak.expr._scope import compile_in
from mayak.messages._catalogue import Lang

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def template_names(template: str) -> set[str]:
    """The names the placeholders of ``template`` use."""
    return {name for match in _PLACEHOLDER.finditer(template)
            for name in names_used(match.group(1))}


def compile_template(template: str, names: Mapping[str, Name], lang: Lang,
                     digits: Mapping[str, int] | None = None) -> pl.Expr:
    """«стаж {experience} лет» → an expression giving that text per row. Raises CompileError
    with the offset inside the template. A placeholder that is just a name listed in
    ``digits`` shows that many decimals (an indicator's value as the report shows it)."""
    parts: list[pl.Expr] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(_literal(template, position, match.start()))
        try:
            typed = compile_in(match.group(1), names)
        except CompileError as exc:
            exc.offset += match.start(1)
            raise
        fixed = (digits or {}).get(match.group(1).strip())
        parts.append(format_value(typed.expr, typed.kind, lang) if fixed is None
                     else format_fixed(typed.expr, fixed, lang))
        position = match.end()
    if position < len(template):
        parts.append(_literal(template, position, len(template)))
    return pl.concat_str(parts) if parts else pl.lit("")


def _literal(template: str, start: int, end: int) -> pl.Expr:
    """Text between placeholders; a brace left there is a placeholder typed wrong."""
    brace = next((i for i in range(start, end) if template[i] in "{}"), None)
    if brace is not None:
        raise CompileError("expr.template_brace", {}, brace)
    return pl.lit(template[start:end])
