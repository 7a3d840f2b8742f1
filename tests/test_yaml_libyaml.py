"""libyaml and the Python parser give the same documents, positions and refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mayak.messages._problems import Problem
from mayak.spec import _yaml
from mayak.spec._yaml import YamlDocument, read_yaml

ROOT = Path(__file__).resolve().parent.parent
Outcome = tuple[object, ...]

pytestmark = pytest.mark.skipif(_yaml._libyaml_loader() is None,
                                reason="PyYAML without libyaml (or libyaml without a depth bound)")


def _outcome(document: YamlDocument | Problem) -> Outcome:
    if isinstance(document, Problem):
        return ("problem", document.code, dict(document.params), document.location)
    return ("document", document.data, dict(document.positions), dict(document.key_positions))


def _both(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Outcome, Outcome]:
    fast = _outcome(read_yaml("f.yaml", source))
    with monkeypatch.context() as patched:
        python_only: Callable[[], None] = lambda: None  # noqa: E731
        patched.setattr(_yaml, "_libyaml_loader", python_only)
        slow = _outcome(read_yaml("f.yaml", source))
    return fast, slow


def test_libyaml_is_used() -> None:
    assert _yaml._libyaml_loader() is yaml.CSafeLoader


@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT).as_posix() for p in [
    *ROOT.glob("rules/**/*.yaml"), *ROOT.glob("indicators/**/*.yaml"),
    *ROOT.glob("tests/**/*.yaml"), *ROOT.glob("examples/**/*.yaml")]))
def test_same_on_every_spec_of_the_repository(path: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = (ROOT / path).read_text("utf-8", errors="replace")
    fast, slow = _both(source, monkeypatch)
    assert fast == slow


TRICKY = [
    "a: 1\na: 2\n",  # duplicate key
    "a: !!python/object:os.system x\n",  # object tag
    "a: &x [1, 2]\nb: *x\nc: *x\n",  # aliases
    "a: &a [*a]\n",  # an alias inside its own anchor
    "a: 'unclosed\n",
    "a: [1, 2\n",
    "a: {b: 1\n",
    "a:\tb\n",
    "a: \x01\n",  # a control character the reader refuses
    'a: "\\x01"\n',  # the same, escaped
    'a: "\\ud800"\n',  # a lone surrogate
    'a: "\\u202e"\n',  # a bidi control
    "\ufeffa: 1\n",  # a byte order mark
    "a: 1\r\nb: 'x\r\n  y'\r\n",
    "? [a]\n: 1\n",  # a complex key
    "<<: {a: 1}\n",  # a merge key
    "a: 1e400\nb: 0x1F\nc: 1:30\n",
    "--- a\n--- b\n",  # two documents
    "",
    "# only a comment\n",
    "a: |\n  line\n   more\nb: >-\n  folded\n  text\n",
    "ключ: «значение»\nдругой: 'в кавычках'\n",
    "a: \U0001d419\nb: \"\U0001d419 x\"\n",
    "[" * 600 + "]" * 600,
    "x: " + "[" * 1100 + "]" * 1100,
]


@pytest.mark.parametrize("source", TRICKY)
def test_same_on_tricky_documents(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(source, monkeypatch)
    assert fast == slow


_PIECES = st.sampled_from([
    "a", "b", "ключ", ":", ": ", "\n", "  ", "-", "- ", "[", "]", "{", "}", ",", "'", '"',
    "&x ", "*x", "!!str ", "!!int ", "!t ", "#", "?", "|", ">", "1", "0x1F", "1.5", "true",
    "yes", "null", "~", "2023-05-31", "\t", "\\", "\\n", "\\u202e", "\x85", "\u2028", "%",
    "---", "...", "@", "`", "\r\n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_same_on_generated_documents(source: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = _both(source, monkeypatch)
    assert fast == slow
