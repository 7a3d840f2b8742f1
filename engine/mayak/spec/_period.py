"""Reporting periods: a year, a half-year, a quarter or a month, read from the labels people
write («III квартал 2024», «2024-Q3», «I полугодие 2024 г.», «март 2024») and shown in Russian
or English. A period is a span of months, so that containment and order are arithmetic."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from msgspec import Struct

PeriodKind = Literal["year", "half", "quarter", "month"]
FIRST_YEAR, LAST_YEAR = 1990, 2100
_LENGTH: dict[PeriodKind, int] = {"year": 12, "half": 6, "quarter": 3, "month": 1}
_KIND = {length: kind for kind, length in _LENGTH.items()}
ROMAN = ("I", "II", "III", "IV")
MONTHS_RU = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
             "сентябрь", "октябрь", "ноябрь", "декабрь")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
# How a month may be written: the nominative, the genitive («марта»), the English name and
# three-letter abbreviations.
_MONTH_WORDS = {
    word: number for number, words in enumerate((
    ("январь", "января", "янв", "january", "jan"),
    ("февраль", "февраля", "фев", "february", "feb"),
    ("март", "марта", "мар", "march", "mar"),
    ("апрель", "апреля", "апр", "april", "apr"),
    ("май", "мая", "may"),
    ("июнь", "июня", "июн", "june", "jun"),
    ("июль", "июля", "июл", "july", "jul"),
    ("август", "августа", "авг", "august", "aug"),
    ("сентябрь", "сентября", "сен", "сент", "september", "sep", "sept"),
    ("октябрь", "октября", "окт", "october", "oct"),
    ("ноябрь", "ноября", "ноя", "november", "nov"),
    ("декабрь", "декабря", "дек", "december", "dec"),
    ), start=1) for word in words}


class Period(Struct, frozen=True, order=True):
    """A span of whole months: ``first`` and ``last`` count months from year 0
    (``year * 12 + month - 1``). Only the spans of a calendar year, half-year, quarter or
    month are made (by ``parse_period`` and ``Period.of``)."""

    first: int
    last: int

    @staticmethod
    def of(kind: PeriodKind, year: int, number: int = 1) -> Period:
        """The ``number``-th period of ``kind`` in ``year`` (1-based)."""
        length = _LENGTH[kind]
        first = year * 12 + (number - 1) * length
        return Period(first, first + length - 1)

    @property
    def kind(self) -> PeriodKind:
        """Year, half, quarter or month."""
        return _KIND[self.last - self.first + 1]

    @property
    def year(self) -> int:
        """The calendar year the period lies in."""
        return self.first // 12

    @property
    def number(self) -> int:
        """Which half, quarter or month of its year it is (1 for a year)."""
        return (self.first % 12) // (self.last - self.first + 1) + 1

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        length = self.last - self.first + 1
        return Period(self.first - length, self.last - length)

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies wholly inside this period."""
        return self.first <= other.first and other.last <= self.last

    @property
    def code(self) -> str:
        """The canonical label: ``2023``, ``2024-H1``, ``2024-Q3``, ``2024-03``."""
        kind, year, number = self.kind, self.year, self.number
        if kind == "year":
            return f"{year}"
        return f"{year}-{number:02d}" if kind == "month" else f"{year}-{kind[0].upper()}{number}"

    def label(self, lang: str = "ru") -> str:
        """How a report names the period: «III квартал 2024 г.» or "Q3 2024"."""
        kind, year, number = self.kind, self.year, self.number
        if lang == "ru":
            if kind == "year":
                return f"{year} г."
            if kind == "month":
                return f"{MONTHS_RU[number - 1]} {year} г."
            word = "полугодие" if kind == "half" else "квартал"
            return f"{ROMAN[number - 1]} {word} {year} г."
        if kind == "year":
            return f"{year}"
        if kind == "month":
            return f"{MONTHS_EN[number - 1]} {year}"
        return f"{kind[0].upper()}{number} {year}"

    def __str__(self) -> str:
        return self.code


_YEAR = r"(?P<year>\d{4})"
_TAIL = r"\s*(?:г(?:од)?\.?|y(?:ear)?\.?)?"  # «2024 г.», «2024 год»
_ORDINAL = r"(?P<n>[1-4]|i{1,3}|iv)(?:-?(?:й|ое|е|ый))?"
_FORMS: tuple[tuple[PeriodKind | None, str], ...] = (
    ("year", rf"{_YEAR}(?:\.0+)?"),  # 2023.0: a year typed as a number in a spreadsheet
    ("quarter", rf"{_YEAR}\s*[-/ ]?\s*(?:q|кв\.?)\s*(?P<n>[1-4])"),
    ("quarter", rf"(?:q|кв\.?)\s*(?P<n>[1-4])\s*[-/ ]?\s*{_YEAR}"),
    ("quarter", rf"{_ORDINAL}\s*(?:квартал|кв\.?|quarter)\s*{_YEAR}"),
    ("half", rf"{_YEAR}\s*[-/ ]?\s*(?:h|пг\.?|п/г)\s*(?P<n>[12])"),
    ("half", rf"(?:h|пг\.?|п/г)\s*(?P<n>[12])\s*[-/ ]?\s*{_YEAR}"),
    ("half", rf"{_ORDINAL}\s*(?:полугодие|пол\.?|пг\.?|п/г|half(?:-year)?)\s*{_YEAR}"),
    ("month", rf"{_YEAR}-(?P<n>\d{{2}})"),
    ("month", rf"(?P<n>\d{{1,2}})\s*[./]\s*{_YEAR}"),
    (None, rf"(?P<month>[a-zа-яё]+)\.?\s*{_YEAR}"),
)
_PATTERNS = tuple((kind, re.compile(rf"^{form}{_TAIL}$")) for kind, form in _FORMS)


def parse_period(text: object) -> Period | None:
    """The period a label names, or None: ``2023``, «2023 г.», «III квартал 2024»,
    «3 кв. 2024», «2024-Q3», «Q3 2024», «I полугодие 2024», «2024-H1», «март 2024»,
    «03.2024», «2024-03». Years from 1990 to 2100. Anything but a text or a number (a
    list, a mapping written where a label belongs) names none."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        return None
    return _parsed(text)


@lru_cache(maxsize=4096)
def _parsed(text: str | int | float) -> Period | None:
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    if isinstance(text, int):
        return Period.of("year", text) if FIRST_YEAR <= text <= LAST_YEAR else None
    if not isinstance(text, str):
        return None
    clean = " ".join(text.replace("\u00a0", " ").split()).casefold()
    for kind, pattern in _PATTERNS:
        match = pattern.match(clean)
        if match is None:
            continue
        year = int(match["year"])
        found = _month(match["month"]) if kind is None else (
            ("year", 1) if kind == "year" else (kind, _ordinal(match["n"])))
        if found is None or not FIRST_YEAR <= year <= LAST_YEAR:
            return None
        which, number = found
        if not 1 <= number <= 12 // _LENGTH[which]:
            return None
        return Period.of(which, year, number)
    return None


def _ordinal(text: str) -> int:
    return ROMAN.index(text.upper()) + 1 if text[0] in "iv" else int(text)


def _month(word: str) -> tuple[PeriodKind, int] | None:
    """A month written as a word (see ``_MONTH_WORDS``)."""
    number = _MONTH_WORDS.get(word)
    return None if number is None else ("month", number)
