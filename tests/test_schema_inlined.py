"""The validators with their references inlined find the same errors, in the same order, as
the packaged schemas validated as written."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mayak.spec._schema import KINDS, _strict, _validator, editor_schemas, schema

from tests.spec_documents import DOCUMENTS, damaged


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


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_same_errors_on_damaged_specs(data: st.DataObject) -> None:
    document = damaged(data, _VALUES, st.sampled_from(["extra", "Bad key", "title", "rules"]))
    kind = document["kind"]
    assert _errors(kind, document, inlined=True) == _errors(kind, document, inlined=False)
