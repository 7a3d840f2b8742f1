"""Every public class and function of the library and the command line says what it is for."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "engine" / "mayak", ROOT / "cli" / "mayak_cli")


def _undocumented(body: list[ast.stmt], prefix: str) -> list[str]:
    missing = []
    for node in body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if node.name.startswith("_"):
            continue  # private, or a dunder method documented by Python itself
        if ast.get_docstring(node) is None:
            missing.append(f"{prefix}{node.name}")
        if isinstance(node, ast.ClassDef):
            missing.extend(_undocumented(node.body, f"{prefix}{node.name}."))
    return missing


def test_every_public_class_and_function_has_a_docstring() -> None:
    missing = [f"{path.relative_to(ROOT)}: {name}"
               for source in SOURCES for path in sorted(source.rglob("*.py"))
               for name in _undocumented(ast.parse(path.read_text("utf-8")).body, "")]
    assert missing == []
