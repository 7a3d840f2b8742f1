"""Time Mayak's ``Ruleset.evaluate`` against hand-written Polars on national-scale data.

Both sides start from the same in-memory Polars DataFrames (typed as the dataset specs say)
and compute the five indicators of ``rules/kaliningrad`` for the whole country and per
municipality, and ``teachers_per_methodist`` also per subject area (the targets ask for it),
with rounding and statuses. The ``rma`` dataset is given as a ready screening result, so
neither side screens applications here (``bench_screening.py`` times that). The hand-written
Polars is timed twice:

- the computation only (``handwritten``): it trusts every cell;
- the same work as Mayak's (``same_work``): the frames checked and tidied as Mayak does,
  the level keys checked in the result, and every finding Mayak makes (see
  ``_indicators_checks.py``).

The results are checked to be equal before the times are trusted; the same-work side's
values, counts and findings also on the data with one slip of each kind (``with_slips``).
The same again with a units table the datasets look each municipality's district up in.
Run ``python benchmarks/bench_indicators.py --help`` for options.

This is a measurement, not a test: it exits 0 whatever the ratio, and non-zero only when the
two sides disagree (then the timing would mean nothing).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

import polars as pl
from _common import (
    exit_unless_same,
    half_up,
    integers,
    measure_both,
    print_times,
    scale_and_repeat,
    uniform,
)
from _indicators_checks import (
    UNITS,
    Engine,
    Finding,
    check_frames,
    engine_for,
    looked_up,
    lookup_queries,
    table_findings,
    untidy_levels,
    with_levels_tidied,
)

if TYPE_CHECKING:  # imported in main: the hand-written report script reuses this module
    import mayak

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "kaliningrad"
PERIOD = 2023  # the period of the targets in rules/kaliningrad
SEED = 20230531

# Full-scale sizes (--scale 1): roughly a whole country's teachers.
TEACHERS = 1_700_000
EVENT_STAFF = 30_000
PARTICIPATIONS = 2_500_000
COMMUNITIES = 2_500  # two years each: 5 000 agreement rows
# Regions and municipalities do not shrink with --scale: the number of groups is a property
# of the country, and small scales then also exercise empty groups and zero denominators.
REGIONS = 85
MUNICIPALITIES = 2_700

# The rma dataset is a screening result: one row per application, 2 % of the teachers
# applied, and a quarter of them were admitted (0.5 % of all teachers, as in the report).
APPLICANT_SHARE = 0.02
OUTCOMES = ["admitted", "reserve", "needs_review"]
OUTCOME_SHARE = [0.25, 0.60, 0.15]  # admitted / reserve / needs_review among applicants
OUTCOME = pl.Enum(OUTCOMES)  # the dtype Mayak gives the outcome column of a screening
EXPERT_SHARE = 0.20
PARTICIPATING_TEACHERS = 0.7  # participations are drawn from this share of the teachers
AGREEMENT_SHARE = {2022: 0.60, 2023: 0.65}
SUBJECTS = ["математика", "русский язык", "литература", "история", "обществознание",
            "физика", "химия", "биология", "география", "информатика", "английский язык",
            "начальные классы", "дошкольное образование", "физическая культура"]
EVENT_FORMS = ["семинары и тренинги", "конкурсы профессионального мастерства",
               "консультации по введению ФГОС ООО", "ПК по приоритетным направлениям"]
# event_form is given as pl.Enum (the spec's values, in spec order): Mayak's conform then
# passes the column through lazily. As pl.String it is normalised, mapped and collected
# eagerly (with a row index for error messages) before evaluation. Measured (median of 7):
# Enum 0.96 s vs String 1.07 s at full scale, 51 ms vs 64 ms at --scale 0.05; Enum is kept.
EVENT_FORM = pl.Enum(EVENT_FORMS)

Frames = dict[str, pl.DataFrame]

# -- synthetic data ------------------------------------------------------------------------

def _skewed(n: int, high: int, seed: int) -> pl.Expr:
    """Integers in [0, high) with low values far more frequent: cities and villages."""
    return (uniform(n, seed).pow(2) * high).floor().cast(pl.Int64)


def _ids(prefix: str, index: pl.Expr, width: int) -> pl.Expr:
    return pl.format(f"{prefix}{{}}", (index + 1).cast(pl.String).str.zfill(width))


def _municipality_names() -> pl.Series:
    # The region is part of the name ("R07-M0123"): the teachers spec has no region column.
    return pl.select(pl.format("R{}-M{}",
                               (integers(MUNICIPALITIES, REGIONS, SEED) + 1)
                               .cast(pl.String).str.zfill(2),
                               (pl.int_range(MUNICIPALITIES) + 1).cast(pl.String).str.zfill(4))
                     ).to_series().rename("municipality")


def _rows(full: int, scale: float) -> int:
    return max(1, round(full * scale))


# At national scale nearly all the time is the aggregations both sides share; at small
# scales Mayak's fixed cost shows.
TARGET_FULL_SCALE, TARGET_SMALL_SCALE = 1.1, 1.3


def make_frames(scale: float, year: int = PERIOD, seed: int = SEED) -> Frames:
    """The data sets of one year (agreements: that year and the one before), seeded."""
    names = _municipality_names()
    n_teachers = _rows(TEACHERS, scale)
    teachers = pl.select(
        teacher_id=_ids("T", pl.int_range(n_teachers), 8),
        municipality=pl.lit(names).gather(_skewed(n_teachers, MUNICIPALITIES, seed + 1)),
        subject_area=pl.lit(pl.Series(SUBJECTS)).gather(
            integers(n_teachers, len(SUBJECTS), seed + 2)),
    )

    # Applicants are distinct existing teachers; the screening result keeps only the columns
    # the indicators use plus the required ones (Mayak fills the other columns with nulls).
    n_applicants = _rows(round(TEACHERS * APPLICANT_SHARE), scale)
    applicant = pl.select(pl.int_range(n_teachers).sample(
        min(n_applicants, n_teachers), with_replacement=False, seed=seed + 3)).to_series()
    draw = uniform(applicant.len(), seed + 11)
    admitted, reserve = OUTCOME_SHARE[0], OUTCOME_SHARE[0] + OUTCOME_SHARE[1]
    rma = pl.select(
        application_id=_ids("A", pl.int_range(applicant.len()), 7),
        municipality=teachers["municipality"].gather(applicant),
        subject_area=teachers["subject_area"].gather(applicant),
        outcome=pl.when(draw < admitted).then(pl.lit("admitted"))
        .when(draw < reserve).then(pl.lit("reserve"))
        .otherwise(pl.lit("needs_review")).cast(OUTCOME),
    )

    n_staff = _rows(EVENT_STAFF, scale)
    event_staff = pl.select(
        person_id=_ids("P", pl.int_range(n_staff), 6),
        municipality=pl.lit(names).gather(_skewed(n_staff, MUNICIPALITIES, seed + 4)),
        event_form=pl.lit(pl.Series(EVENT_FORMS)).gather(
            integers(n_staff, len(EVENT_FORMS), seed + 5)).cast(EVENT_FORM),
        regional_expert=uniform(n_staff, seed + 6) < EXPERT_SHARE,
    )

    # A participation is by an existing teacher, in that teacher's municipality.
    n_part = _rows(PARTICIPATIONS, scale)
    n_communities = max(2, round(COMMUNITIES * scale))
    who = pl.select(integers(n_part, max(1, round(n_teachers * PARTICIPATING_TEACHERS)),
                              seed + 7)).to_series()
    participation = pl.select(
        teacher_id=teachers["teacher_id"].gather(who),
        municipality=teachers["municipality"].gather(who),
        community=_ids("C", integers(n_part, n_communities, seed + 8), 5),
        event_date=pl.lit(dt.date(year, 1, 1))
        + pl.duration(days=integers(n_part, 365, seed + 9)),
    )

    row = pl.int_range(2 * n_communities)
    row_year = year - 1 + row % 2
    agreements = pl.select(
        community=_ids("C", row // 2, 5),
        year=row_year,
        has_agreement=uniform(2 * n_communities, seed + 10)
        < pl.when(row_year == year).then(AGREEMENT_SHARE.get(year, AGREEMENT_SHARE[PERIOD]))
        .otherwise(AGREEMENT_SHARE.get(year - 1, AGREEMENT_SHARE[PERIOD - 1])),
    )
    return {"teachers": teachers, "rma": rma, "event_staff": event_staff,
            "community_participation": participation, "community_agreements": agreements}


def _at(row: int, value: object, column: str) -> pl.Expr:
    """``column`` with ``value`` in row ``row`` (counted from 0)."""
    return (pl.when(pl.int_range(pl.len()) == row).then(pl.lit(value))
            .otherwise(pl.col(column)).alias(column))


def with_slips(frames: Mapping[str, pl.DataFrame]) -> Frames:
    """The frames with one slip of each kind Mayak checks on them, so that every finding
    and every tidying is compared: a teacher, a staff member and an application given twice;
    a teacher's key with an edge space (tidied: no finding); in the participations a
    teacher with an edge space, one «нет данных» and one blank (tidied: the first counts,
    the others are unknown) and an implausible date; an unknown expert flag and outcome
    (unknown counts); a staff member's municipality no units table lists (with a lookup:
    a key it lacks); in the agreements a year out of range (no period) and an unknown
    agreement; and a municipality with an edge space among the teachers (a level key: the
    indicators are computed again with it tidied)."""
    teachers, staff, rma = frames["teachers"], frames["event_staff"], frames["rma"]
    ids = teachers.get_column("teacher_id")
    return {
        **frames,
        "teachers": teachers.with_columns(
            _at(5, ids[4], "teacher_id")).with_columns(
            _at(10, f"{ids[10]} ", "teacher_id"),
            _at(12, " " + str(teachers.get_column("municipality")[12]), "municipality")),
        "rma": rma.with_columns(_at(12, rma.get_column("application_id")[3], "application_id"),
                                _at(4, None, "outcome")),
        "event_staff": staff.with_columns(_at(6, staff.get_column("person_id")[2], "person_id"),
                                          _at(8, None, "regional_expert"),
                                          _at(3, "R99-M9999", "municipality")),
        "community_participation": frames["community_participation"].with_columns(
            pl.when(pl.int_range(pl.len()) == 3).then(" " + pl.col("teacher_id"))
            .when(pl.int_range(pl.len()) == 7).then(pl.lit("нет данных"))
            .when(pl.int_range(pl.len()) == 9).then(pl.lit(""))
            .otherwise(pl.col("teacher_id")).alias("teacher_id"),
            _at(11, dt.date(1023, 5, 1), "event_date")),
        "community_agreements": frames["community_agreements"].with_columns(
            _at(2, 3023, "year"), _at(5, None, "has_agreement")),
    }


# -- a units table: municipality attributes looked up by key -------------------------------

DISTRICT = "district"
DISTRICTS_PER_REGION = 6
# The datasets with a municipality column whose specs look the district up (rma is a
# screening result: its columns are the applications'). Two indicators read only these.
LOOKING_UP = ("teachers", "event_staff", "community_participation")
UNITS_SPEC = """kind: dataset
id: municipalities
title: Муниципалитеты
key: municipality
columns:
  municipality: {type: string, title: Муниципалитет}
  district: {type: string, title: Округ}
  teachers_total: {type: integer, title: Педагогов всего}
