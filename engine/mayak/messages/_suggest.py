"""The "did you mean …" of every message: the closest known word to a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mayak.messages._catalogue import Hint


def suggestion(word: object, choices: Iterable[object]) -> Hint:
    """The known word closest to ``word``, or "" when none is close enough (a ``Hint``: shown
    as "did you mean …" in the reader's language).

    ``word`` itself is never suggested: a hint that repeats the mistake helps nobody.
    """
    typed = str(word)
    known = [str(choice) for choice in choices if str(choice) != typed]
    close = difflib.get_close_matches(typed, known, n=1, cutoff=0.6)
    return Hint(close[0] if close else "")
