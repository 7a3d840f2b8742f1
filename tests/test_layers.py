"""The folder tree is the import tree: the contracts in pyproject.toml hold, and no stage
reaches up to the facade."""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "engine" / "mayak"


def test_import_contracts_hold() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                        no_logo=True) == 0


def _imports_of(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
        elif isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
    return modules


def test_stages_never_import_the_facade() -> None:
    """A stage module imports other stages by their own path, never ``mayak`` itself, whose
    ``__init__`` is the public face of them all."""
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in LIBRARY.rglob("*.py") if path.parent != LIBRARY
        for module in _imports_of(path) if module == "mayak"
    ]
    assert offenders == []