"""
LOOKUP = "lookup:\n  - {dataset: municipalities, take: [district, teachers_total]}\n"


def make_units() -> pl.DataFrame:
    """One row per municipality: its district (within its region) and a teacher count."""
    names = _municipality_names()
    n = names.len()
    return pl.select(
        municipality=pl.lit(names),
        district=pl.format("{}-D{}", pl.lit(names).str.slice(0, 3),
                           (integers(n, DISTRICTS_PER_REGION, SEED + 12) + 1).cast(pl.String)),
        teachers_total=integers(n, 2_000, SEED + 13),
    )


def units_with_slips(units: pl.DataFrame) -> pl.DataFrame:
    """The units table with a municipality given twice (the first row counts)."""
    return pl.concat([units, units.slice(7, 1).with_columns(pl.lit("X-D1").alias(DISTRICT))])


def copy_rules(folder: Path) -> Path:
    """Copy ``rules/kaliningrad``, the base rule set it extends and the catalogue it
    includes into ``folder``; return the folder of the dataset specs."""
    shutil.copytree(RULES, folder / "rules" / "kaliningrad")
    shutil.copytree(RULES.parent / "order-908-1", folder / "rules" / "order-908-1")
    shutil.copytree(ROOT / "indicators", folder / "indicators")
    return folder / "indicators" / "datasets"


def lookup_rules(folder: Path) -> Path:
    """A copy of ``rules/kaliningrad`` (and the catalogue it includes) whose datasets with
    a municipality look its district up in a municipalities units table."""
    specs = copy_rules(folder)
    for name in LOOKING_UP:
        spec = specs / f"{name}.yaml"
        spec.write_text(spec.read_text("utf-8") + LOOKUP, encoding="utf-8")
    (specs / "municipalities.yaml").write_text(UNITS_SPEC, encoding="utf-8")
    return folder / "rules" / "kaliningrad"


def _computed_at(indicator: Indicator, level: str) -> bool:
    """Whether an indicator is computed at ``level``: per district, when every dataset it
    reads looks the district up."""
    if level == DISTRICT:
        return set(indicator.datasets) <= set(LOOKING_UP)
    return level in indicator.levels


# -- hand-written Polars -------------------------------------------------------------------

TOTAL = "total"
LEVELS = (TOTAL, "municipality", "subject_area")


@dataclass(frozen=True)
class Indicator:
    id: str
    formula: pl.Expr  # over the aggregated counts
    digits: int
    met: Callable[[pl.Expr], pl.Expr]
    datasets: tuple[str, ...]
    levels: tuple[str, ...] = (TOTAL, "municipality")  # where it is computed
    judged: tuple[str, ...] | None = None  # levels with a status (None: every level)


def _ratio(numerator: str, denominator: str) -> pl.Expr:
    # A zero denominator means "no data": null, never inf or NaN.
    return (pl.col(numerator).cast(pl.Float64)
            / pl.when(pl.col(denominator) != 0).then(pl.col(denominator)))


INDICATORS = (
    Indicator("rma_curator_share", _ratio("A", "Z") * 100, 1, lambda v: v >= 0.5,
              ("teachers", "rma")),
    # M = A. The targets judge it in total and per subject area ("one methodist per 200
    # teachers" in each area); per municipality it is computed but has no target.
    Indicator("teachers_per_methodist", _ratio("Z", "A"), 0, lambda v: v <= 200,
              ("teachers", "rma"), levels=(TOTAL, "municipality", "subject_area"),
              judged=(TOTAL, "subject_area")),
    Indicator("expert_share_in_events", _ratio("E_m", "Z_staff") * 100, 1, lambda v: v >= 20,
              ("event_staff",)),
    Indicator("community_participation_share", _ratio("S", "Z") * 100, 1, lambda v: v >= 50,
              ("community_participation", "teachers")),
    # community_agreements has no municipality column.
    Indicator("community_growth", _ratio("d1", "d2"), 2, lambda v: v >= 1,
              ("community_agreements",), levels=(TOTAL,)),
)


def _values(indicators: list[Indicator]) -> list[pl.Expr]:
    # Mayak's default rounding ("half_up") is half away from zero, of the decimal value.
    return [half_up(ind.formula, ind.digits).alias(ind.id) for ind in indicators]


def _statuses(indicators: list[Indicator], level: str) -> list[pl.Expr]:
    return [(pl.lit("no_target") if ind.judged is not None and level not in ind.judged
             else pl.when(pl.col(ind.id).is_null()).then(pl.lit("no_data"))
             .when(ind.met(pl.col(ind.id))).then(pl.lit("met"))
             .otherwise(pl.lit("not_met"))).alias(f"{ind.id}.status") for ind in indicators]


def _counted(condition: pl.Expr, name: str) -> list[pl.Expr]:
    """Rows meeting ``condition``, and rows where it is unknown. As in Mayak, the count is
    unknown when no row of a non-empty group could say (every condition null)."""
    some_known = (pl.len() == 0) | condition.is_not_null().any()
    return [pl.when(some_known).then(condition.sum()).alias(name),
            condition.is_null().sum().alias(f"{name}.unknown")]


# The conditions of the counts: the dataset, and what a row counted meets.
CONDITIONS = {"A": ("rma", pl.col("outcome") == "admitted"),
              "E_m": ("event_staff", pl.col("regional_expert")),
              "d1": ("community_agreements", (pl.col("year") == PERIOD) & pl.col("has_agreement")),
              "d2": ("community_agreements",
                     (pl.col("year") == PERIOD - 1) & pl.col("has_agreement"))}


def _aggregations(level: str) -> dict[str, list[pl.Expr]]:
    """Per dataset, the counts the indicators at ``level`` need from it."""
    # Mayak also counts, per variable, the rows it cannot classify (null condition or null
    # counted value); the null counts below are that same work, so the comparison is fair.
    # Z and A (= M) are computed once: they are the same counts in several indicators.
    teacher = pl.col("teacher_id")
    return {
        "teachers": [pl.len().alias("Z")],
        "rma": _counted(CONDITIONS["A"][1], "A"),
        "event_staff": [pl.len().alias("Z_staff"), *_counted(CONDITIONS["E_m"][1], "E_m")],
        # Per group, S comes from a query of its own (see _distinct_by_group).
        "community_participation": [*([teacher.drop_nulls().n_unique().alias("S")]
                                      if level == TOTAL else []),
                                    teacher.null_count().alias("S.unknown")],
        "community_agreements": [*_counted(CONDITIONS["d1"][1], "d1"),
                                 *_counted(CONDITIONS["d2"][1], "d2")],
    }


# Per indicator, its variables in Mayak's result and the hand-written columns holding them.
COUNTS = {"rma_curator_share": {"A": "A", "Z": "Z"},
          "teachers_per_methodist": {"Z": "Z", "M": "A"},
          "expert_share_in_events": {"E_m": "E_m", "Z": "Z_staff"},
          "community_participation_share": {"S": "S", "Z": "Z"},
          "community_growth": {"d1": "d1", "d2": "d2"}}


UNCOUNTED_LISTED = 20  # rows named per count, as Mayak names them


def uncounted(frames: Mapping[str, pl.DataFrame], total: Mapping[str, Any]) -> list[Finding]:
    """Per indicator, each count that left out rows it could not classify (unknown
    condition or value), as Mayak warns of it: the first rows named."""
    unknown = {column: (dataset, condition.is_null())
               for column, (dataset, condition) in CONDITIONS.items()}
    unknown["S"] = ("community_participation", pl.col("teacher_id").is_null())
    wanted = [(indicator, variable, column) for indicator, columns in sorted(COUNTS.items())
              for variable, column in sorted(columns.items())
              if column in unknown and total.get(f"{column}.unknown")]

    def numbered(name: str) -> pl.LazyFrame:  # as the file numbers its rows
        frame = frames[name].lazy()
        return frame if "_row" in frames[name].columns else frame.with_row_index("_row", 1)

    rows = pl.collect_all([numbered(unknown[c][0]).filter(unknown[c][1])
                           .select(pl.col("_row").cast(pl.Int64)).head(UNCOUNTED_LISTED)
                           for _, _, c in wanted])
    found: list[Finding] = []
    for (indicator, variable, column), listed in zip(wanted, rows, strict=True):
        count, numbers = total[f"{column}.unknown"], listed["_row"].to_list()
        shown = ", ".join(map(str, numbers)) + (", …" if count > len(numbers) else "")
        kind = "distinct" if column == "S" else "count"
        found.append(("eval.uncounted_rows", f"<{unknown[column][0]}>", numbers[0],
                      f"{indicator} {variable} {kind} {count}: {shown}"))
    return found


def _distinct_by_group(participation: pl.LazyFrame, level: str) -> pl.LazyFrame:
    """Distinct teachers per group as unique (group, teacher) pairs counted: much faster than
    a per-group n_unique on 2.5 M rows (Mayak does the same)."""
    return (participation.select(level, "teacher_id").drop_nulls("teacher_id").unique()
            .group_by(level).agg(pl.len().alias("S")))


def _joined(parts: list[pl.DataFrame], level: str) -> pl.DataFrame:
    """The per-dataset counts side by side, one row per key of any dataset."""
    marked = [part.with_columns(pl.lit(True).alias(f"_in.{n}")) for n, part in enumerate(parts)]
    wide = reduce(lambda a, b: a.join(b, on=level, how="full", coalesce=True, nulls_equal=True),
                  marked).sort(level, nulls_last=True)
    # A key absent from one dataset has zero rows there: counts 0, not unknown. A count
    # that is unknown inside a group present in the dataset stays unknown.
    zeros = [pl.when(pl.col(f"_in.{n}").is_null()).then(0).otherwise(pl.col(c)).alias(c)
             for n, part in enumerate(parts) for c in part.columns
             if c != level and not c.endswith(".unknown")]
    unknowns = [pl.col(c).fill_null(0) for part in parts for c in part.columns
                if c.endswith(".unknown")]
    return wide.with_columns(*zeros, *unknowns).drop(f"_in.{n}" for n in range(len(parts)))


def handwritten(frames: Mapping[str, pl.DataFrame], units: pl.DataFrame | None = None,
                engine: Engine = "auto") -> dict[str, pl.DataFrame]:
    """Per level, one row per key (one row for the total) with a value and a status column
    per indicator computed there; with ``units``, also per district, each dataset joined
    with the units table by municipality for that level. ``engine`` runs the queries.

    The recommendations (``rules/kaliningrad/recommendations-rma.yaml``: a couple of texts
    per subject area over the 14 rows of teachers_per_methodist) are not reproduced: they
    work on the small aggregated table only, so Mayak alone pays for them.
    """
    plan: list[tuple[str, pl.LazyFrame]] = []
    chosen: dict[str, list[Indicator]] = {}
    levels = LEVELS if units is None else (*LEVELS, DISTRICT)
    for level in levels:
        chosen[level] = [ind for ind in INDICATORS if _computed_at(ind, level)]
        aggregations = _aggregations(level)
        # The total is its own pass (as in Mayak): distinct teachers do not add up over groups.
        for name in dict.fromkeys(d for ind in chosen[level] for d in ind.datasets):
            frame = frames[name].lazy()
            if level == DISTRICT and units is not None:
                frame = frame.join(units.lazy().select("municipality", DISTRICT),
                                   on="municipality", how="left")
            plan.append((level, frame.select(aggregations[name]) if level == TOTAL
                         else frame.group_by(level).agg(aggregations[name])))
            if name == "community_participation" and level != TOTAL:
                plan.append((level, _distinct_by_group(frame, level)))
    # All queries run together (``engine``: see ``engine_for``).
    collected = pl.collect_all([query for _, query in plan], engine=engine)
    tables: dict[str, pl.DataFrame] = {}
    for level in levels:
        parts = [frame for (lv, _), frame in zip(plan, collected, strict=True) if lv == level]
        wide = pl.concat(parts, how="horizontal") if level == TOTAL else _joined(parts, level)
        tables[level] = (wide.with_columns(_values(chosen[level]))
                         .with_columns(_statuses(chosen[level], level)))
    return tables


class Hand(NamedTuple):
    """The same-work side's result: the tables of ``handwritten`` and the findings."""

    tables: dict[str, pl.DataFrame]
    findings: list[Finding]


