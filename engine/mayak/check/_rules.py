"""Cross-reference checks of admission and recommendations specs (before any data)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from mayak.check._located import compile_problems, located, unknown_dataset
from mayak.expr._compile import CompileError, names_used
from mayak.expr._scope import BUILTIN
from mayak.expr._template import template_names
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Key
from mayak.messages._problems import Problem
from mayak.messages._suggest import suggestion
from mayak.plan._admissions import AdmissionPlan
from mayak.plan._recommendations import RecommendationsPlan
from mayak.spec._model import (
    OUTCOME_COLUMN,
    REASONS_COLUMN,
    TOTAL_LEVEL,
    Admission,
    Dataset,
    Indicator,
    Recommendations,
    SpecSet,
    explain_column,
)
from mayak.spec._yaml import Path


def check_admission(admission: Admission, datasets: Mapping[str, Dataset],
                    compiled: AdmissionPlan | None) -> Iterator[Problem]:
    """Problems of an admission spec; ``compiled``: its plan (None if its dataset is
    unknown)."""
    source = admission.source
    dataset = datasets.get(admission.dataset)
    if dataset is None or compiled is None:
        yield unknown_dataset(admission.dataset, datasets, source, ("dataset",))
        return
    names = compiled.names
    derived = list(admission.derive)
    for index, (name, typed) in enumerate(compiled.derived.items()):
        yield from (_derive_order(p, name, derived[index + 1:])
                    for p in compile_problems(typed, source, ("derive", name)))
    # The screening adds these columns; a criterion or derived value of that name would clash.
    reserved = {OUTCOME_COLUMN, REASONS_COLUMN, ROW,
                *(explain_column(c.id) for c in admission.criteria)}
    for name in admission.derive:
        if name in reserved:
            yield Problem("ref.reserved_name", {"name": name}, located(source, ("derive", name)))
    seen: set[str] = set()
    for position, criterion in enumerate(admission.criteria):
        path: Path = ("criteria", criterion.index)
        at_id = located(source, (*path, "id"))
        if criterion.id in reserved:
            yield Problem("ref.reserved_name", {"name": criterion.id}, at_id)
        if criterion.id in seen:
            yield Problem("ref.duplicate_criterion", {"id": criterion.id}, at_id)
        if criterion.id in names:
            yield Problem("ref.criterion_clash", {"id": criterion.id}, at_id)
        seen.add(criterion.id)
        yield from compile_problems(compiled.criteria[position], source, (*path, "rule"),
                             expect="boolean")
        explain = compiled.explains[position]
        if criterion.explain and explain is not None:
            yield from compile_problems(explain, source, (*path, "explain"))
    yield from _check_decision(admission, compiled)
    if admission.summary_by and admission.summary_by not in names:
        yield Problem("ref.unknown_column",
                      {"name": admission.summary_by, "dataset": dataset.id,
                       "hint": suggestion(admission.summary_by, list(names))},
                      located(source, ("summary", "by")))
    if admission.population:
        population = datasets.get(admission.population)
        if population is None:
            yield unknown_dataset(admission.population, datasets, source,
                                   ("summary", "population"))
        elif admission.summary_by and admission.summary_by not in population.columns:
            yield Problem("ref.unknown_column",
                          {"name": admission.summary_by, "dataset": population.id, "hint": ""},
                          located(source, ("summary", "population")))


def _derive_order(problem: Problem, name: str, later: list[str]) -> Problem:
    """An unknown name that is this derived value, or one defined below it, says so."""
    used = problem.params.get("name") if problem.code == "expr.unknown_name" else None
    if used == name:
        return Problem("ref.derive_self", {"name": name}, problem.location)
    if used in later:
        return Problem("ref.derive_later", {"name": name, "later": used}, problem.location)
    return problem


def _check_decision(admission: Admission, compiled: AdmissionPlan) -> Iterator[Problem]:
    decision = admission.decision
    if isinstance(decision, int):
        if decision > len(admission.criteria):
            yield Problem("ref.at_least", {"value": decision, "count": len(admission.criteria)},
                          located(admission.source, ("decision", "at_least")))
    elif compiled.decision is not None:
        yield from compile_problems(compiled.decision, admission.source, ("decision",),
                             expect="boolean")


def check_recommendations(spec: Recommendations, compiled: RecommendationsPlan | None,
                          specs: SpecSet) -> Iterator[Problem]:
    """Problems of a recommendations spec; ``compiled``: its plan (None if its indicator is
    unknown)."""
    source = spec.source
    if spec.classification is not None:
        yield from _check_on_classes(spec, compiled, specs)
        return
    if spec.indicator is None:
        yield from _check_on_review(spec, compiled, specs)
        return
    indicator = specs.indicators.get(spec.indicator)
    if indicator is None or compiled is None:
        yield Problem("ref.unknown_indicator",
                      {"name": spec.indicator,
                       "hint": suggestion(spec.indicator, list(specs.indicators))},
                      located(source, ("indicator",)))
        return
    if spec.level != TOTAL_LEVEL:
        for dataset_id in indicator.datasets:
            dataset = specs.datasets.get(dataset_id)
            if dataset is not None and spec.level not in dataset.row_columns:
                yield Problem("ref.unknown_column",
                              {"name": spec.level, "dataset": dataset_id,
                               "hint": suggestion(spec.level, list(dataset.row_columns))},
                              located(source, ("level",)))
                return
    yield from _taken_names(spec, indicator)
    has_target = any(spec.indicator in t.targets for t in specs.targets.values())
    planned = {"planned"}  # the planned value and every value computed from it
    for name, expression in spec.values.items():
        problems = list(compile_problems(compiled.values[name], source, ("values", name)))
        yield from problems
        if not problems and names_used(expression) & planned:
            planned.add(name)
            if not has_target:
                yield _no_target(spec, ("values", name))
    yield from _rule_problems(spec, compiled)
    for rule in spec.rules:
        path: Path = ("rules", rule.index)
        if has_target:
            continue
        if _names_or_none(names_used, rule.when) & planned:
            yield _no_target(spec, (*path, "when"))
        if _names_or_none(template_names, rule.text) & planned:
            yield _no_target(spec, (*path, "text"))


def _check_on_review(spec: Recommendations, compiled: RecommendationsPlan | None,
                     specs: SpecSet) -> Iterator[Problem]:
    """Problems of recommendations given on a review's units or classes: an unknown review,
    level or grouping classification, and expressions that do not compile."""
    source = spec.source
    review = specs.scorings.get(spec.scoring or "")
    if review is None or compiled is None:
        yield Problem("audit.unknown_scoring",
                      {"name": spec.scoring, "hint": suggestion(spec.scoring or "",
                                                                list(specs.scorings)),
                       "known": ", ".join(specs.scorings) or "—"}, located(source, ("scoring",)))
        return
    dataset = specs.datasets.get(review.dataset)
    unit = review.unit or (dataset.key if dataset is not None else None)
    levels = [TOTAL_LEVEL, *review.classes, *([unit] if unit else [])]
    if spec.level not in levels:
        yield Problem("rec.review_level", {"level": spec.level, "allowed": ", ".join(levels),
                                           "hint": suggestion(spec.level, levels)},
                      located(source, ("level",)))
        return
    if spec.by is not None and spec.by not in specs.classifications:
        yield Problem("scoring.unknown_classification",
                      {"name": spec.by, "hint": suggestion(spec.by, specs.classifications),
                       "known": ", ".join(specs.classifications) or "—"}, located(source, ("by",)))
    elif spec.by is not None and spec.by not in review.classes:
        yield Problem("audit.unknown_classification",
                      {"name": spec.by, "hint": suggestion(spec.by, list(review.classes)),
                       "known": ", ".join(review.classes) or "—"}, located(source, ("by",)))
    yield from _values_and_rules(spec, compiled, "rec.meaning.review")


def _check_on_classes(spec: Recommendations, compiled: RecommendationsPlan | None,
                      specs: SpecSet) -> Iterator[Problem]:
    """Problems of recommendations given on a classification's units or classes: an
    unknown classification or level, and expressions that do not compile."""
    source = spec.source
    classification = specs.classifications.get(spec.classification or "")
    if classification is None:
        known = list(specs.classifications)
        yield Problem("scoring.unknown_classification",
                      {"name": spec.classification, "known": ", ".join(known) or "—",
                       "hint": suggestion(spec.classification or "", known)},
                      located(source, ("classification",)))
    if classification is None or compiled is None:  # else its dataset is unknown: said so
        return
    dataset = specs.datasets[classification.dataset]
    levels = [TOTAL_LEVEL, *dataset.row_columns]
    if spec.level not in levels:
        yield Problem("ref.unknown_column", {"name": spec.level, "dataset": dataset.id,
                                             "hint": suggestion(spec.level, levels)},
                      located(source, ("level",)))
    yield from _values_and_rules(spec, compiled, "rec.meaning.class")


def _values_and_rules(spec: Recommendations, compiled: RecommendationsPlan,
                      meaning: str) -> Iterator[Problem]:
    """A computed value named like a name the rows have (``meaning``: what that name is),
    and the values and rules that do not compile."""
    for name in spec.values:
        if name in compiled.sources:
            yield Problem("ref.rec_value_taken", {"name": name, "meaning": Key(meaning)},
                          located(spec.source, ("values", name)))
        yield from compile_problems(compiled.values[name], spec.source, ("values", name))
    yield from _rule_problems(spec, compiled)


def _rule_problems(spec: Recommendations, compiled: RecommendationsPlan) -> Iterator[Problem]:
    """A rule id used twice; a condition or a text that does not compile."""
    seen: set[str] = set()
    for position, rule in enumerate(spec.rules):
        path: Path = ("rules", rule.index)
        if rule.id in seen:
            yield Problem("ref.duplicate_rule", {"id": rule.id},
                          located(spec.source, (*path, "id")))
        seen.add(rule.id)
        yield from compile_problems(compiled.when[position], spec.source, (*path, "when"),
                             expect="boolean")
        yield from compile_problems(compiled.texts[position], spec.source, (*path, "text"))


def _taken_names(spec: Recommendations, indicator: Indicator) -> Iterator[Problem]:
    """A variable or a computed value named like a name the rules already have would be
    silently read as the other one."""
    for name in sorted(set(indicator.variables) & set(BUILTIN)):
        yield Problem("ref.rec_variable_taken",
                      {"indicator": indicator.id, "name": name,
                       "meaning": Key(f"rec.meaning.{name}")}, located(spec.source, ("indicator",)))
    for name in spec.values:
        meaning = (f"rec.meaning.{name}" if name in BUILTIN else
                   "rec.meaning.variable" if name in indicator.variables else None)
        if meaning is not None:
            yield Problem("ref.rec_value_taken", {"name": name, "meaning": Key(meaning)},
                          located(spec.source, ("values", name)))


def _names_or_none(find: Callable[[str], set[str]], text: str) -> set[str]:
    """The names ``text`` uses; none when it does not parse (that error is reported)."""
    try:
        return find(text)
    except CompileError:
        return set()


def _no_target(spec: Recommendations, path: Path) -> Problem:
    return Problem("ref.no_target_for_planned", {"indicator": spec.indicator},
                   located(spec.source, path))

