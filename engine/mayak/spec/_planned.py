"""Planned values ("плановое значение"): ``>= 0.5``, ``не более 200``, ``между 1 и 2``."""

from __future__ import annotations

import re
from typing import Literal

import polars as pl
from msgspec import Struct
from msgspec.structs import replace

from mayak.messages._catalogue import Lang

Op = Literal[">=", "<=", ">", "<", "==", "between"]

_NUMBER = r"(-?\d+(?:[.,]\d+)?)\s*%?"
_WORDS: tuple[tuple[str, Op], ...] = (
    (r"не\s*менее|не\s*<|не\s+ниже|от|at\s+least|>=|≥", ">="),
    (r"не\s*более|не\s*>|не\s+выше|at\s+most|<=|≤", "<="),
    (r"более|больше|выше|>", ">"),
    (r"менее|меньше|ниже|<", "<"),
    (r"равно|=|==", "=="),
)
_BETWEEN = re.compile(rf"^(?:между|от|between)\s*{_NUMBER}\s*(?:и|до|and|-|–)\s*{_NUMBER}$",
                      re.IGNORECASE)


class Planned(Struct, frozen=True):
    """A comparison of an indicator value with its planned value(s); ``written``: the
    text as the spec gives it («не менее 5 %»), None when built in code. The wording is
    not part of the comparison: two plans that compare alike are equal."""

    op: Op
    low: float
    high: float | None = None
    written: str | None = None

    def _compared(self) -> tuple[Op, float, float | None]:
        """What equality and hashing look at: the comparison, not its wording."""
        return self.op, self.low, self.high

    def __eq__(self, other: object) -> bool:
        return self._compared() == other._compared() if isinstance(other, Planned) else (
            NotImplemented)

    def __hash__(self) -> int:
        return hash(self._compared())

    def met(self, value: pl.Expr) -> pl.Expr:
        """True / false per value; null where the value is unknown."""
        if self.op == "between":
            return value.is_between(self.low, self.high)
        return {
            ">=": value >= self.low, "<=": value <= self.low, ">": value > self.low,
            "<": value < self.low, "==": value == self.low,
        }[self.op]

    def describe(self, lang: Lang = "ru") -> str:
        """The planned value in short form: "≥ 0,5", "1 – 2"."""
        if self.op == "between":
            return f"{number_text(self.low, lang)} – {number_text(self.high, lang)}"
        return f"{ {'>=': '≥', '<=': '≤'}.get(self.op, self.op)} {number_text(self.low, lang)}"


    def shown(self, lang: Lang = "ru") -> str:
        """The planned value for people: as written in Russian output (the spec's own
        wording), the short form in English."""
        if lang == "ru" and self.written:
            return self.written
        return self.describe(lang)


def number_text(number: float | None, lang: Lang) -> str:
    """A number as written in a plan: no exponent, no trailing zeros, the reader's decimal
    mark (a comma in Russian); empty for none."""
    if number is None:
        return ""
    text = f"{number:.10f}".rstrip("0").rstrip(".")  # 1000000, not 1e+06
    return text.replace(".", ",") if lang == "ru" else text


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_planned(text: str) -> Planned | None:
    """Read a planned value as methodologists write it; None if it cannot be read."""
    # A full stop or semicolon copied from the end of a sentence is not part of the value.
    written = " ".join(str(text).split()).strip().rstrip(".;").strip()
    found = _parsed(written)
    return None if found is None else replace(found, written=written)


def _parsed(written: str) -> Planned | None:
    cleaned = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}\b)", "", written)  # "1 000" is one number
    match = _BETWEEN.match(cleaned)
    if match:
        low, high = sorted((_number(match.group(1)), _number(match.group(2))))
        return Planned("between", low, high)
    for words, op in _WORDS:
        match = re.match(rf"^(?:{words})\s*{_NUMBER}$", cleaned, re.IGNORECASE)
        if match:
            return Planned(op, _number(match.group(1)))
    return None


def written_backwards(text: str) -> tuple[float, float] | None:
    """The bounds of a range written high first («между 5 и 1»), as written; else None.
    ``parse_planned`` reads such a range in order, but the spec checks refuse it: the
    author may have meant something else."""
    cleaned = " ".join(str(text).split()).strip().rstrip(".;").strip()
    cleaned = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}\b)", "", cleaned)
    match = _BETWEEN.match(cleaned)
    if match is None:
        return None
    first, second = _number(match.group(1)), _number(match.group(2))
    return (first, second) if first > second else None
