"""Mayak: a declarative rules engine for monitoring teachers' professional development.

Indicators, planned values, datasets and admission rules are YAML specs; Mayak validates
them, compiles their expressions to Polars and evaluates whole data sets at once::

    import mayak
    rules = mayak.load(["rules/kaliningrad"])
    data = rules.read("examples/kaliningrad-2023/data")
    result = rules.evaluate(data, levels=["municipality"])
    result.indicators          # a polars DataFrame
"""

from mayak._load import load
from mayak._ruleset import Ruleset
from mayak.evaluate._result import InputData, Result
from mayak.messages._catalogue import text
from mayak.messages._problems import DataError, Location, MayakError, Problem, SpecError
from mayak.screen._screen import Screening

__all__ = [
    "DataError",
    "InputData",
    "Location",
    "MayakError",
    "Problem",
    "Result",
    "Ruleset",
    "Screening",
    "SpecError",
    "load",
    "text",
]
__version__ = "0.1.0"
