"""Spec files: safe YAML, JSON Schema validation, and the immutable spec objects.

The public names are imported on first use (PEP 562), so that importing the package does
not import Polars or jsonschema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mayak._lazy import lazy_exports

if TYPE_CHECKING:
    from mayak.spec._model import (
        Admission,
        Audit,
        AuditColumn,
        Basis,
        Classification,
        ClassRule,
        Column,
        Criterion,
        Dataset,
        DatedMax,
        Indicator,
        Manifest,
        RecommendationRule,
        Recommendations,
        Report,
        ReportSection,
        Rounding,
        Scoring,
        Section,
        Source,
        SpecSet,
        Target,
        Targets,
        Variable,
    )
    from mayak.spec._schema import editor_schemas

__all__ = [
    "Admission",
    "Audit",
    "AuditColumn",
    "Basis",
    "ClassRule",
    "Classification",
    "Column",
    "Criterion",
    "Dataset",
    "DatedMax",
    "Indicator",
    "Manifest",
    "RecommendationRule",
    "Recommendations",
    "Report",
    "ReportSection",
    "Rounding",
    "Scoring",
    "Section",
    "Source",
    "SpecSet",
    "Target",
    "Targets",
    "Variable",
    "editor_schemas",
]
_HOMES = {name: "mayak.spec._model" for name in __all__} | {
    "editor_schemas": "mayak.spec._schema"}


__getattr__, __dir__ = lazy_exports(__name__, __all__, _HOMES)
