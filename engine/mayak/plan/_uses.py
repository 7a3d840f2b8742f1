"""Which columns of each dataset the compiled row expressions read.

Evaluation reads a dataset's columns in two ways only: through the variables' ``where`` and
``of`` expressions, and as the key of a level. A text column that no expression reads need
not be tidied before evaluation: as a level its keys can be checked once aggregated.
"""

from __future__ import annotations

from collections.abc import Mapping

from mayak.expr._compile import CompileError
from mayak.expr._scope import is_own_column
from mayak.plan._indicators import IndicatorPlan
from mayak.plan._lookups import AddedPlan, file_columns
from mayak.plan._outcome import names_or_none
from mayak.spec._model import Dataset


def columns_read(indicators: Mapping[str, IndicatorPlan], datasets: Mapping[str, Dataset],
                 added: Mapping[str, AddedPlan] | None = None) -> dict[str, frozenset[str]]:
    """Per dataset, the columns the variables' expressions read (every column of the
    dataset when an expression did not compile: nothing is assumed then); a looked-up or
    derived column (``added``) counts as the file's columns it comes from."""
    read: dict[str, set[str]] = {}
    for compiled in indicators.values():
        for variable in compiled.variables.values():
            dataset = datasets.get(variable.variable.dataset)
            if dataset is None:
                continue
            names = read.setdefault(variable.variable.dataset, set())
            if dataset.period is not None:  # which period a row is in
                names.add(dataset.period)
            for text, outcome in ((variable.variable.where, variable.where),
                                  (variable.variable.of, variable.of)):
                if isinstance(outcome, CompileError):
                    names.update(dataset.columns)
                elif outcome is not None and text:
                    # What Polars will read, and (should a function read a column the text
                    # does not name, or the text one Polars does not) what the text names.
                    roots = {r for r in outcome.expr.meta.root_names() if not is_own_column(r)}
                    row = dataset.row_columns.keys()
                    names.update(roots if roots <= row else dataset.columns)
                    names.update(names_or_none(text) & row)
    return {name: frozenset(file_columns(datasets[name], columns, (added or {}).get(name))
                            if datasets[name].added else columns)
            for name, columns in read.items()}
