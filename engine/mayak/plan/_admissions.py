"""The compiled form of an admission spec: derived values, criteria, explanations, decision."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from msgspec import Struct

from mayak._frozen import Frozen
from mayak.expr._compile import CompileError, Kind, Name, without_noise
from mayak.expr._scope import row_scope
from mayak.plan._outcome import Outcome, TemplateOutcome, attempt, attempt_template, names_or_none
from mayak.spec._model import Admission, Dataset


class AdmissionPlan(Struct, frozen=True, eq=False):
    """Every expression of an admission compiled once, over the applications' columns.

    ``derived``: each derived value (in spec order); ``steps``: the derived names computed
    together (a value using earlier ones comes in a later step); ``kinds``: the kind of each
    derived value (all numbers when one does not compile); ``names``: what criteria see;
    ``criteria`` and ``explains`` follow the criteria; an explanation is the spec's template
    or one listing the values the rule reads (None: it reads none, a text of the language);
    ``decision``: the decision expression over criterion ids (None: ``all`` or at_least).
    """

    admission: Admission
    derived: Mapping[str, Outcome]
    steps: tuple[tuple[str, ...], ...]
    kinds: Mapping[str, Kind]
    names: tuple[str, ...]
    criteria: tuple[Outcome, ...]
    explains: tuple[TemplateOutcome | None, ...]
    decision: Outcome | None


def plan_admission(admission: Admission, dataset: Dataset) -> AdmissionPlan:
    """Compile every expression of ``admission`` once, over the rows of ``dataset``."""
    # Looked-up and derived columns too: screening adds them before the criteria.
    scope = dict(row_scope(dataset, with_period=False))  # derived columns are added
    derived: dict[str, Outcome] = {}
    step_of: dict[str, int] = {}
    for name, expression in admission.derive.items():
        typed = attempt(expression, scope)
        if not isinstance(typed, CompileError):  # a number as the decimal it stands for:
            typed = without_noise(typed)  # the rules and the texts read the same value
        derived[name] = typed
        uses = names_or_none(expression) & step_of.keys()  # derived values above this one
        step_of[name] = 1 + max((step_of[n] for n in uses), default=-1)
        kind: Kind = "number" if isinstance(typed, CompileError) else typed.kind
        scope[name] = Name(pl.col(name), kind, misplaced="expr.derive_failed"
                           if isinstance(typed, CompileError) else None)
    steps = tuple(tuple(n for n, s in step_of.items() if s == step)
                  for step in range(1 + max(step_of.values(), default=-1)))
    failed = any(isinstance(t, CompileError) for t in derived.values())
    kinds: dict[str, Kind] = {name: "number" if failed or isinstance(t, CompileError)
                              else t.kind for name, t in derived.items()}
    criteria = tuple(attempt(c.rule, scope) for c in admission.criteria)
    explains = tuple(attempt_template(c.explain, scope) if c.explain
                     else _auto_explain(c.rule, scope, dataset) for c in admission.criteria)
    decision = None
    if isinstance(admission.decision, str) and admission.decision != "all":
        ids = dict.fromkeys(c.id for c in admission.criteria)
        decision = attempt(admission.decision, {c: Name(pl.col(c), "boolean") for c in ids})
    return AdmissionPlan(admission, Frozen(derived), steps, Frozen(kinds), tuple(scope),
                         criteria, explains, decision)


def _auto_explain(rule: str, scope: Mapping[str, Name], dataset: Dataset
                  ) -> TemplateOutcome | None:
    """Without an ``explain`` template: every value the rule looks at, with its title."""
    used = [n for n in sorted(names_or_none(rule)) if n in scope]
    parts = []
    for name in used:
        column = dataset.columns.get(name)
        label = column.title if column is not None and column.title else name
        parts.append(f"{label}: {{{name}}}")
    return attempt_template("; ".join(parts), scope) if parts else None
