"""Text of an expression → one Python ``ast`` expression, or a plain-language error.

The text is checked before parsing (lookalike characters, ``;``, ``#``, misspelt operators),
parsed with ``ast.parse(mode="eval")`` (exactly one expression, never a statement list), and
Python's syntax errors are turned into sentences a methodologist can act on.
"""

from __future__ import annotations

import ast
import functools
import itertools
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from msgspec import Struct

from mayak.messages._catalogue import Key

MAX_EXPRESSION_LENGTH = 2000
MAX_NODES = 300  # names, literals, operators and calls, as docs/expressions.md counts them
PARSED_KEPT = 16_384  # distinct texts whose trees are kept (bounds memory in a long-lived process)


@dataclass
class CompileError(Exception):
    """A problem in one expression. ``offset`` is the 0-based column inside the text."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    offset: int = 0


# Characters that look like a symbol of the language but are another one (keyboard layouts,
# word processors). NFKC folds fullwidth letters and digits; these it leaves alone.
_LOOKALIKES = {
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'",
    "−": "-", "–": "-", "—": "-", "‐": "-", "×": "*", "·": "*", "÷": "/", "≤": "<=",
    "≥": ">=", "≠": "!=", "⩽": "<=", "⩾": ">=",
}
_MISSPELT = {"===": "==", "!==": "!=", "=>": ">=", "=<": "<=", "<>": "!=", "=!": "!="}


def character_offset(text: str, byte_offset: int) -> int:
    """ast counts columns in UTF-8 bytes; people count characters (Cyrillic is 2 bytes)."""
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _outside_strings(text: str) -> Iterator[tuple[int, str]]:
    """Each character that is not inside a quoted text, with its position."""
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if text.startswith(quote, index):
                index += len(quote)
                quote = ""
                continue
        elif char in "'\"":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote)
            continue
        else:
            yield index, char
        index += 1


def _character(char: str) -> dict[str, Any]:
    return {"char": char, "code": f"U+{ord(char):04X}"}


def _check_characters(text: str) -> None:
    if "\x00" in text:
        raise CompileError("expr.bad_char", _character("\x00"), text.index("\x00"))
    outside = list(_outside_strings(text))
    for index, char in outside:
        if char.isascii():
            continue
        folded = unicodedata.normalize("NFKC", char)
        meant = _LOOKALIKES.get(char) or (folded if folded != char and folded.isascii() else "")
        if meant.isspace():
            raise CompileError("expr.lookalike_space", {"code": _character(char)["code"]},
                               index)
        if meant:
            raise CompileError("expr.lookalike", {**_character(char), "ascii": meant}, index)
    plain = "".join(char if char.isascii() else "a" for _, char in outside)
    positions = [index for index, _ in outside]
    for index, char in enumerate(plain):
        if char == ";":
            raise CompileError("expr.semicolon", {}, positions[index])
        if char == "#":
            raise CompileError("expr.comment", {}, positions[index])
    for wrong, right in _MISSPELT.items():
        at = plain.find(wrong)
        if at >= 0:
            raise CompileError("expr.misspelt_operator", {"wrong": wrong, "right": right},
                               positions[at])


def _syntax_error(exc: SyntaxError, text: str) -> CompileError:
    message = exc.msg or ""
    at = min(max((exc.offset or 0) - 1, 0), max(len(text) - 1, 0))
    quoted = re.findall(r"'(.)'", message)  # the brackets Python names
    if "was never closed" in message and quoted:
        return CompileError("expr.unclosed", {"bracket": quoted[0]}, at)
    if message.startswith("unmatched") and quoted:
        return CompileError("expr.unmatched", {"bracket": quoted[0]}, at)
    if "does not match opening" in message and len(quoted) == 2:
        return CompileError("expr.mismatched", {"closing": quoted[0], "opening": quoted[1]},
                            at)
    if "unterminated" in message or "EOL while" in message:
        return CompileError("expr.unclosed_quote", {}, at)
    if "too many nested" in message:
        return CompileError("expr.too_deep", {}, at)
    if "invalid character" in message or "non-printable" in message:
        return CompileError("expr.bad_char", _character(text[at]), at)
    if "leading zeros" in message:
        return CompileError("expr.syntax", {"detail": Key("syntax.leading_zero")}, at)
    if "expected 'else'" in message:
        return CompileError("expr.syntax", {"detail": Key("syntax.if_else")}, at)
    if not exc.offset or not text[at:].strip() or "EOF" in message:
        return CompileError("expr.syntax", {"detail": Key("syntax.incomplete")},
                            len(text.rstrip()))
    if text[at] == "=" or text.startswith(":=", at):
        return CompileError("expr.assign", {}, at)
    before = text[:at].rstrip()
    if before and text[at].isalpha() and before[-1].isdigit() and len(before) == at:
        return CompileError("expr.syntax", {"detail": Key("syntax.number_letters")}, at)
    value_end = before[-1:].isalnum() or before[-1:] in (")", "]", "'", '"', "_")
    value_start = text[at].isalnum() or text[at] in "('\"[_"
    if value_end and value_start:
        return CompileError("expr.missing_operator", {}, at)
    return CompileError("expr.syntax", {"detail": Key("syntax.unexpected")}, at)


def _size(tree: ast.AST) -> int:
    """Names, literals, operators and calls; a function's name is part of its call."""
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.Constant):
            count += id(node) not in called
        elif isinstance(node, ast.BinOp | ast.UnaryOp | ast.IfExp | ast.Call):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        elif isinstance(node, ast.Compare):
            count += len(node.ops)
    return count


