"""Compute indicators for the whole data set and per level, as Polars queries.

Per level, all variables of one dataset are one ``group_by().agg()``; every (level, dataset)
query is collected together with ``pl.collect_all``. Formulas and statuses are then
expressions over the small aggregated frames. No Python loop touches data rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import reduce

import polars as pl
from msgspec import Struct, field

from mayak.evaluate._figures import figure_problems
from mayak.evaluate._periods import (
    found,
    has_rows,
    in_periods,
    period_problems,
    unknown_without_rows,
    with_rows,
)
from mayak.evaluate._rows import (
    KEY,
    LEVEL,
    differences,
    figure_counts,
    flagged_keys,
    key_of,
    out_of_range,
    present_keys,
    value_rows,
    variable_rows,
)
from mayak.io._coerce import ROW
from mayak.io._engine import SMALL_ROWS, Engine, small_flags
from mayak.messages._catalogue import Lang
from mayak.messages._problems import Location, Problem
from mayak.plan._columns import (
    SETTLED_BY_EVERY_ROW,
    aggregate,
    formula_steps,
    rows_column,
    says_column,
    unknown_column,
    unknown_rows,
)
from mayak.plan._graph import Graph, with_dependencies
from mayak.plan._indicators import IndicatorPlan, VariablePlan
from mayak.plan._outcome import ok
from mayak.plan._plan import Plan
from mayak.spec._model import TOTAL_LEVEL, Dataset, Indicator, Target, column_titles
from mayak.spec._period import Period

_ADDITIVE = ("count", "distinct", "sum")  # zero over no rows


class Tables(Struct, frozen=True):
    """What evaluation computed: the indicator rows (with their titles, in the order of the
    targets, then of the rules), the variable rows and the problems found. ``differences``:
    the totals that differ from the value the targets say was published (indicator,
    published, value, digits)."""

    indicators: pl.DataFrame
    variables: pl.DataFrame
    problems: tuple[Problem, ...]
    differences: pl.DataFrame = field(default_factory=pl.DataFrame)
    present: pl.DataFrame = field(default_factory=pl.DataFrame)  # groups with rows (level, key)


def engine_for(heights: Iterable[int | None]) -> Engine:
    """The Polars engine for aggregating frames of these heights (None: not known, a lazy
    frame): the in-memory engine starts several times faster, streaming is faster on
    large data."""
    sizes = list(heights)
    known = all(h is not None for h in sizes)
    return "in-memory" if known and sum(h or 0 for h in sizes) <= SMALL_ROWS else "auto"


def collect_small(*queries: pl.LazyFrame) -> list[pl.DataFrame]:
    """Run queries over small frames (a row per group) together: planning them would cost
    more than it could save, and the in-memory engine starts faster than streaming."""
    return pl.collect_all(queries, engine="in-memory", optimizations=pl.QueryOptFlags.none())


def _expr(variable: VariablePlan, field: str) -> pl.Expr | None:
    """The rows a variable aggregates (``where`` and its period), or its ``of``."""
    if field == "where":
        return variable.rows
    return None if variable.of is None else ok(variable.of).expr


def _group_key(dataset: Dataset, level: str) -> pl.Expr:
    """The level's column as text (joined across datasets); a text column is taken as it is,
    which lets the grouping read it directly."""
    column = pl.col(level)
    return column if dataset.row_columns[level].type == "string" else column.cast(pl.String)


def _distinct_by_group(frame: pl.LazyFrame, variable: VariablePlan, key: pl.Expr,
                       level: str) -> pl.LazyFrame:
    """Distinct values per group as unique (group, value) pairs counted: much faster than a
    per-group n_unique inside the shared aggregation on large data."""
    of, where, column = _expr(variable, "of"), _expr(variable, "where"), variable.column
    assert of is not None
    rows = frame.filter(where) if where is not None else frame
    return (rows.select(key, of.alias("_value"))
            .drop_nulls("_value").unique()
            .group_by(level).agg(pl.len().cast(pl.Int64).alias(column)))


def _aggregate(planned: VariablePlan, *, value_elsewhere: bool = False) -> tuple[pl.Expr, ...]:
    """The variable's aggregation expressions, as the plan built them."""
    built = planned.apart if value_elsewhere else planned.together
    if built is not None:
        return built
    return aggregate(planned.variable, planned.column, _expr(planned, "where"),
                     _expr(planned, "of"), value_elsewhere=value_elsewhere)


