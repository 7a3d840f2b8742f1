"""The quick check (jsonschema-rs) passes a document only when jsonschema finds no error in
it, and passes the repository's valid specs, so that they are checked without jsonschema."""

from __future__ import annotations

import copy
import re
import sys
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mayak.spec._schema import KINDS, _validator, schema
from mayak.spec._schema_quick import _RS_NOT_SPACE, plainly_valid
from mayak.spec._yaml import bad_character

from tests.spec_documents import DOCUMENTS, damaged


def _valid(kind: str, data: Any) -> bool:
    return not any(True for _ in _validator(kind).iter_errors(data))


@pytest.mark.parametrize("number", range(len(DOCUMENTS)))
def test_the_repository_specs_pass_quickly_when_valid(number: int) -> None:
    data = DOCUMENTS[number]
    assert plainly_valid(data["kind"], data) == _valid(data["kind"], data)


# Values the two validators may read differently: whole numbers with a point, very large
# numbers, texts blank to Python but not to Rust (and the other way), a key with a line break
# after it, and values that are not JSON's.
_ODD = ["\x1c", " \x85 ", "\ufeff", "\u3000", "\u00a0", "id\n", "Bad__name", "a", "a b", 0.0,
        -0.0, 1.0, 2.5, 2**53, 2**53 + 1, -(2**60), 1e-300, float("inf"), float("nan"), False,
        ("x",), b"x", {1: "x"}, ["a", "a"], ["a", "a\n"], [1, 1.0], [1, True]]
_VALUES = st.sampled_from([None, 0, 1.5, -3, True, "", "x", "Bad-Id", [], [1, "a"], {},
                           {"unknown": 1}, {"count": "teachers"}, {"document": "d"}, *_ODD])
_KEYS = st.sampled_from(["extra", "Bad key", "title", "rules", "id\n", "x\x1c", "id"])


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_a_document_passes_quickly_only_when_jsonschema_finds_no_error(
        data: st.DataObject) -> None:
    document = damaged(data, _VALUES, _KEYS)
    kind = document["kind"]
    if plainly_valid(kind, document):
        assert _valid(kind, document), document


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict | list):
        items = node.items() if isinstance(node, dict) else enumerate(node)
        return [leaf for key, value in items for leaf in _leaves(value, (*path, key))]
    odd = isinstance(node, int | str) and not isinstance(node, bool) and path != ("kind",)
    return [path] if odd else []


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_value_written_oddly_passes_quickly_only_when_jsonschema_finds_no_error(
        data: st.DataObject) -> None:
    # One whole number written with a point, or one text made blank to Python only, or given
    # a line break at its end: the values the two validators read differently.
    document = copy.deepcopy(data.draw(st.sampled_from(DOCUMENTS)))
    path = data.draw(st.sampled_from(_leaves(document)))
    parent: Any = document
    for key in path[:-1]:
        parent = parent[key]
    value = parent[path[-1]]
    parent[path[-1]] = float(value) if isinstance(value, int) else data.draw(
        st.sampled_from([f"{value}\n", "\x1c", " \x85 ", "\ufeff", "\u3000"]))
    kind = document["kind"]
    if plainly_valid(kind, document):
        assert _valid(kind, document), document


@pytest.mark.parametrize("value", [0.0, 2.0, -1.0])
def test_a_whole_number_with_a_point_is_left_to_jsonschema(value: float) -> None:
    data = next(d for d in DOCUMENTS if d["kind"] == "indicator" and "rounding" in d)
    data = {**data, "rounding": value}
    assert not plainly_valid("indicator", data)
    assert not _valid("indicator", data)  # refused: an integer is written without a point


def test_characters_read_differently_by_the_patterns_are_left_to_jsonschema() -> None:
    # Every character that jsonschema-rs takes for a letter and Python for a space: a text
    # of it alone is blank to jsonschema, not to jsonschema-rs.
    rust = jsonschema_rs.validator_for({"type": "string", "pattern": r"\S"})
    characters = (chr(code) for code in range(sys.maxunicode + 1)
                  if not 0xD800 <= code <= 0xDFFF)
    letters_to_rust = {c for c in characters
                       if rust.is_valid(c) and re.search(r"\S", c) is None}
    assert letters_to_rust, "the two validators now agree: _RS_NOT_SPACE may go"
    assert letters_to_rust == {c for c in letters_to_rust if _RS_NOT_SPACE.search(c)}
    # A spec file cannot hold them anyway: reading it refuses control characters.
    assert all(bad_character(c) for c in letters_to_rust)


def _patterns(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(_patterns(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_patterns(item) for item in node))
    return set()


@pytest.mark.parametrize("pattern", sorted(set().union(*(_patterns(schema(k)) for k in KINDS))))
def test_no_pattern_of_the_schemas_passes_in_rust_what_python_refuses(pattern: str) -> None:
    # The quick check is sound for the patterns the schemas use: a text jsonschema-rs lets
    # through, Python's `re` (jsonschema's) lets through too. Each character of the Basic
    # Multilingual Plane alone, after a letter and before one; a character the quick check
    # sets aside (_RS_NOT_SPACE) is left to jsonschema.
    rust = jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    python = re.compile(pattern)
    texts = (text for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF
             for text in (chr(code), "a" + chr(code), chr(code) + "a"))
    passed_by_rust_only = [text for text in texts if rust.is_valid(text)
                           and python.search(text) is None and not _RS_NOT_SPACE.search(text)]
    assert passed_by_rust_only == []
