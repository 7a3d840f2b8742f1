"""Problems found in specs or data: where, what, and how to say it to a person."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from msgspec import Struct, field
from msgspec.structs import force_setattr

from mayak._frozen import Frozen
from mayak.messages._catalogue import Lang, text

Severity = Literal["error", "warning"]
# The line breaks a text may hold (those str.splitlines splits at), shown escaped: a problem
# is said on one line, whatever a value, a header or a key it quotes holds.
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\v": "\\v", "\f": "\\f",
                              "\x1c": "\\x1c", "\x1d": "\\x1d", "\x1e": "\\x1e",
                              "\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def one_line(shown: str) -> str:
    """``shown`` with its line breaks written as escapes (``\\n``)."""
    return shown.translate(_LINE_BREAKS)


class Location(Struct, frozen=True):
    """A place in a spec file (line, col, path inside the spec) or a data file (row, column)."""

    file: str
    line: int | None = None
    col: int | None = None
    path: str = ""
    row: int | None = None
    column: str | None = None

    def place(self) -> str:
        """``file:line:col``, as much of it as is known (how a message names another spot)."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        return place

    def render(self, lang: Lang | None = None) -> str:
        """``file:line:col: path: row N, column 'X'``, as much of it as is known."""
        parts = [self.place()]
        if self.path:
            parts.append(self.path)
        if self.row is not None and self.column is not None:
            parts.append(text("where.cell", lang, row=self.row, column=self.column))
        elif self.row is not None:
            parts.append(text("where.row", lang, row=self.row))
        elif self.column is not None:
            parts.append(text("where.column", lang, column=self.column))
        return one_line(": ".join(parts))


class Problem(Struct, frozen=True):
    """One finding. ``code`` keys the message catalogue; ``params`` fill its placeholders."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    location: Location | None = None
    severity: Severity = "error"

    def __post_init__(self) -> None:
        force_setattr(self, "params", Frozen(self.params))

    def message(self, lang: Lang | None = None) -> str:
        """What is wrong, in ``lang``, without the location (on one line)."""
        return one_line(text(self.code, lang, **self.params))

    def render(self, lang: Lang | None = None) -> str:
        """The location, then what is wrong, in ``lang``."""
        if self.location is None:
            return self.message(lang)
        return f"{self.location.render(lang)}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.render()


class MayakError(Exception):
    """Base of the errors Mayak raises; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.render() for p in self.problems))

    def render(self, lang: Lang | None = None) -> str:
        """Every problem, one per line, in ``lang``."""
        return "\n".join(p.render(lang) for p in self.problems)


class SpecError(MayakError):
    """The rule files are invalid. Raised before any data is read."""


class DataError(MayakError):
    """Input data cannot be used at all (missing file, missing required column, empty file)."""
