"""Everything Mayak tells people: the message catalogue (Russian and English) and problems.

Importing this package costs only the standard library, so it is imported eagerly.
"""

from mayak.messages._catalogue import Hint, Key, Lang, language, text
from mayak.messages._problems import DataError, Location, MayakError, Problem, SpecError
from mayak.messages._suggest import suggestion

__all__ = [
    "DataError",
    "Hint",
    "Key",
    "Lang",
    "Location",
    "MayakError",
    "Problem",
    "SpecError",
    "language",
    "suggestion",
    "text",
]
