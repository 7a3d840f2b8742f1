"""The repository's spec documents, and damaged copies of them, for the schema tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from mayak.spec._schema import KINDS
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


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    items = node.items() if isinstance(node, dict) else (
        enumerate(node) if isinstance(node, list) else [])
    for key, value in items:
        if path or key != "kind":
            out += _paths(value, (*path, key))
    return out


def damaged(data: st.DataObject, values: st.SearchStrategy[Any],
            keys: st.SearchStrategy[str]) -> dict[str, Any]:
    """A copy of one of ``DOCUMENTS`` with one to four values replaced, deleted or added."""
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
            parent[data.draw(keys)] = copy.deepcopy(data.draw(values))
        elif isinstance(parent, dict | list):
            parent[path[-1]] = copy.deepcopy(data.draw(values))
    return document
