"""The compiled form of a classification: the class of a row, as one Polars expression
(a chain of conditions over the rounded value, or a mapping of the attribute's values)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from msgspec import Struct

from mayak.expr._compile import CompileError, Name, Typed, finite
from mayak.expr._rounding import rounded
from mayak.io._coerce import tidy
from mayak.plan._outcome import Outcome, attempt
from mayak.spec._model import Classification, ClassRule, Column, Dataset

_STRING = pl.String


class ClassificationPlan(Struct, frozen=True, eq=False):
    """``value``: the compiled expression the bins are over (None: the classes come from an
    attribute); ``shown``: what a unit is classed by, as a number or text (None: does not
    compile); ``expr``: the class of each row (None: does not compile). Rows whose value is
    unknown, or outside every class, have no class."""

    spec: Classification
    value: Outcome | None
    shown: pl.Expr | None
    expr: pl.Expr | None


def normalised_value(text: pl.Expr) -> pl.Expr:
    """An attribute's value as classes list it: text, trimmed, lower-cased."""
    return tidy(text.cast(_STRING)).str.to_lowercase()


def _rounded(value: pl.Expr, rounding: str) -> pl.Expr:
    if rounding == "floor":
        return value.floor()
    if rounding == "ceil":
        return value.ceil()
    if rounding == "half_up":  # away from zero at .5, as people round
        return rounded(value, 0)
    return value


def _inside(value: pl.Expr, rule: ClassRule) -> pl.Expr:
    inside = pl.lit(True)
    if rule.low is not None:
        inside = inside & (value >= rule.low if rule.low_inclusive else value > rule.low)
    if rule.high is not None:
        inside = inside & (value <= rule.high if rule.high_inclusive else value < rule.high)
    return inside


def _by_bins(value: pl.Expr, spec: Classification) -> pl.Expr:
    classed = pl.lit(None, _STRING)
    for rule in reversed(spec.classes):  # the first class whose bounds hold
        classed = pl.when(_inside(value, rule)).then(pl.lit(rule.id, _STRING)).otherwise(classed)
    # An unknown value meets no condition: its class is unknown, never the last one.
    return pl.when(value.is_not_null()).then(classed)


def value_column(spec: Classification) -> str:
    """The column holding a binned classification's value while its class is computed."""
    return f"_value.{spec.id}"


def class_steps(plan: ClassificationPlan) -> tuple[tuple[pl.Expr, ...], ...]:
    """The steps adding the class column (none if it does not compile). Bins read their
    value from a column of its own, computed in the step before: one expression repeating
    the value in every bound would cost Polars' optimiser some 10 ms per query."""
    if plan.expr is None:
        return ()
    if plan.shown is None or plan.value is None:
        return ((plan.expr.alias(plan.spec.id),),)
    value = value_column(plan.spec)
    return ((plan.shown.alias(value),),
            (_by_bins(pl.col(value), plan.spec).alias(plan.spec.id),))


def _by_attribute(column: pl.Expr, spec: Classification,
                  categories: tuple[str, ...] | None = None) -> pl.Expr:
    """Each row's class from its attribute value (``column``). With ``categories``, the
    only values the column can hold (a category column), each is classed once here, and
    the rows look their value up: tidying and lower-casing every cell costs several times
    more."""
    mapping = {value.lower(): rule.id for rule in spec.classes for value in rule.values}
    # A yes/no column reads as «да»/«нет»: a class listing true or yes means «да».
    yes_no = {"true": "да", "yes": "да", "false": "нет", "no": "нет"}
    mapping.update({yes_no[said]: mapping[said] for said in list(mapping) if said in yes_no})
    classed = normalised_value(column).replace_strict(mapping, default=None,
                                                      return_dtype=_STRING)
    roots = column.meta.root_names()
    if not categories or len(roots) != 1:
        return classed
    # A loop over the spec's values (a few words), not over data rows.
    values = pl.Series(roots[0], categories, dtype=_STRING)
    classes = values.to_frame().select(classed).to_series()
    return column.replace_strict(values, classes, default=None, return_dtype=_STRING)


def plan_classification(spec: Classification, scope: Mapping[str, Name]
                        ) -> ClassificationPlan:
    """Compile ``spec`` over the names of its dataset's rows (``scope``)."""
    if spec.attribute is not None:
        name = scope.get(spec.attribute)
        if name is None or spec.value is not None:
            return ClassificationPlan(spec, None, None, None)
        written = name.expr
        if name.kind == "boolean":  # classes list yes/no values as «да»/«нет» (or true/false)
            written = pl.when(written).then(pl.lit("да")).when(~written).then(pl.lit("нет"))
        shown = tidy(written.cast(_STRING))
        categories = name.categories if name.kind == "string" else None
        return ClassificationPlan(spec, None, shown, _by_attribute(written, spec, categories))
    if spec.value is None:
        return ClassificationPlan(spec, None, None, None)
    typed = attempt(spec.value, scope)
    if isinstance(typed, CompileError) or typed.kind != "number":
        return ClassificationPlan(spec, typed, None, None)
    value = _rounded(_guarded(typed), spec.rounding)
    return ClassificationPlan(spec, typed, value, _by_bins(value, spec))


def _guarded(typed: Typed) -> pl.Expr:
    """The value, unknown where it is not a finite number (a division by zero): ``finite``,
    which computes the value once, where a when/then would compute it twice."""
    return finite(typed.expr)


def class_column(spec: Classification) -> Column:
    """The class column a classification adds to its dataset's rows."""
    return Column(name=spec.id, type="category", title=spec.title,
                  values=tuple(rule.id for rule in spec.classes))


def unit_of(written: str | None, dataset: Dataset) -> str | None:
    """The column naming each row's unit: the one written, else the dataset's key."""
    return written or dataset.key