def _blocker(indicator: Indicator, level: str, datasets: Mapping[str, Dataset],
             graph: Graph, chosen: set[str]) -> str | None:
    """Why ``indicator`` cannot be computed at ``level`` (a dataset or indicator), or None."""
    if level == TOTAL_LEVEL:
        return None
    for dataset in indicator.datasets:
        if level not in datasets[dataset].row_columns:
            return f"dataset:{dataset}"
    blocked = [other for other in graph[indicator.id] if other not in chosen]
    return f"indicator:{blocked[0]}" if blocked else None


def evaluate_tables(plan: Plan, datasets: Mapping[str, Dataset], *,
                    frames: Mapping[str, pl.LazyFrame],
                    levels: Mapping[str, frozenset[str] | None],
                    targets: Mapping[str, Target], period: Period | None,
                    lang: Lang = "ru", engine: Engine = "auto",
                    labels: Mapping[str, str] | None = None, undated: bool = True,
                    compared: bool = False) -> Tables:
    """``levels`` maps each level to the indicators wanted there (None: all of them);
    ``period`` fills the columns the plan's expressions read it from and picks the rows of
    datasets with a period column; ``engine`` runs the aggregates (see ``engine_for``);
    ``labels`` name the datasets' files in problems. Two collects: the aggregates with
    their joins, one frame per level (and which periods each dataset has rows in); then
    the formulas over those (the levels stacked), the result rows and the out-of-range
    keys. ``undated``: whether datasets without a period column hold ``period``'s rows
    (else their variables are unknown). ``compared``: the result is compared with another
    period's, which needs the groups with rows in each (``Tables.present``)."""
    if not plan.indicators:  # a rule set of classes and reviews only: nothing to aggregate
        return Tables(pl.DataFrame(), pl.DataFrame(), ())
    problems: list[Problem] = []
    per_level: dict[str, list[IndicatorPlan]] = {}
    wides: dict[str, pl.LazyFrame] = {}
    with_period, presence = in_periods(plan, datasets, frames, period, undated=undated)
    queries = [p.query for p in presence if p.query is not None]
    for level, wanted in levels.items():
        chosen = _chosen(plan, level, wanted, datasets, problems)
        per_level[level] = chosen
        parts: list[tuple[pl.LazyFrame, list[str]]] = []  # a query and its value columns
        copies: list[pl.Expr] = []  # variables aggregated as another one is
        grouped = level != TOTAL_LEVEL
        for dataset_id in dict.fromkeys(d for i in chosen for d in i.indicator.datasets):
            frame = with_period[dataset_id]
            used = _distinct([v for i in chosen for v in i.variables.values()
                              if v.variable.dataset == dataset_id], copies)
            # On small data a distinct count is cheapest in the shared aggregation.
            apart = {id(v) for v in used if grouped and engine != "in-memory"
                     and v.variable.aggregation == "distinct"}
            exprs = [e for v in used for e in _aggregate(v, value_elsewhere=id(v) in apart)]
            exprs += has_rows(datasets[dataset_id])
            key = _group_key(datasets[dataset_id], level) if grouped else pl.lit(None)
            query = frame.group_by(key).agg(exprs) if grouped else frame.select(exprs)
            parts.append((query, [e.meta.output_name() for e in exprs]))
            parts.extend((_distinct_by_group(frame, v, key, level), [v.column])
                         for v in used if id(v) in apart)
        if parts:
            additive = {v.column for i in chosen for v in i.variables.values()
                        if v.variable.aggregation in _ADDITIVE}
            wides[level] = _join(parts, level, additive).with_columns(copies)
    if not wides:
        return Tables(pl.DataFrame(), pl.DataFrame(), tuple(problems))
    # The data is aggregated (with joins) first; the formulas and the result rows are then
    # one query over those small frames (one query over both plans far slower).
    collected = pl.collect_all([*wides.values(), *queries], engine=engine,
                               optimizations=small_flags(engine))
    aggregated, answers = collected[:len(wides)], iter(collected[len(wides):])
    rows = [p if p.query is None else found(p, next(answers)) for p in presence]
    names = list(wides)
    chosen_per_level = [per_level[level] for level in names]
    computing = [v for i in _used(plan, chosen_per_level) for v in i.variables.values()]
    problems.extend(period_problems(rows, period, labels or {}, datasets, computing))
    # The groups of a level are those with rows in the period: a unit found only in other
    # periods' rows is not reported with zeros.
    stacked = _stacked(aggregated, names).filter(
        pl.col(LEVEL).is_in([n for n, level in enumerate(names) if level == TOTAL_LEVEL])
        | with_rows(computing))
    unknown_now = unknown_without_rows(computing, rows)
    if unknown_now:  # a dataset with no rows in the period says nothing, not zero
        stacked = stacked.with_columns(unknown_now)
    computed = _formulas(stacked, _used(plan, chosen_per_level), period, plan.graph).cache()
    values = value_rows(computed, names, chosen_per_level, targets, lang=lang,
                         order=[*targets, *plan.indicators]).cache()
    figures = figure_counts(computed, names, chosen_per_level)
    indicators, counts, outside, differing, *rest = collect_small(
        values, variable_rows(computed, names, chosen_per_level),
        flagged_keys(computed, names, chosen_per_level), differences(values),
        *([present_keys(computed, names, computing)] if compared else []),
        *([figures] if figures is not None else []))
    present = rest.pop(0) if compared else pl.DataFrame()
    found_figures = rest
    if found_figures:
        problems.extend(figure_problems(found_figures[0], plan, labels or {},
                                        titles=column_titles(datasets.values()), period=period))
    for level in wides:
        for compiled in per_level[level]:
            problems.extend(out_of_range(outside, compiled.indicator, level))
    problems.extend(_unknown_values(plan, counts, with_period, labels or {}, engine))
    return Tables(indicators, counts, tuple(problems), differing, present)