DIGITS = {ind.id: ind.digits for ind in INDICATORS}


def _unavailable(levels: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The indicators not computed at a level asked for, each with the first of its datasets
    without that column (said as Mayak says it)."""
    return [(ind.id, level, next(d for d in ind.datasets
                                 if (level == DISTRICT and d not in LOOKING_UP)
                                 or d == "community_agreements"))
            for level in levels for ind in INDICATORS
            if level in ("municipality", DISTRICT) and not _computed_at(ind, level)]


def same_work(frames: Mapping[str, pl.DataFrame], units: pl.DataFrame | None = None) -> Hand:
    """``handwritten`` doing Mayak's work on these frames too (``_indicators_checks``): the
    frames checked and tidied first (with ``units``, the units table too, and each dataset's
    municipalities matched with it), the level keys checked in the result (and, if one
    needs tidying, the indicators computed again with it tidied), the findings made."""
    given = dict(frames) if units is None else {**frames, UNITS: units}
    engine = engine_for(given)
    checked = check_frames(given, lookup_queries(given, LOOKING_UP) if units is not None
                           else (), engine=engine)
    typed, table, found = checked.frames, None, list(checked.findings)
    if units is not None:
        typed, table, matched = looked_up(typed, checked.extra, LOOKING_UP)
        found += matched
    tables = handwritten(typed, table, engine)
    retidy = untidy_levels(tables)
    if retidy:  # rare: a level key needed tidying, so the groups were wrong
        tables = handwritten(with_levels_tidied(typed, retidy), table, engine)
    levels = ("municipality",) if units is None else ("municipality", DISTRICT)
    found += table_findings(tables, DIGITS, _unavailable(levels))
    found += uncounted(typed, tables[TOTAL].row(0, named=True))
    return Hand(tables, sorted(found, key=str))


# -- Mayak ---------------------------------------------------------------------------------

def with_mayak(rules: mayak.Ruleset, frames: Mapping[str, pl.DataFrame]) -> mayak.Result:
    # The subject_area level of teachers_per_methodist comes from the targets (and the
    # recommendations); municipality is asked for.
    return rules.evaluate(frames, levels=["municipality"])


def with_mayak_lookup(rules: mayak.Ruleset, frames: Mapping[str, pl.DataFrame],
                      units: pl.DataFrame) -> mayak.Result:
    return rules.evaluate({**frames, "municipalities": units},
                          levels=["municipality", DISTRICT])


# -- checking ------------------------------------------------------------------------------

def level_key(level: str) -> pl.Expr:
    """A hand-written table's rows keyed as Mayak's result keys them (none for the total)."""
    return (pl.lit(None, dtype=pl.String) if level == TOTAL
            else pl.col(level).cast(pl.String)).alias("key")


def _long(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """The hand-written result in Mayak's row shape: indicator, level, key, value, status."""
    parts = []
    for level, frame in tables.items():
        key = level_key(level)
        parts += [frame.select(pl.lit(ind.id).alias("indicator"), pl.lit(level).alias("level"),
                               key, pl.col(ind.id).alias("value"),
                               pl.col(f"{ind.id}.status").alias("status"))
                  for ind in INDICATORS if _computed_at(ind, level)]
    return pl.concat(parts)


def check_same(result: mayak.Result, tables: Mapping[str, pl.DataFrame]) -> int:
    """Raise SystemExit listing differences; return the number of values compared."""
    ours = _long(tables)
    theirs = result.indicators.select("indicator", "level", "key", "value",
                                      pl.col("status").cast(pl.String))
    return exit_unless_same("values and statuses", theirs, ours, ["indicator", "level", "key"],
                            ["value", "status"], exact={"status"})


def mayak_findings(problems: Iterable[mayak.Problem]) -> list[Finding]:
    """Mayak's problems as the same-work side lists its findings (code, file, first row,
    what it names)."""
    out: list[Finding] = []
    for problem in problems:
        code, params, where = problem.code, problem.params, problem.location
        file = "" if where is None else (
            where.file if where.file.startswith("<") else Path(where.file).name)
        row = None if where is None else where.row
        match code:
            case "data.missing_optional":
                detail = str(params["column"])
            case "data.duplicate_key":
                detail = f"{params['value']}: {params['rows']}"
            case "lookup.duplicate_key":
                detail = f"{params['value']}: {params['rows']}"
            case "lookup.unmatched" | "lookup.unmatched_hinted":
                code = "lookup.unmatched"
                detail = (f"{params['dataset']}: {params['keys']}; {params['count']} keys, "
                          f"{params['rows']} rows; {params.get('hints', '')}")
            case "data.rows_without_period":
                detail = f"{params['count']}: {params['rows']}"
            case "data.more_duplicate_keys" | "data.more_bad_values":
                detail = str(params["count"])
            case "data.period_empty":
                detail = str(params["period"]).split()[0]
            case "eval.uncounted_rows":
                detail = (f"{params['indicator']} {params['variable']} "
                          f"{params['aggregation']} {params['count']}: {params['rows']}")
            case "report.published_differs":
                value = params["value"]
                shown = "—" if not hasattr(value, "digits") else (
                    f"{value.value:.{value.digits or 0}f}")
                detail = f"{params['indicator']} {params['printed'].value:g} {shown}"
            case "level.unavailable_dataset":
                detail = f"{params['indicator']} {params['level']} {params['name']}"
            case _ if "value" in params:
                detail = str(params["value"])
            case _:
                detail = ""
        out.append((code, file, row, detail))
    return sorted(out, key=str)


def check_same_counts(result: mayak.Result, tables: Mapping[str, pl.DataFrame]) -> int:
    """Exit 1 unless every variable's count and unknown count are Mayak's; return how many
    rows were compared."""
    parts = []
    for level, frame in tables.items():
        key = level_key(level)
        parts += [frame.select(
            pl.lit(ind.id).alias("indicator"), pl.lit(level).alias("level"), key,
            pl.lit(name).alias("variable"), pl.col(column).cast(pl.Float64).alias("value"),
            (pl.col(f"{column}.unknown") if f"{column}.unknown" in frame.columns
             else pl.lit(0)).cast(pl.Int64).alias("unknown"))
            for ind in INDICATORS if _computed_at(ind, level)
            for name, column in COUNTS[ind.id].items()]
    ours = pl.concat(parts)
    theirs = result.variables.select("indicator", "level", "key", "variable", "value",
                                     pl.col("unknown").cast(pl.Int64))
    return exit_unless_same("counts", theirs, ours, ["indicator", "level", "key", "variable"],
                            ["value", "unknown"], exact={"value", "unknown"})


def check_same_findings(result: mayak.Result, hand: Hand) -> int:
    """Exit 1 unless the hand-written checks found what Mayak reports; return how many."""
    ours = mayak_findings(result.problems)
    if ours != hand.findings:
        print("MISMATCH in findings:", file=sys.stderr)
        for label, items in (("only Mayak", [f for f in ours if f not in hand.findings]),
                             ("only hand-written", [f for f in hand.findings if f not in ours])):
            print(f"  {label}: {items}", file=sys.stderr)
        raise SystemExit(1)
    return len(ours)


def check_same_work(result: mayak.Result, hand: Hand) -> tuple[int, int, int]:
    """Values and statuses, counts and findings of the same-work side against Mayak's."""
    return (check_same(result, hand.tables), check_same_counts(result, hand.tables),
            check_same_findings(result, hand))


# -- timing --------------------------------------------------------------------------------

def _describe(frames: Frames) -> list[str]:
    lines = [f"  {name:<24} {frame.height:>10,} rows  {frame.estimated_size('mb'):8.1f} MB"
             for name, frame in frames.items()]
    municipalities = frames["teachers"]["municipality"]
    regions = municipalities.str.slice(0, 3).n_unique()
    admitted = (frames["rma"]["outcome"] == "admitted").sum()
    lines.append(f"  {'rma admitted':<24} {admitted:>10,} rows  "
                 f"({admitted / max(frames['teachers'].height, 1):.2%} of teachers)")
    lines.append(f"  {'levels':<24} {regions} regions, {municipalities.n_unique():,} "
                 f"municipalities, {frames['teachers']['subject_area'].n_unique()} subject "
                 f"areas (teachers)")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = scale_and_repeat(
        "Time Mayak's evaluate against hand-written Polars on synthetic data.", argv)

    start = time.perf_counter()
    frames = make_frames(args.scale)
    slipped = with_slips(frames)
    generated = time.perf_counter() - start
    import mayak  # noqa: PLC0415  (not at the top: _handwritten_report.py imports this module)

    rules = mayak.load([RULES])

    # The computation alone trusts every cell: it agrees with Mayak on data without slips.
    result = with_mayak(rules, frames)
    engine = engine_for(frames)  # as Mayak chooses it: in memory for small frames
    compared = check_same(result, handwritten(frames, engine=engine))
    check_same_work(result, same_work(frames))
    values, counts, found = check_same_work(with_mayak(rules, slipped), same_work(slipped))

    medians = measure_both({"hand-written": lambda: handwritten(frames, engine=engine),
                            "same work": lambda: same_work(frames),
                            "mayak": lambda: with_mayak(rules, frames)}, args.repeat)
    target = TARGET_FULL_SCALE if args.scale >= 1 else TARGET_SMALL_SCALE
    print(f"Mayak evaluate vs hand-written Polars {pl.__version__} "
          f"(scale {args.scale:g}, median of {args.repeat}, "
          f"{pl.thread_pool_size()} threads)")
    print(*_describe(frames), sep="\n")
    print(f"  data generated in {generated:.2f} s; {compared} values and statuses agree; "
          f"with one slip of each kind, {values} values and statuses, {counts} counts and "
          f"{found} findings agree")
    _print_pair(medians, target)
    _measure_lookup(mayak, frames, args.repeat, target)
    return 0


def _print_pair(medians: Mapping[str, tuple[float, float]], target: float) -> None:
    """Mayak's medians against both hand-written versions (timed on the data without slips);
    the target is the same-work ratio's."""
    print("The computation only (the hand-written side checks nothing):")
    print_times(medians["hand-written"], medians["mayak"], None)
    print("The same work (the hand-written side also checks and tidies the frames and makes "
          "every finding Mayak makes):")
    print_times(medians["same work"], medians["mayak"], target)


def _measure_lookup(mayak: ModuleType, frames: Frames, repeat: int, target: float) -> None:
    """The same with the district of every municipality looked up in a units table, and
    the indicators that can be also computed per district."""
    units = make_units()
    with tempfile.TemporaryDirectory() as folder:
        rules = mayak.load([lookup_rules(Path(folder))])
    result = with_mayak_lookup(rules, frames, units)
    engine = engine_for({**frames, UNITS: units})
    compared = check_same(result, handwritten(frames, units, engine))
    check_same_work(result, same_work(frames, units))
    slipped, slipped_units = with_slips(frames), units_with_slips(units)
    values, counts, found = check_same_work(
        with_mayak_lookup(rules, slipped, slipped_units), same_work(slipped, slipped_units))
    medians = measure_both({"hand-written": lambda: handwritten(frames, units, engine),
                            "same work": lambda: same_work(frames, units),
                            "mayak": lambda: with_mayak_lookup(rules, frames, units)}, repeat)
    print(f"With a lookup: {units.height:,} municipalities in "
          f"{units[DISTRICT].n_unique():,} districts, {len(LOOKING_UP)} datasets looking "
          f"the district up, levels municipality and district")
    print(f"  {compared} values and statuses agree; with one slip of each kind, {values} "
          f"values and statuses, {counts} counts and {found} findings agree")
    _print_pair(medians, target)


if __name__ == "__main__":
    sys.exit(main())