def _check_decimal_comma(text: str, tree: ast.AST) -> None:
    """``x > 0,5`` parses as a pair of values and ``min(x, 0,5)`` as three arguments; a
    comma right between two digits is a decimal comma. (``x in (0,5)`` is a list.)"""
    listed = {id(c) for n in ast.walk(tree) if isinstance(n, ast.Compare)
              for c in n.comparators}
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and id(node) not in listed:
            values = node.elts
        elif isinstance(node, ast.Call):
            values = node.args
        else:
            continue
        for left, right in itertools.pairwise(values):
            end = getattr(_rightmost(left), "end_col_offset", None)
            if (end is not None and isinstance(right, ast.Constant)
                    and isinstance(right.value, int) and not isinstance(right.value, bool)
                    and text.encode("utf-8")[end:right.col_offset] == b","
                    and isinstance(_rightmost(left), ast.Constant)):
                whole = text.encode("utf-8")[_rightmost(left).col_offset:right.end_col_offset or 0]
                number = whole.decode("utf-8").replace(",", ".")
                raise CompileError("expr.decimal_comma", {"number": number},
                                   character_offset(text, end))


def _rightmost(node: ast.expr) -> ast.expr:
    """The last operand of ``x > 0`` (where a decimal comma would follow)."""
    while True:
        if isinstance(node, ast.Compare):
            node = node.comparators[-1]
        elif isinstance(node, ast.BinOp):
            node = node.right
        elif isinstance(node, ast.BoolOp):
            node = node.values[-1]
        elif isinstance(node, ast.UnaryOp):
            node = node.operand
        else:
            return node


class Parsed(Struct, frozen=True):
    """The tree of ``body`` (the text without surrounding spaces, one line), whose offsets
    count from ``lead`` characters into the original text."""

    tree: ast.expr
    body: str
    lead: int

    def offset(self, byte_offset: int) -> int:
        """A column of the tree as a character position in the original text."""
        return self.lead + character_offset(self.body, byte_offset)


def parse(text: str) -> Parsed:
    """Parse exactly one expression; raises CompileError with a plain-language reason.

    The same text is parsed once: the checks, the dependency graph and the compiler all ask
    for its tree, which nobody changes."""
    if not isinstance(text, str) or not text.strip():
        raise CompileError("expr.empty")
    return _parse(text)


@functools.lru_cache(maxsize=PARSED_KEPT)
def _parse(text: str) -> Parsed:
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise CompileError("expr.too_long", {"limit": MAX_EXPRESSION_LENGTH})
    lead = len(text) - len(text.lstrip())
    body = text.strip().replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    try:
        _check_characters(body)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. '\d' in a text: Python would print it
            tree = ast.parse(body, mode="eval").body
    except CompileError as exc:
        exc.offset += lead
        raise
    except SyntaxError as exc:
        error = _syntax_error(exc, body)
        error.offset += lead
        raise error from None
    except (RecursionError, MemoryError):
        raise CompileError("expr.too_deep") from None
    if _size(tree) > MAX_NODES:
        raise CompileError("expr.too_complex", {"limit": MAX_NODES})
    try:
        _check_decimal_comma(body, tree)
    except CompileError as exc:
        exc.offset += lead
        raise
    return Parsed(tree, body, lead)