def _distinct(used: list[VariablePlan], copies: list[pl.Expr]) -> list[VariablePlan]:
    """The variables of one dataset aggregated differently (several indicators often count
    the same rows); a copy of the columns of the first is added to ``copies`` for each
    other."""
    first: dict[tuple[str, str | None, str | None, bool, bool], VariablePlan] = {}
    for v in used:
        same = first.setdefault((v.variable.aggregation, v.variable.where, v.variable.of,
                                 v.variable.skip_unknown, v.variable.previous), v)
        if same is not v:
            copies.extend((pl.col(same.column).alias(v.column),
                           pl.col(unknown_column(same.column)).alias(unknown_column(v.column))))
            if v.variable.aggregation == "figure":  # its rows found name it in warnings too
                copies.append(pl.col(rows_column(same.column)).alias(rows_column(v.column)))
    return list(first.values())


UNKNOWN_ROWS_LISTED = 20  # rows named per variable made unknown by them


def _unknown_values(plan: Plan, variables: pl.DataFrame, frames: Mapping[str, pl.LazyFrame],
                    labels: Mapping[str, str], engine: Engine) -> list[Problem]:
    """A warning per variable with rows that cannot say, naming the first few (their rows
    are the same at every level, so the total's count is theirs): a sum, mean, min or max
    made unknown by them, or with ``unknown: skip`` computed without them; a count or a
    distinct count that left them out (it may be too low)."""
    if variables.is_empty():
        return []
    found = variables.filter((pl.col("level") == TOTAL_LEVEL) & (pl.col("unknown") > 0))
    # A loop over findings (one row per variable), not over data. A count no row could
    # say is unknown itself («нет данных»), not too low.
    flagged = [(indicator, v, count) for indicator, name, count, value
               in found.select("indicator", "variable", "unknown", "value").iter_rows()
               if (v := plan.indicators[indicator].variables[name]).variable.aggregation
               in SETTLED_BY_EVERY_ROW or value is not None]
    strict = [v for _, v, _ in flagged if not v.variable.skip_unknown]
    rows = pl.collect_all(
        [frames[v.variable.dataset].filter(unknown_rows(_expr(v, "where"), _expr(v, "of")))
         .select(ROW).head(UNKNOWN_ROWS_LISTED) for v in strict],
        engine=engine) if strict else []
    listed = {id(v): frame[ROW].to_list() for v, frame in zip(strict, rows, strict=True)}
    problems = []
    for indicator, v, count in flagged:
        variable = v.variable
        label = labels.get(variable.dataset, f"<{variable.dataset}>")
        params: dict[str, object] = {"indicator": indicator, "variable": variable.name,
                                     "aggregation": variable.aggregation, "count": count}
        if variable.skip_unknown:
            problems.append(Problem("eval.skipped_unknown", params, Location(label),
                                    "warning"))
            continue
        numbers = listed[id(v)]
        shown = ", ".join(map(str, numbers)) + (", …" if count > len(numbers) else "")
        settled = variable.aggregation in SETTLED_BY_EVERY_ROW
        problems.append(Problem("eval.unknown_values" if settled else "eval.uncounted_rows",
                                {**params, "rows": shown},
                                Location(label, row=numbers[0] if numbers else None),
                                "warning"))
    return problems


