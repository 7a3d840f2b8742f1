"""Problems found in a spec, placed where they are written: shared by every check."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from mayak.expr._compile import CompileError
from mayak.expr._template import Template
from mayak.messages._catalogue import kind_key
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.plan._outcome import Outcome, TemplateOutcome
from mayak.spec._model import Dataset, Source
from mayak.spec._yaml import Path


def located(source: Source, path: Path, offset: int = 0) -> Location:
    """The place of ``path`` in the spec, ``offset`` characters into its value."""
    base = source.document.location(path)
    return Location(base.file, base.line, (base.col or 1) + offset, base.path)


def compile_problems(outcome: Outcome | TemplateOutcome, source: Source, path: Path, *,
                     expect: str | None = None) -> Iterator[Problem]:
    """The problem of an expression compiled by the plan: its error, or a kind not
    ``expect``-ed."""
    if isinstance(outcome, CompileError):
        yield Problem(outcome.code, outcome.params, located(source, path, outcome.offset))
        return
    if expect and not isinstance(outcome, Template) and outcome.kind not in (expect, "null"):
        yield Problem("ref.not_condition", {"got": kind_key(outcome.kind)},
                      located(source, path))


def unknown_dataset(name: str, datasets: Mapping[str, Dataset], source: Source,
                    path: Path) -> Problem:
    """A dataset named that no spec declares, with the closest declared one."""
    return Problem("ref.unknown_dataset",
                   {"name": name, "hint": suggestion(name, list(datasets)),
                    "known": ", ".join(sorted(datasets)) or "—"}, located(source, path))
