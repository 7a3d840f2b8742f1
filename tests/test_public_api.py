"""The command line uses only the public API, and the public API is whole and documented."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import mayak
import pytest
from msgspec import Struct

ROOT = Path(__file__).resolve().parent.parent
CLI_MODULES = sorted((ROOT / "cli").rglob("*.py"))
GUARDED = ("mayak", "click")  # packages whose private modules the command line must not use
PACKAGES = ["mayak", "mayak.messages", "mayak.files", "mayak.spec", "mayak.io", "mayak.render"]


def _private_imports(path: Path) -> list[str]:
    """Every import in ``path`` of a module path, or a name from a package, with a component
    starting with ``_``, from one of the GUARDED packages."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            paths = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            paths = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for dotted in paths:
            parts = dotted.split(".")
            if parts[0] in GUARDED and any(part.startswith("_") for part in parts):
                found.append(f"{path.name}:{node.lineno}: {dotted}")
    return found


def test_the_command_line_modules_are_found() -> None:
    assert {p.name for p in CLI_MODULES} >= {"__init__.py", "_main.py", "_click.py"}


@pytest.mark.parametrize("path", CLI_MODULES, ids=lambda p: p.name)
def test_the_command_line_imports_no_private_module(path: Path) -> None:
    assert _private_imports(path) == []


def test_the_check_sees_private_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import mayak.spec._model\nfrom mayak.io._read import has_file\n"
                      "from mayak import _load\nfrom click._termui_impl import ProgressBar\n"
                      "from mayak.io import has_file\nimport click\nfrom os import _exit\n")
    found = [line.split(": ")[1] for line in _private_imports(module)]
    assert found == ["mayak.spec._model", "mayak.io._read", "mayak.io._read.has_file",
                     "mayak._load", "click._termui_impl", "click._termui_impl.ProgressBar"]


def _own_doc(value: object) -> str:
    """The docstring written for ``value`` itself: not one a class inherits (a record
    without its own would show ``msgspec.Struct``'s), nor the signature a dataclass makes
    up."""
    doc = value.__dict__.get("__doc__") if inspect.isclass(value) else inspect.getdoc(value)
    name = getattr(value, "__name__", "")
    return "" if not doc or doc.startswith(f"{name}(") else str(doc)


def test_a_class_without_its_own_docstring_is_found() -> None:
    class Bare(Struct, frozen=True):
        value: int

    class Told(Struct, frozen=True):
        """A record with its own docstring."""

        value: int

    assert not _own_doc(Bare)  # not msgspec.Struct's, which it inherits
    assert _own_doc(Told)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_resolves_and_is_documented(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        assert value is not None, f"{package}.{name}"
        if inspect.isclass(value) or inspect.isfunction(value):
            assert _own_doc(value), f"{package}.{name} has no docstring"
        assert name in dir(module)
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018


def test_the_spec_types_are_the_model_dataclasses() -> None:
    from mayak.spec import _model  # noqa: PLC0415

    dataclasses = {name for name, value in vars(_model).items()
                   if inspect.isclass(value) and value.__module__ == _model.__name__}
    assert dataclasses <= set(mayak.__all__)
    assert mayak.Dataset is _model.Dataset


def test_the_format_names_are_the_renderers() -> None:
    from mayak import render  # noqa: PLC0415

    assert tuple(sorted(render.REPORT_RENDERERS)) == render.REPORT_FORMATS
    assert tuple(render.SCREENING_RENDERERS) == render.SCREENING_FORMATS
