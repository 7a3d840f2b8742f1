"""Mayak: a declarative rules engine for monitoring teachers' professional development.

Indicators, planned values, datasets and admission rules are YAML specs; Mayak validates
them, compiles their expressions to Polars and evaluates whole data sets at once::

    import mayak
    rules = mayak.load(["rules/kaliningrad"])
    data = rules.read("examples/kaliningrad-2023/data")
    result = rules.evaluate(data, levels=["municipality"])
    result.indicators          # a polars DataFrame

The public names are imported on first use (PEP 562): ``import mayak`` alone imports
neither Polars nor jsonschema, so that a command line built on it starts at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mayak._lazy import lazy_exports
from mayak._version import __version__ as __version__

if TYPE_CHECKING:
    from mayak._load import load
    from mayak._ruleset import Ruleset
    from mayak.evaluate._result import InputData, Result
    from mayak.files._provenance import FileHash, Provenance
    from mayak.messages._catalogue import text
    from mayak.messages._problems import DataError, Location, MayakError, Problem, SpecError
    from mayak.screen._screen import Screening
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
        Dated,
        DatedMax,
        FormulaVersion,
        Indicator,
        InForce,
        Lookup,
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
    from mayak.spec._period import Period, parse_period

__all__ = [
    "Admission",
    "Audit",
    "AuditColumn",
    "Basis",
    "ClassRule",
    "Classification",
    "Column",
    "Criterion",
    "DataError",
    "Dataset",
    "Dated",
    "DatedMax",
    "FileHash",
    "FormulaVersion",
    "InForce",
    "Indicator",
    "InputData",
    "Location",
    "Lookup",
    "Manifest",
    "MayakError",
    "Period",
    "Problem",
    "Provenance",
    "RecommendationRule",
    "Recommendations",
    "Report",
    "ReportSection",
    "Result",
    "Rounding",
    "Ruleset",
    "Scoring",
    "Screening",
    "Section",
    "Source",
    "SpecError",
    "SpecSet",
    "Target",
    "Targets",
    "Variable",
    "load",
    "parse_period",
    "text",
]

_SPEC_TYPES = ("Admission", "Audit", "AuditColumn", "Basis", "ClassRule", "Classification",
               "Column", "Criterion", "Dataset", "Dated", "DatedMax", "FormulaVersion",
               "InForce", "Indicator", "Lookup", "Manifest", "RecommendationRule",
               "Recommendations", "Report", "ReportSection", "Rounding", "Scoring",
               "Section", "Source", "SpecSet", "Target", "Targets", "Variable")
_HOMES = {
    "load": "mayak._load",
    "Ruleset": "mayak._ruleset",
    "InputData": "mayak.evaluate._result",
    "Result": "mayak.evaluate._result",
    "FileHash": "mayak.files._provenance",
    "Provenance": "mayak.files._provenance",
    "text": "mayak.messages._catalogue",
    "DataError": "mayak.messages._problems",
    "Location": "mayak.messages._problems",
    "MayakError": "mayak.messages._problems",
    "Problem": "mayak.messages._problems",
    "SpecError": "mayak.messages._problems",
    "Screening": "mayak.screen._screen",
    "Period": "mayak.spec._period",
    "parse_period": "mayak.spec._period",
} | {name: "mayak.spec._model" for name in _SPEC_TYPES}


__getattr__, __dir__ = lazy_exports(__name__, __all__, _HOMES)
