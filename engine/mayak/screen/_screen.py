"""Screening applications against admission criteria, all candidates at once.

Per candidate: each criterion true / false / unknown, what the data said, the outcome and
the reasons. Outcomes: ``admitted`` when the decision is true, ``reserve`` when it is false,
``needs_review`` when it is unknown (missing data is not "not met") or when the candidate's
row has unreadable values or a duplicate id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import reduce

import polars as pl
from msgspec import Struct

from mayak._frozen import Frozen
from mayak.expr._compile import Kind
from mayak.expr._template import Template
from mayak.files._provenance import Provenance
from mayak.io._coerce import ROW, no_unreadable
from mayak.io._read import key_problems, repeated_keys
from mayak.messages._catalogue import Lang, text
from mayak.messages._problems import Problem
from mayak.plan._admissions import AdmissionPlan
from mayak.plan._outcome import ok
from mayak.spec._model import (
    OUTCOME_COLUMN,
    OUTCOMES,
    REASONS_COLUMN,
    Admission,
    Column,
    Dataset,
    explain_column,
)

OUTCOME = pl.Enum(list(OUTCOMES))
CHUNK_ROWS = 250_000  # criteria are applied in chunks so that long inputs can show progress
STEPS_PER_QUERY = 16  # derived steps planned together (see _derive)
Progress = Callable[[int, int], None]  # (rows done, rows in all)


class Screening(Struct, frozen=True):
    """The result of screening: Polars frames plus every problem met on the way.

    ``candidates``: the applications (with ``_row``, the row in the file), derived values,
    one boolean column per criterion, ``<id>_explain`` texts, ``outcome`` and ``reasons``.
    ``summary``: per group (e.g. subject area) — population, applications, count meeting each
    criterion, admitted, reserve, needs_review. ``None`` without a ``summary`` in the spec.
    Frames are handed out as copies (cheap in Polars): changing one leaves the result as it is.
    """

    admission: str
    _candidates: pl.DataFrame
    _summary: pl.DataFrame | None
    problems: tuple[Problem, ...]
    # Where the screening came from: version, time, the rule and data files' hashes.
    provenance: Provenance | None = None

    @property
    def candidates(self) -> pl.DataFrame:
        """Every application with its criteria, outcome and reasons."""
        return self._candidates.clone()

    @property
    def summary(self) -> pl.DataFrame | None:
        """Counts per group, or None without a ``summary`` in the spec."""
        return None if self._summary is None else self._summary.clone()

    @property
    def reserve(self) -> pl.DataFrame:
        """The candidates whose outcome is ``reserve``."""
        return self._candidates.filter(pl.col(OUTCOME_COLUMN) == "reserve")

    @property
    def admitted(self) -> pl.DataFrame:
        """The candidates whose outcome is ``admitted``."""
        return self._candidates.filter(pl.col(OUTCOME_COLUMN) == "admitted")


def screening_dataset(admission: Admission, dataset: Dataset,
                      kinds: Mapping[str, Kind]) -> Dataset:
    """The dataset a screening produces: readable again from what ``mayak screen`` writes."""
    columns: dict[str, Column] = dict(dataset.columns)
    types = {"number": "number", "boolean": "boolean", "date": "date"}
    for name, kind in kinds.items():
        columns[name] = Column(name=name, type=types.get(kind, "string"))  # type: ignore[arg-type]
    for criterion in admission.criteria:
        columns[criterion.id] = Column(name=criterion.id, type="boolean", title=criterion.id,
                                       aliases=(criterion.title,))
        explain = explain_column(criterion.id)
        columns[explain] = Column(name=explain, type="string",
                                  title=text("col.explain", "ru", id=criterion.id),
                                  aliases=(text("col.explain", "en", id=criterion.id),))
    labels = {text(f"outcome.{o}", lang): o for o in OUTCOMES for lang in ("ru", "en")}
    labels.update({label: outcome for outcome, label in admission.outcomes.items()})
    columns[OUTCOME_COLUMN] = Column(name=OUTCOME_COLUMN, type="category", values=OUTCOMES,
                                     title=text("col.outcome", "ru"),
                                     aliases=(text("col.outcome", "en"),),
                                     synonyms=Frozen(labels))
    columns[REASONS_COLUMN] = Column(name=REASONS_COLUMN, type="string",
                                     title=text("col.reasons", "ru"),
                                     aliases=(text("col.reasons", "en"),))
    return Dataset(id=admission.id, title=admission.title, columns=Frozen(columns),
                   file=admission.id, key=dataset.key, source=admission.source,
                   description=admission.description, basis=admission.basis)


def _decision(compiled: AdmissionPlan, criteria: list[pl.Expr]) -> pl.Expr:
    admission = compiled.admission
    if admission.decision == "all":
        return reduce(lambda a, b: a & b, criteria)  # Kleene: any false -> false
    if isinstance(admission.decision, int):
        need = admission.decision
        met = pl.sum_horizontal([c.fill_null(False).cast(pl.Int64) for c in criteria])
        unknown = pl.sum_horizontal([c.is_null().cast(pl.Int64) for c in criteria])
        return (pl.when(met >= need).then(True)
                .when(met + unknown < need).then(False))
    assert compiled.decision is not None
    return ok(compiled.decision).expr


def _row_issues(unreadable: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """Per row with unreadable cells, one text naming their columns. Built from the cells
    flagged while reading (all of them), not from the messages, which are capped; a null
    column is a row-level fault such as a wrong number of cells."""
    named = pl.col("column").fill_null(pl.lit(text("screen.ragged_row", lang)))
    return (unreadable.select(pl.col(ROW).cast(pl.Int64), named.alias("column"))
            .unique(maintain_order=True).group_by(ROW, maintain_order=True)
            .agg(pl.col("column").str.join(", ")).select(
                pl.col(ROW), (pl.lit(text("screen.unreadable", lang)) + pl.col("column"))
                .alias("_issue")))


def _duplicates(frame: pl.DataFrame, dataset: Dataset, label: str, headers: Mapping[str, str],
                known: tuple[Problem, ...]) -> tuple[pl.DataFrame, list[Problem]]:
    """Rows whose application id repeats (they go to review), and a message per id unless
    reading the file already gave one. The ids are hashed once for both."""
    if dataset.key is None or dataset.key not in frame.columns:
        return pl.DataFrame(schema={ROW: pl.Int64}), []
    key = dataset.key
    repeated = repeated_keys(frame, key)
    reported = any(p.code == "data.duplicate_key" for p in known)
    problems = [] if reported else key_problems(repeated, key, label, dict(headers))
    return repeated.select(pl.col(ROW).cast(pl.Int64)), problems


def screen(compiled: AdmissionPlan, dataset: Dataset, frame: pl.LazyFrame,
           problems: tuple[Problem, ...], *, label: str, lang: Lang,
           unreadable: pl.DataFrame | None = None,
           population: pl.LazyFrame | None = None, headers: Mapping[str, str] | None = None,
           on_progress: Progress | None = None) -> Screening:
    """Apply ``admission`` to conformed applications (they must carry ``_row``).
    ``unreadable``: the cells that could not be read (``_row``, ``column``); their rows go
    to review."""
    admission = compiled.admission
    derived = [[ok(compiled.derived[name]).expr.alias(name) for name in step]
               for step in compiled.steps]
    criteria = [ok(rule).expr.alias(c.id)
                for c, rule in zip(admission.criteria, compiled.criteria, strict=True)]
    # An explanation of a rule reading no values is a text of the language. Its numbers
    # are exact: the decision was taken on them.
    explains = [(ok(template) if template is not None
                 else Template((text("screen.no_values", lang),))).expr(lang, exact=True)
                .alias(explain_column(c.id))
                for c, template in zip(admission.criteria, compiled.explains, strict=True)]
    data = frame.collect()
    duplicate_rows, duplicate_problems = _duplicates(data, dataset, label, headers or {},
                                                     problems)
    cells = unreadable if unreadable is not None else no_unreadable()
    issue = _issue_column(_row_issues(cells, lang), duplicate_rows, lang)
    decided = _outcome(compiled, lang)
    applied = []
    for start in range(0, max(data.height, 1), CHUNK_ROWS):
        query = _derive(data.slice(start, CHUNK_ROWS), derived)
        query = query.with_columns(criteria).with_columns(explains).with_columns(issue)
        applied.append(reduce(lambda q, step: q.with_columns(step), decided, query)
                       .drop("_issue").collect(engine="in-memory"))
        if on_progress is not None:
            on_progress(min(start + CHUNK_ROWS, data.height), data.height)
    candidates = pl.concat(applied)
    summary = _summary(candidates, admission, population)
    return Screening(admission.id, candidates, summary, (*problems, *duplicate_problems))


def _derive(chunk: pl.DataFrame, derived: list[list[pl.Expr]]) -> pl.LazyFrame:
    """``chunk`` with the derived values, as a query. A long chain of derived values is
    computed a few steps per query: planning one query of many chained steps grows
    faster than the number of steps."""
    *earlier, last = [derived[i:i + STEPS_PER_QUERY]
                      for i in range(0, max(len(derived), 1), STEPS_PER_QUERY)]
    for steps in earlier:
        chunk = reduce(lambda q, step: q.with_columns(step), steps, chunk.lazy()).collect(
            engine="in-memory")
    return reduce(lambda q, step: q.with_columns(step), last, chunk.lazy())


def _issue_column(unreadable: pl.DataFrame, duplicate_rows: pl.DataFrame, lang: Lang) -> pl.Expr:
    """Per row, why it must be reviewed whatever the criteria say (null: nothing)."""
    duplicate_issue = duplicate_rows.with_columns(
        pl.lit(text("screen.duplicate_reason", lang)).alias("_issue"))
    issues = (pl.concat([unreadable, duplicate_issue]).group_by(ROW, maintain_order=True)
              .agg(pl.col("_issue").str.join("; ")))
    if issues.height == 0:
        return pl.lit(None, dtype=pl.String).alias("_issue")
    return pl.col(ROW).cast(pl.Int64).replace_strict(
        issues[ROW], issues["_issue"], default=None, return_dtype=pl.String).alias("_issue")


def _outcome(compiled: AdmissionPlan, lang: Lang) -> list[list[pl.Expr]]:
    """The steps giving the outcome and the reasons, from the criteria and ``_issue``."""
    admission = compiled.admission
    decision = _decision(compiled, [pl.col(c.id) for c in admission.criteria])
    outcome = (pl.when(pl.col("_issue").is_not_null()).then(pl.lit("needs_review"))
               .when(decision).then(pl.lit("admitted"))
               .when(~decision).then(pl.lit("reserve"))
               .otherwise(pl.lit("needs_review")).cast(OUTCOME))
    parts = [pl.col("_issue")]
    for c in admission.criteria:
        detail = f" ({c.title}): "
        parts.append(
            pl.when(pl.col(c.id).not_()).then(
                pl.lit(text("screen.not_met", lang, id=c.id) + detail)
                + pl.col(explain_column(c.id)))
            .when(pl.col(c.id).is_null()).then(
                pl.lit(text("screen.unknown", lang, id=c.id) + detail)
                + pl.col(explain_column(c.id))))
    reasons = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    all_met = pl.lit(text("screen.all_met", lang))
    # Two steps: inside one expression the concatenation would be computed twice.
    return [[outcome.alias(OUTCOME_COLUMN), reasons.alias(REASONS_COLUMN)],
            [pl.when(pl.col(REASONS_COLUMN) == "").then(all_met)
             .otherwise(pl.col(REASONS_COLUMN)).alias(REASONS_COLUMN)]]


def _summary(candidates: pl.DataFrame, admission: Admission,
             population: pl.LazyFrame | None) -> pl.DataFrame | None:
    by = admission.summary_by
    if by is None:
        return None
    outcome = pl.col(OUTCOME_COLUMN)
    counts = candidates.group_by(by, maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("applications"),
        *[pl.col(c.id).sum().cast(pl.Int64).alias(c.id) for c in admission.criteria],
        *[(outcome == o).sum().cast(pl.Int64).alias(o) for o in OUTCOMES])
    if population is not None:
        people = (population.group_by(pl.col(by).cast(pl.String))
                  .agg(pl.len().cast(pl.Int64).alias("population")).collect())
        # Every group of either side: a group absent from the population has no one there,
        # a group with no applications has none (0, not unknown). Groups with applications
        # come first, in the order of the file.
        counts = counts.with_columns(pl.col(by).cast(pl.String)).join(
            people, on=by, how="full", coalesce=True, nulls_equal=True,
            maintain_order="left_right").with_columns(pl.exclude(by).fill_null(0))
    else:
        counts = counts.with_columns(pl.lit(None, dtype=pl.Int64).alias("population"))
    return counts.select(by, "population", "applications", *[c.id for c in admission.criteria],
                         *OUTCOMES)

