"""The "did you mean …" of every message: the closest known word to a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mayak.messages._catalogue import Hint

CUTOFF = 0.6  # how alike a known word must be to be suggested (difflib's ratio)
# Beyond this many known words (the units of a country, a wide file's headers) RapidFuzz
# narrows them first: difflib compares each in Python, some 2 ms per thousand words.
SHORTLISTED_FROM = 200
_SLACK = 1e-9  # two ratios computed in floating point this close may be equal


def suggestion(word: object, choices: Iterable[object]) -> Hint:
    """The known word closest to ``word``, or "" when none is close enough (a ``Hint``: shown
    as "did you mean …" in the reader's language).

    ``word`` itself is never suggested: a hint that repeats the mistake helps nobody.
    """
    typed = str(word)
    known = [choice for choice in map(str, choices) if choice != typed]
    if len(known) > SHORTLISTED_FROM:
        return Hint(_closest(typed, known))
    close = difflib.get_close_matches(typed, known, n=1, cutoff=CUTOFF)
    return Hint(close[0] if close else "")


def _closest(typed: str, known: list[str]) -> str:
    """What ``difflib.get_close_matches(typed, known, n=1)`` answers, asking difflib about
    few of the words. difflib's ratio never exceeds their Indel similarity, which RapidFuzz
    computes fast (difflib's matching blocks form a common subsequence): the words are taken
    from the most similar down, and once that bound falls below the best ratio found, no
    later word can reach it."""
    from rapidfuzz import fuzz, process  # noqa: PLC0415  (only for long lists)

    bounded = process.extract(typed, known, scorer=fuzz.ratio, limit=None,
                              score_cutoff=CUTOFF * 100 - 1e-6)
    # Most similar first and, among equals, the greatest word first: a tie goes to it.
    bounded.sort(key=lambda found: (found[1], found[0]), reverse=True)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(typed)  # as get_close_matches sets them
    best_ratio, best = -1.0, ""
    for choice, bound, _ in bounded:
        if bound / 100 + _SLACK < best_ratio:
            break
        if bound / 100 - _SLACK <= best_ratio and choice <= best:
            continue  # at best a tie, which the greater word found already wins
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
            continue
        ratio = matcher.ratio()
        # get_close_matches keeps the largest (ratio, word): a tie goes to the greater word.
        if ratio >= CUTOFF and (ratio, choice) > (best_ratio, best):
            best_ratio, best = ratio, choice
    return best
