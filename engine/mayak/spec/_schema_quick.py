"""A quick yes-or-no answer whether a spec document satisfies its JSON Schema.

jsonschema-rs answers in microseconds, and importing it takes a few milliseconds, against
about 60 ms for importing jsonschema and 10–30 ms for validating a rule set with it. Most
documents are valid, so jsonschema, which explains what is wrong in words
``_schema._explain`` turns into messages, runs only on a document the quick answer does not
pass.

The answer is "valid" only where the two validators agree. They read some values
differently, so a document holding one is left to jsonschema:

- a whole number written with a point (``0.0``): Mayak refuses it where an integer is asked
  for (``_schema._strict``), JSON Schema and jsonschema-rs take it;
- anything but JSON's own values: text, whole numbers within ±2^53, finite fractions,
  true and false, null, lists, and mappings with text keys;
- a character that Python's ``\\S`` takes for a space and jsonschema-rs's for a letter
  (``_RS_NOT_SPACE``), where a pattern asks for a text that is not blank.

Where jsonschema-rs is stricter (a key with a line break after it matches ``$`` in Python,
not in Rust; U+FEFF is a space to jsonschema-rs, not to Python), it says "not valid" and
jsonschema decides, as before.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from mayak.spec._schema_files import schema

if TYPE_CHECKING:
    import jsonschema_rs

LARGEST_EXACT = 2**53  # beyond this a whole number may be read as the nearest float
# What Python's `\S` takes for a space and jsonschema-rs's does not: a text of these alone is
# blank to jsonschema, not to jsonschema-rs (tests/test_schema_quick.py finds them all).
_RS_NOT_SPACE = re.compile("[\x1c-\x1f\x85]")
_SCALARS = (bool, type(None))  # JSON's true, false and null


@cache
def _validator(kind: str) -> jsonschema_rs.Validator:
    """jsonschema-rs's validator of one spec kind, compiled once per process."""
    import jsonschema_rs  # noqa: PLC0415  (a compiled module, imported with the first spec)

    return jsonschema_rs.validator_for(dict(schema(kind)), validate_formats=False,
                                       offline=True)


def plainly_valid(kind: str, data: Any) -> bool:
    """Whether ``data`` surely satisfies the schema of ``kind``. False means "ask jsonschema":
    the document is invalid, or holds a value the two validators read differently."""
    if not _plain_json(data):
        return False
    try:
        return _validator(kind).is_valid(data)
    except ValueError:  # a value jsonschema-rs cannot take: jsonschema decides
        return False


def _plain_json(data: Any) -> bool:
    """Whether ``data`` holds only values both validators read alike (the module's list)."""
    pending = [data]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is dict:
            if any(type(key) is not str or _RS_NOT_SPACE.search(key) for key in node):
                return False
            pending.extend(node.values())
        elif kind is list:
            pending.extend(node)
        elif kind is str:
            if _RS_NOT_SPACE.search(node):
                return False
        elif kind is int:
            if abs(node) > LARGEST_EXACT:
                return False
        elif kind is float:
            if not math.isfinite(node) or node.is_integer():
                return False
        elif kind not in _SCALARS:
            return False
    return True
