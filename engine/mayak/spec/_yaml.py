"""Safe YAML reading that remembers where every value came from.

PyYAML's composer gives a node tree with positions; we build plain Python values from it
ourselves so that we can refuse object tags and duplicate keys, keep dates as strings,
bound alias expansion, and map every spec path back to ``line:col``. The node tree comes
from libyaml when PyYAML has it (ten times faster, same nodes and marks); a document libyaml
refuses is read again by the Python parser, so that every syntax error is told as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import yaml
from msgspec import Struct

from mayak._frozen import Frozen
from mayak.messages._catalogue import Key
from mayak.messages._problems import Location, Problem

Path = tuple[str | int, ...]

MAX_NUMBER = 2**53  # beyond this a number loses digits
MAX_NODES = 100_000  # after alias expansion; stops "billion laughs" documents
MAX_ALIASES = 100
MAX_SPEC_CHARACTERS = 1_000_000  # a spec is a page or two; this is far beyond any real one

_TAG = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
# PyYAML's words for a syntax error, and the catalogue's (its own words when none fits).
# Compiled when a file has a syntax error (rare): not at every start.
_ESCAPE = r"found unknown escape character '(?P<char>.+)'"
_PHRASES = (
    (r"found character '\\t' that cannot start|found a tab character", "yaml.why.tab"),
    (r"found character '(?P<char>.+)' that cannot start any token", "yaml.why.bad_start"),
    (r"mapping values are not allowed here", "yaml.why.colon"),
    (r"could not find expected ':'", "yaml.why.no_colon"),
    (r"expected <block end>, but found|did not find expected key", "yaml.why.indent"),
    (r"expected the node content|did not find expected node content", "yaml.why.no_value"),
    (r"but found another document", "yaml.why.documents"),
    (r"found undefined alias '(?P<name>.+)'", "yaml.why.alias"),
    (r"expected alphabetic or numeric character", "yaml.why.anchor"),
    (r"expected chomping or indentation indicators", "yaml.why.block"),
)
_STARTED = {"expected ',' or": "yaml.detail.comma", "end of stream": "yaml.detail.end"}
# What PyYAML was reading when the file ended or broke (its context phrases).
_UNFINISHED = {"quoted scalar": "quoted", "flow sequence": "sequence",
               "flow mapping": "mapping"}


class YamlDocument(Struct, frozen=True):
    """A parsed file: its data and the position of every value and mapping key."""

    file: str
    data: Any
    positions: Mapping[Path, tuple[int, int]]
    key_positions: Mapping[Path, tuple[int, int]]

    def location(self, path: Path, *, key: bool = False) -> Location:
        """The nearest known position of ``path`` (a parent's if the path itself is absent)."""
        table = self.key_positions if key and path in self.key_positions else self.positions
        probe = path
        while probe not in table and probe:
            probe = probe[:-1]
            table = self.positions
        line, col = table.get(probe, (1, 1))
        return Location(self.file, line, col, format_path(path))


def format_path(path: Path) -> str:
    """A path inside a spec as people write it: ``targets.reach[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _RefusedYamlError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _ReadAgainError(Exception):
    """libyaml's node tree may differ from the Python parser's here: read it with that."""


# Deeper than this, a document read by libyaml is read again by the Python parser, whose
# own recursion limit decides, as before, when a document is too deep.
_LIBYAML_DEPTH = 100


class _Builder:
    def __init__(self, file: str, *, exact: bool = True) -> None:
        self.file = file
        self.exact = exact  # the node tree comes from the Python parser
        self.positions: dict[Path, tuple[int, int]] = {}
        self.key_positions: dict[Path, tuple[int, int]] = {}
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()

    def _where(self, node: yaml.Node, path: Path) -> Location:
        mark = node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1, format_path(path))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _RefusedYamlError(Problem("yaml.too_large", {"limit": MAX_NODES},
                                       self._where(node, path)))
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _RefusedYamlError(Problem("yaml.too_many_aliases", {"limit": MAX_ALIASES},
                                           self._where(node, path)))
        self.seen.add(id(node))
        if not self.exact and (len(path) > _LIBYAML_DEPTH or _empty_plain(node)):
            raise _ReadAgainError
        # For a quoted scalar, point at its first character, so that an offset inside an
        # expression lands on the right column.
        shift = 1 if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"') else 0
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1 + shift)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise self._tag_refusal(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _tag_refusal(self, node: yaml.Node, path: Path) -> _RefusedYamlError:
        return _RefusedYamlError(Problem("yaml.tag", {"tag": node.tag}, self._where(node, path)))

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        if node.tag != f"{_TAG}map":
            raise self._tag_refusal(node, path)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == f"{_TAG}merge":
                where = self._where(key_node, path)
                raise _RefusedYamlError(Problem("yaml.complex_key", {}, where))
            if not self.exact and _empty_plain(key_node):
                raise _ReadAgainError
            key = str(key_node.value)
            self._check_text(key, key_node, path)
            if key in out:
                first = self.key_positions[(*path, key)]
                raise _RefusedYamlError(Problem("yaml.duplicate_key",
                                           {"key": key, "first_line": first[0]},
                                           self._where(key_node, (*path, key))))
            self.key_positions[(*path, key)] = (key_node.start_mark.line + 1,
                                                key_node.start_mark.column + 1)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag, value = node.tag, node.value
        if tag not in _ALLOWED_SCALAR_TAGS:
            raise self._tag_refusal(node, path)
        try:
            if tag.endswith(":int"):
                number: int | float = int(value.replace("_", ""), 0) if value[:2] in (
                    "0x", "0o") else int(value.replace("_", ""))
            elif tag.endswith(":float"):
                number = float(value.replace("_", ""))
        except ValueError:  # YAML 1.1 numbers such as 1:30, 0b101, .inf stay as written
            return value
        if tag.endswith((":int", ":float")):
            # 1e400 is infinite and 10**400 no float at all: no spec number is that large.
            if abs(number) > MAX_NUMBER or not math.isfinite(number):
                raise _RefusedYamlError(Problem("yaml.number_range", {"value": value},
                                                self._where(node, path)))
            return number
        if tag.endswith(":bool"):
            # YAML 1.1 reads yes/no/on/off as booleans; only true/false are, here.
            low = value.lower()
            return low == "true" if low in ("true", "false") else value
        if tag.endswith(":null"):
            return None
        self._check_text(value, node, path)
        return value  # str and timestamp: dates stay text

    def _check_text(self, value: str, node: yaml.Node, path: Path) -> None:
        """Refuse characters that cannot be printed or that hide what a text says."""
        problem = bad_character(value)
        if problem is not None:
            code, params = problem
            raise _RefusedYamlError(Problem(code, params, self._where(node, path)))


def _empty_plain(node: yaml.Node) -> bool:
    """An implicit empty value from libyaml (plain style is ``""`` there, None in Python),
    which libyaml may place at the next token instead of after the previous one."""
    return isinstance(node, yaml.ScalarNode) and node.style == "" and not node.value


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                  "\u2066\u2067\u2068\u2069")
# Any character bad_character looks at: most texts have none, and are passed in one search.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + "".join(_BIDI) + "]")


def bad_character(value: str) -> tuple[str, dict[str, str]] | None:
    """The first character of ``value`` that must not reach a report, as a message key and
    its parameters: a lone surrogate (from a ``\\u`` escape; no output can encode it), a
    control character other than tab and line break, or a bidirectional-text control
    (it makes a text look different from what it says)."""
    if _SUSPECT.search(value) is None:
        return None
    for index, char in enumerate(value):
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            low = ord(value[index + 1]) if index + 1 < len(value) else 0
            if code <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
                joined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                return "yaml.surrogate_pair", {"high": f"{code:04X}", "low": f"{low:04X}",
                                               "char": chr(joined), "code": f"{joined:08X}"}
            return "yaml.surrogate", {"code": f"{code:04X}"}
        if (code < 0x20 and char not in "\t\n") or 0x7F <= code <= 0x9F:
            return "yaml.control_char", {"code": f"{code:04X}"}
        if char in _BIDI:
            return "yaml.bidi_char", {"code": f"{code:04X}"}
    return None


@cache
def _libyaml_loader() -> type[yaml.CSafeLoader] | None:
    """libyaml's safe loader, if PyYAML was built with it and it bounds the nesting depth
    itself (its composer recurses in C, where Python's recursion limit does not hold)."""
    if not yaml.__with_libyaml__:
        return None
    depth = 5_000
    try:
        yaml.compose("[" * depth + "]" * depth, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return yaml.CSafeLoader
    return None


# Where libyaml reads differently from the Python parser: it takes a tab for a space, a
# comment straight after a block scalar's header, a "?" inside a plain value in brackets,
# odd characters in a tag and a byte order mark after the start, which the Python parser
# refuses or reads otherwise. A document with any of these characters is read by the latter.
_PYTHON_ONLY = re.compile(r"[\t?!]|(?!\A)\ufeff|[|>][-+0-9]{0,2}#")


def read_yaml(file: str, source: str) -> YamlDocument | Problem:
    """Parse one YAML document; a syntax error or a refused construct comes back as a Problem."""
    if len(source) > MAX_SPEC_CHARACTERS:
        return Problem("yaml.file_too_large", {"limit": MAX_SPEC_CHARACTERS}, Location(file))
    loader = _libyaml_loader()
    if loader is not None and _PYTHON_ONLY.search(source) is None:
        read = _read(file, source, loader)
        if read is not None:
            return read
    read = _read(file, source, yaml.SafeLoader)
    assert read is not None  # the Python parser's reading is the reference
    return read


def _read(file: str, source: str, loader: type[yaml.SafeLoader | yaml.CSafeLoader]
          ) -> YamlDocument | Problem | None:
    """The document as read with ``loader``; None when libyaml's reading could differ from
    the Python parser's (a refused document: its error is told in the Python parser's words;
    an empty value: libyaml places it elsewhere; a deep document: the Python parser's
    recursion limit decides)."""
    exact = loader is yaml.SafeLoader
    too_deep = Problem("yaml.too_deep", {}, Location(file)) if exact else None
    try:
        node = yaml.compose(source, Loader=loader)
    except RecursionError:
        return too_deep
    except yaml.MarkedYAMLError as exc:
        return _syntax_problem(file, exc) if exact else None
    except yaml.reader.ReaderError as exc:
        return _reader_problem(file, source, exc) if exact else None
    except yaml.YAMLError as exc:
        return Problem("yaml.syntax", {"detail": str(exc)}, Location(file)) if exact else None
    if node is None:
        return Problem("yaml.empty", {}, Location(file, 1, 1))
    builder = _Builder(file, exact=exact)
    try:
        data = builder.build(node, ())
    except _RefusedYamlError as refusal:
        return refusal.problem
    except RecursionError:
        return too_deep
    except _ReadAgainError:
        return None
    return YamlDocument(file, data, Frozen(builder.positions),
                        Frozen(builder.key_positions))


def _syntax_problem(file: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    detail = exc.problem or str(exc)
    escape = re.search(_ESCAPE, detail)
    if escape is not None:  # inside a quoted text, but the text is closed
        return Problem("yaml.why.escape", escape.groupdict(), Location(file, line, col))
    started = exc.context_mark
    what = next((key for phrase, key in _UNFINISHED.items()
                 if phrase in (exc.context or "")), None)
    if what and started is not None and (started.line + 1, started.column + 1) != (line, col):
        # "end of stream" points at the end of the file; the cause is where the
        # unclosed quote or bracket began.
        said = next((Key(key) for phrase, key in _STARTED.items() if phrase in detail), detail)
        return Problem("yaml.syntax_started",
                       {"detail": said, "context": Key(f"yaml.unfinished.{what}"),
                        "line": started.line + 1, "col": started.column + 1},
                       Location(file, line, col))
    for pattern, code in _PHRASES:
        found = re.search(pattern, detail)
        if found is not None:
            return Problem(code, found.groupdict(), Location(file, line, col))
    return Problem("yaml.syntax", {"detail": detail}, Location(file, line, col))


def _reader_problem(file: str, source: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character PyYAML's reader refuses, at its line and column."""
    at = min(max(exc.position, 0), len(source))
    line = source.count("\n", 0, at) + 1
    col = at - (source.rfind("\n", 0, at) + 1) + 1
    return Problem("yaml.why.control", {"code": f"U+{exc.character:04X}"},
                   Location(file, line, col))
