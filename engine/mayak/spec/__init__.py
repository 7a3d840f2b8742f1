"""Spec files: safe YAML, JSON Schema validation, and the immutable spec objects.

The public names are imported on first use (PEP 562), so that importing the package does
not import Polars or jsonschema.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mayak.spec._model import (
        Admission,
        Basis,
        Column,
        Criterion,
        Dataset,
        Indicator,
        Manifest,
        RecommendationRule,
        Recommendations,
        Rounding,
        Source,
        Target,
        Targets,
        Variable,
    )
    from mayak.spec._schema import editor_schemas

__all__ = [
    "Admission",
    "Basis",
    "Column",
    "Criterion",
    "Dataset",
    "Indicator",
    "Manifest",
    "RecommendationRule",
    "Recommendations",
    "Rounding",
    "Source",
    "Target",
    "Targets",
    "Variable",
    "editor_schemas",
]
_HOMES = {name: "mayak.spec._model" for name in __all__} | {
    "editor_schemas": "mayak.spec._schema"}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
