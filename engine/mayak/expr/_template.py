"""Text templates with {expression} placeholders, compiled to one Polars string expression."""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl
from msgspec import Struct

from mayak.expr._compile import CompileError, Name, Typed, names_used
from mayak.expr._format import format_fixed, format_value
from mayak.expr._scope import compile_in
from mayak.messages._catalogue import Lang

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def template_names(template: str) -> set[str]:
    """The names the placeholders of ``template`` use."""
    return {name for match in _PLACEHOLDER.finditer(template)
            for name in names_used(match.group(1))}


class Placeholder(Struct, frozen=True, eq=False):
    """A compiled ``{expression}`` of a template, with its text as written (stripped)."""

    text: str
    typed: Typed


class Template(Struct, frozen=True, eq=False):
    """A compiled template: literal texts and placeholders; the language of the values shown
    is chosen when it is turned into an expression."""

    parts: tuple[str | Placeholder, ...]

    def expr(self, lang: Lang, digits: Mapping[str, int] | None = None, *,
             exact: bool = False) -> pl.Expr:
        """The text per row. A placeholder that is just a name listed in ``digits`` shows
        that many decimals (an indicator's value as the report shows it); other numbers
        show 2 decimals at most, or with ``exact`` every decimal they have (a screening's
        explanation: 4,9999 years of service is not «5»)."""
        return joined([pl.lit(part) if isinstance(part, str)
                       else shown(part, lang, digits, exact=exact) for part in self.parts])


def shown(part: Placeholder, lang: Lang, digits: Mapping[str, int] | None = None, *,
          exact: bool = False) -> pl.Expr:
    """A placeholder's value as text (see ``Template.expr``)."""
    fixed = (digits or {}).get(part.text)
    typed = part.typed
    return (format_value(typed.expr, typed.kind, lang, exact=exact) if fixed is None
            else format_fixed(typed.expr, fixed, lang))


def joined(exprs: list[pl.Expr]) -> pl.Expr:
    """Texts one after another (an empty template is an empty text)."""
    return pl.concat_str(exprs) if exprs else pl.lit("")


def parse_template(template: str, names: Mapping[str, Name]) -> Template:
    """Compile each placeholder of ``template`` once. Raises CompileError with the offset
    inside the template."""
    parts: list[str | Placeholder] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(_literal(template, position, match.start()))
        try:
            typed = compile_in(match.group(1), names)
        except CompileError as exc:
            exc.offset += match.start(1)
            raise
        parts.append(Placeholder(match.group(1).strip(), typed))
        position = match.end()
    if position < len(template):
        parts.append(_literal(template, position, len(template)))
    return Template(tuple(parts))


def _literal(template: str, start: int, end: int) -> str:
    """Text between placeholders; a brace left there is a placeholder typed wrong."""
    brace = next((i for i in range(start, end) if template[i] in "{}"), None)
    if brace is not None:
        raise CompileError("expr.template_brace", {}, brace)
    return template[start:end]