def _chosen(plan: Plan, level: str, wanted: frozenset[str] | None,
            datasets: Mapping[str, Dataset], problems: list[Problem]) -> list[IndicatorPlan]:
    """The indicators computed at ``level`` (dependency order); a warning for each wanted
    one that cannot be."""
    chosen: list[IndicatorPlan] = []
    needed = set(plan.indicators) if wanted is None else with_dependencies(wanted, plan.graph)
    for compiled in plan.indicators.values():  # dependency order
        indicator = compiled.indicator
        if indicator.id not in needed:
            continue
        blocker = _blocker(indicator, level, datasets, plan.graph,
                           {i.indicator.id for i in chosen})
        if blocker is None:
            chosen.append(compiled)
        else:
            kind, name = blocker.split(":", 1)
            problems.append(Problem(f"level.unavailable_{kind}",
                                    {"indicator": indicator.id, "level": level, "name": name},
                                    Location(indicator.source.file), "warning"))
    return chosen


def _join(parts: list[tuple[pl.LazyFrame, list[str]]], level: str,
          additive: set[str]) -> pl.LazyFrame:
    """The per-dataset aggregates side by side; ``additive`` names the counts and sums."""
    if level == TOTAL_LEVEL:
        return pl.concat([query for query, _ in parts], how="horizontal")
    marked = [query.with_columns(pl.lit(True).alias(f"_in.{n}"))
              for n, (query, _) in enumerate(parts)]
    wide = reduce(lambda a, b: a.join(b, on=level, how="full", coalesce=True, nulls_equal=True),
                  marked).sort(level, nulls_last=True)
    # A group missing from one dataset has no rows there: its counts and sums are zero, not
    # unknown (its mean, min and max are unknown). A value unknown inside a group present in
    # the dataset stays unknown.
    zeros = [pl.when(pl.col(f"_in.{n}").is_null()).then(0).otherwise(pl.col(c)).alias(c)
             for n, (_, columns) in enumerate(parts) for c in columns if c in additive]
    unknowns = [pl.col(c).fill_null(0) for _, columns in parts for c in columns
                if c.endswith(".unknown")]
    wide = wide.with_columns(*zeros, *unknowns)
    # A distinct count computed by a query of its own is unknown where no row could say.
    said = [c.removesuffix(".says") for _, columns in parts for c in columns
            if c.endswith(".says")]
    if said:
        wide = wide.with_columns(
            pl.when(pl.col(says_column(c)).not_()).then(None).otherwise(pl.col(c)).alias(c)
            for c in said)
    return wide.drop(*[says_column(c) for c in said], *[f"_in.{n}" for n in range(len(parts))])


def _stacked(aggregated: list[pl.DataFrame], levels: list[str]) -> pl.LazyFrame:
    """The levels' aggregates stacked, so that each formula and each result row is computed
    once for all levels: their cost is nearly all per query, not per row."""
    return pl.concat([frame.lazy().with_columns(pl.lit(n, dtype=pl.Int64).alias(LEVEL),
                                                key_of(level).alias(KEY))
                      for n, (frame, level) in enumerate(zip(aggregated, levels, strict=True))],
                     how="diagonal")


def _used(plan: Plan, chosen: list[list[IndicatorPlan]]) -> list[IndicatorPlan]:
    """The indicators computed at some level, in dependency order."""
    used = {i.indicator.id for at_level in chosen for i in at_level}
    return [i for i in plan.indicators.values() if i.indicator.id in used]


def _formulas(wide: pl.LazyFrame, chosen: list[IndicatorPlan],
              period: Period | None, graph: Graph) -> pl.LazyFrame:
    """The indicators' formulas over ``wide``. Those that use no indicator of the same
    round are computed side by side: each step of a round is one node of the query, as a
    query's cost on a few rows is its number of nodes."""
    rounds: list[list[tuple[tuple[pl.Expr, ...], ...]]] = []
    depth: dict[str, int] = {}
    for compiled in chosen:  # dependency order: a formula may use earlier indicators
        indicator = compiled.indicator
        steps = compiled.steps_in(period)  # a formula by period: the one in force
        if steps is None:
            steps = formula_steps(indicator.id, ok(compiled.formula), indicator.rounding)
        at = 1 + max((depth.get(used, -1) for used in graph.get(indicator.id, ())),
                     default=-1)
        depth[indicator.id] = at
        if at == len(rounds):
            rounds.append([])
        rounds[at].append(steps)
    for batch in rounds:
        for n in range(max(len(steps) for steps in batch)):
            wide = wide.with_columns(e for steps in batch if n < len(steps) for e in steps[n])
    return wide

