"""Sheet names Excel accepts: at most 31 characters (UTF-16 code units: an emoji counts
two), none of ``[ ] : * ? / \\``, no apostrophe at either end, not «History» (Excel keeps
it), and unique without regard to case."""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_LENGTH = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED = "history"
_QUOTES = (("«", "»"), ("‘", "’"), ("“", "”"))  # Russian and English quotes


def sheet_name(name: str, room: int = 0) -> str:
    """``name`` made acceptable to Excel, shortened to leave ``room`` characters for a
    suffix such as « (2)»."""
    cleaned = re.sub(r"\s+", " ", _FORBIDDEN.sub(" ", name)).strip().strip("'").strip()
    cleaned = _cut(cleaned, MAX_LENGTH - room)
    while _units(cleaned) > MAX_LENGTH - room:  # characters beyond the BMP count twice
        cleaned = cleaned[:-1]
    cleaned = cleaned.rstrip().rstrip("'").rstrip() or "-"
    return cleaned + "_" if cleaned.casefold() == _RESERVED else cleaned


def _cut(name: str, length: int) -> str:
    """``name`` within ``length`` characters, cut after a word where one ends past half of
    it, with an opening quote («, ‘ or “) left unclosed dropped."""
    if len(name) <= length:
        return name
    cut = name[:length]
    space = cut.rfind(" ", 0, length)
    if name[length] != " " and space > length // 2:
        cut = cut[:space]
    cut = cut.rstrip(" ,;:-–—")
    for opening, closing in _QUOTES:
        if cut.count(opening) > cut.count(closing):
            opened = cut.rindex(opening)
            cut = cut[:opened].rstrip() if opened > length // 2 else cut.replace(opening, "")
    return cut


def _units(text: str) -> int:
    """The length as Excel counts it: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def sheet_names(names: Iterable[str]) -> list[str]:
    """Each name made acceptable, in order; a name taken already gets « (2)», « (3)», …"""
    taken: set[str] = set()
    found = []
    for name in names:
        chosen, number = sheet_name(name), 1
        while chosen.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            chosen = sheet_name(name, len(suffix)) + suffix
        taken.add(chosen.casefold())
        found.append(chosen)
    return found
