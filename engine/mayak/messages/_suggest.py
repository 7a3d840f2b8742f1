"""The "did you mean …" of every message: the closest known word to a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mayak.messages._catalogue import Hint

CUTOFF = 0.6  # how alike a known word must be to be suggested (difflib's ratio)
# Beyond this many known words (the units of a country, a wide file's headers) they are
# shortlisted first: difflib compares each in Python, some 2 ms per thousand words.
SHORTLISTED_FROM = 200


def suggestion(word: object, choices: Iterable[object]) -> Hint:
    """The known word closest to ``word``, or "" when none is close enough (a ``Hint``: shown
    as "did you mean …" in the reader's language).

    ``word`` itself is never suggested: a hint that repeats the mistake helps nobody.
    """
    typed = str(word)
    known = [str(choice) for choice in choices if str(choice) != typed]
    if len(known) > SHORTLISTED_FROM:
        known = _shortlist(typed, known)
    close = difflib.get_close_matches(typed, known, n=1, cutoff=CUTOFF)
    return Hint(close[0] if close else "")


def _shortlist(typed: str, known: list[str]) -> list[str]:
    """The known words difflib could suggest for ``typed``, found by RapidFuzz. difflib's
    ratio never exceeds their Indel similarity (its matching blocks form a common
    subsequence): every word it would choose is kept, so the suggestion is the same."""
    from rapidfuzz import fuzz, process  # noqa: PLC0415  (only for long lists)

    found = process.extract(typed, known, scorer=fuzz.ratio, limit=None,
                            score_cutoff=CUTOFF * 100 - 1e-6)
    return [choice for choice, _, _ in found]
