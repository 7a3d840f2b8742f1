"""The validators with their references inlined find the same errors, in the same order, as
the packaged schemas validated as written."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mayak.spec._schema import KINDS, _strict, _validator, editor_schemas, schema
from mayak.spec._yaml import YamlDocument, read_yaml

ROOT = Path(__file__).resolve().parent.parent


def _documents() -> list[dict[str, Any]]:
    found = []
    for path in sorted([*ROOT.glob("rules/**/*.yaml"), *ROOT.glob("indicators/**/*.yaml"),
                        *ROOT.glob("examples/*/rules/**/*.yaml"),
                        *ROOT.glob("tests/fixtures/**/*.yaml")]):
        document = read_yaml(path.name, path.read_text("utf-8", errors="replace"))
        if (isinstance(document, YamlDocument) and isinstance(document.data, dict)
                and document.data.get("kind") in KINDS):
            found.append(document.data)
    return found


DOCUMENTS = _documents()


def _errors(kind: str, data: Any, *, inlined: bool) -> list[tuple[Any, ...]]:
    validator = _validator(kind) if inlined else _strict()(schema(kind))
    # The code reads, of an error's schema, only the names of its properties.
    return [(tuple(e.absolute_path), e.validator, repr(e.validator_value), repr(e.instance),
             sorted(e.schema.get("properties", {})) if isinstance(e.schema, dict) else None,
             e.message) for e in validator.iter_errors(data)]


def test_no_reference_is_left_and_the_schemas_are_unchanged() -> None:
    for kind in KINDS:
        assert '"$ref"' in editor_schemas()[f"{kind}.schema.json"]
        assert "$ref" not in repr({k: v for k, v in _validator(kind).schema.items()
                                   if k != "$defs"})


def test_the_documents_are_found() -> None:
    assert {d["kind"] for d in DOCUMENTS} == set(KINDS)


@pytest.mark.parametrize("number", range(len(DOCUMENTS)))
def test_same_errors_on_the_repository_specs(number: int) -> None:
    data = DOCUMENTS[number]
    assert _errors(data["kind"], data, inlined=True) == _errors(data["kind"], data,
                                                                 inlined=False)


_VALUES = st.sampled_from([None, 0, 0.0, 1.5, -3, True, "", "x", "Bad-Id", [], [1, "a"], {},
                           {"unknown": 1}, {"count": "teachers"}, {"document": "d"}])


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    items = node.items() if isinstance(node, dict) else (
        enumerate(node) if isinstance(node, list) else [])
    for key, value in items:
        if path or key != "kind":
            out += _paths(value, (*path, key))
    return out


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_same_errors_on_damaged_specs(data: st.DataObject) -> None:
    document = copy.deepcopy(data.draw(st.sampled_from(DOCUMENTS)))
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(_paths(document)[1:] or [("x",)]))
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["extra", "Bad key", "title", "rules"]))] = (
                copy.deepcopy(data.draw(_VALUES)))
        elif isinstance(parent, dict | list):
            parent[path[-1]] = copy.deepcopy(data.draw(_VALUES))
    kind = document["kind"]
    assert _errors(kind, document, inlined=True) == _errors(kind, document, inlined=False)
