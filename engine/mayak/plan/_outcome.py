"""What compiling one expression gave: the compiled form, or the error to report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from mayak.expr._compile import CompileError, Name, Typed, names_used
from mayak.expr._scope import compile_in
from mayak.expr._template import Template, parse_template

T = TypeVar("T")
Outcome = Typed | CompileError
TemplateOutcome = Template | CompileError


def attempt(text: str, names: Mapping[str, Name]) -> Outcome:
    """``text`` compiled against ``names``, or why it cannot be."""
    try:
        return compile_in(text, names)
    except CompileError as exc:
        return exc


def attempt_template(text: str, names: Mapping[str, Name]) -> TemplateOutcome:
    """The template ``text`` compiled against ``names``, or why it cannot be."""
    try:
        return parse_template(text, names)
    except CompileError as exc:
        return exc


def ok(outcome: T | CompileError) -> T:
    """The compiled form; a plan is only used once its specs passed the checks, so an error
    here is a bug, raised as it was found."""
    if isinstance(outcome, CompileError):
        raise outcome
    return outcome


def names_or_none(text: str) -> frozenset[str]:
    """The names ``text`` uses; none when it does not parse (that error is reported)."""
    try:
        return frozenset(names_used(text))
    except CompileError:
        return frozenset()
