"""The compiled form of an indicator: its variables' conditions and values, its formula."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from msgspec import Struct

from mayak._frozen import Frozen
from mayak.expr._compile import CompileError
from mayak.expr._scope import (
    IN_PERIOD,
    PERIOD_NAMES,
    formula_scope,
    period_column,
    row_scope,
    variable_column,
)
from mayak.plan._columns import aggregate, formula_steps, no_formula
from mayak.plan._outcome import Outcome, attempt, names_or_none
from mayak.spec._model import Dataset, Indicator, Variable
from mayak.spec._period import Period


class VariablePlan(Struct, frozen=True, eq=False):
    """A variable's ``where`` and ``of`` compiled over its dataset's rows (None: not given,
    or its dataset is unknown). ``period_fields``: the fields naming the reporting period.
    ``rows``: the rows it aggregates, ``where`` and (for a dataset with a period column)
    the rows of its period together (None: every row).
    ``together`` / ``apart``: its aggregation expressions, with the value or (the value
    computed by a query of its own) without it; None when an expression does not compile."""

    variable: Variable
    column: str
    known_dataset: bool
    where: Outcome | None
    of: Outcome | None
    period_fields: tuple[str, ...]
    together: tuple[pl.Expr, ...] | None = None
    apart: tuple[pl.Expr, ...] | None = None
    rows: pl.Expr | None = None


class IndicatorPlan(Struct, frozen=True, eq=False):
    """An indicator with its variables and formula compiled. The formula reads the
    variables and the other indicators' unrounded values as columns of the aggregates.
    ``steps``: the columns the formula adds to the aggregates, in two steps (None: it does
    not compile)."""

    indicator: Indicator
    variables: Mapping[str, VariablePlan]
    formula: Outcome
    steps: tuple[tuple[pl.Expr, ...], ...] | None = None
    # A formula written by period: each version compiled, with its steps (None: it does not
    # compile); ``formula`` and ``steps`` are then the first version's.
    versions: tuple[tuple[Outcome, tuple[tuple[pl.Expr, ...], ...] | None], ...] = ()

    def steps_in(self, period: Period | None) -> tuple[tuple[pl.Expr, ...], ...] | None:
        """The steps of the formula in force in ``period`` (None: it does not compile); a
        formula by period with no version in force gives «нет данных»."""
        if not self.versions:
            return self.steps
        version = self.indicator.version_in(period)
        if version is None:
            return no_formula(self.indicator.id)
        return self.versions[version.index][1]


def plan_variable(indicator: Indicator, variable: Variable,
                  datasets: Mapping[str, Dataset]) -> VariablePlan:
    """Compile ``variable`` over the rows of its dataset (the period is a column)."""
    column = variable_column(indicator.id, variable.name)
    dataset = datasets.get(variable.dataset)
    if dataset is None:
        return VariablePlan(variable, column, False, None, None, ())
    scope = row_scope(dataset, previous=variable.previous)
    texts = {"where": variable.where, "of": variable.of}
    compiled = {field: attempt(text, scope) if text else None for field, text in texts.items()}
    on_period = tuple(field for field, text in texts.items() if text and any(
        name in PERIOD_NAMES and name not in dataset.columns for name in names_or_none(text)))
    where, of = compiled["where"], compiled["of"]
    rows = None if isinstance(where, CompileError) or where is None else where.expr
    if dataset.period is not None:
        # A row outside the period is not unknown: it is not there (False, never null).
        in_period = pl.col(period_column(IN_PERIOD, previous=variable.previous))
        rows = in_period if rows is None else in_period & rows
    together = apart = None
    if not isinstance(where, CompileError) and not isinstance(of, CompileError) and (
            of is not None or variable.aggregation == "count"):
        exprs = (rows, None if of is None else of.expr)
        together = aggregate(variable, column, *exprs)
        apart = aggregate(variable, column, *exprs, value_elsewhere=True)
    return VariablePlan(variable, column, True, where, of, on_period, together, apart, rows)


def plan_indicator(indicator: Indicator, datasets: Mapping[str, Dataset],
                   indicators: Mapping[str, Indicator]) -> IndicatorPlan:
    """Compile every expression of ``indicator`` once."""
    variables = {name: plan_variable(indicator, variable, datasets)
                 for name, variable in indicator.variables.items()}
    # Dataset columns are in scope only to say where they belong: a formula that compiles
    # does not use them, so its expression is the one evaluation needs.
    scope = formula_scope(indicator, indicators, datasets)
    versions = []
    for text in indicator.formulas:  # one, or one per period
        formula = attempt(text, scope)
        versions.append((formula, None if isinstance(formula, CompileError) else formula_steps(
            indicator.id, formula, indicator.rounding)))
    formula, steps = versions[0]
    return IndicatorPlan(indicator, Frozen(variables), formula, steps,
                         tuple(versions) if indicator.versions else ())
