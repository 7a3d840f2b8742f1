"""Time Mayak's classifications and expert review against hand-written Polars at national scale.

Generated, seeded data for two years (2022 and 2023): a units table ``mms`` with a row per
municipality and year (2 700 municipalities: settlement type, teachers, methodists; the
counts drift between the years, so some units change class) and the scores ``expertise`` in
wide form (10 sections, about 4 % of the units not submitting in a year, a few unscored
cells; section ``s04``'s maximum is 10 in 2022 and 15 from 2023). The rules: two
classifications of ``mms`` (``settlement`` by attribute, ``provision`` by bins over
``teachers / methodists`` with ``round: floor``) and one scoring with ``classes:`` both and
``units: mms``. Mayak runs ``rules.evaluate(frames, period=2023, compare=True)``. The
hand-written Polars is timed twice:

- the computation only: each unit's classes per year, totals, percentages, ranks, averages
  over all units and per class, the paired changes and the differences of averages;
- the same work as Mayak's: the frames typed and checked first, the units matched case
  aside, and every check Mayak makes, with the units each finding names
  (``_expertise_checks.py``).

Both run on Polars' in-memory engine, which suits data this small (Mayak picks it too). The
main columns, and the findings against Mayak's problems, are checked equal before the times
are trusted. Run ``python benchmarks/bench_expertise.py --help``.

This is a measurement, not a test: it exits 0 whatever the ratio, and 1 only when the two
sides disagree.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import polars as pl
from _common import exit_unless_same, integers, print_times, scale_and_repeat
from _expertise_checks import ENGINE, Finding, checked, findings
from bench_periods import measure

if TYPE_CHECKING:
    import mayak

SEED = 9
PERIOD, PREVIOUS = 2023, 2022
YEARS = (PREVIOUS, PERIOD)
MUNICIPALITIES = 2_700
SECTIONS = tuple(f"s{n:02}" for n in range(1, 11))
CHANGING = "s04"  # its maximum: 10 until 2022, 15 from 2023
MAXIMA = {PREVIOUS: dict.fromkeys(SECTIONS, 10) | {CHANGING: 10},
          PERIOD: dict.fromkeys(SECTIONS, 10) | {CHANGING: 15}}
SETTLEMENT = {"городской": "городские", "сельский": "сельские", "удалённый": "удалённые"}
PROVISION = (("до 60", None, 60), ("61–120", 61, 120), ("121 и более", 121, None))
CLASSIFICATIONS = ("settlement", "provision")
TARGET = 1.2  # the bound
SCORING = "expertise_review"

YEAR = "  year: {type: integer, title: Год, required: true, min: 2015, max: 2030}\n"
MMS_SPEC = ("kind: dataset\nid: mms\ntitle: ММС по годам\nkey: municipality\nperiod: year\n"
            "columns:\n  municipality: {type: string, title: Муниципалитет, required: true}\n"
            + YEAR + "  settlement_type: {type: category, title: Тип территории, values: ["
            + ", ".join(SETTLEMENT) + "]}\n"
            "  teachers: {type: integer, title: Педагогов, min: 0}\n"
            "  methodists: {type: integer, title: Методистов, min: 0}\n")
SCORES_SPEC = ("kind: dataset\nid: expertise\ntitle: Баллы экспертизы\nkey: municipality\n"
               "period: year\ncolumns:\n"
               "  municipality: {type: string, title: Муниципалитет, required: true}\n" + YEAR
               + "".join(f"  {s}: {{type: integer, title: Раздел {s}, min: 0}}\n"
                         for s in SECTIONS))
SETTLEMENT_SPEC = ("kind: classification\nid: settlement\ntitle: Тип территории\ndataset: mms\n"
                   "unit: municipality\nattribute: settlement_type\nclasses:\n"
                   + "".join(f"  - {{id: {c}, values: [{v}]}}\n" for v, c in SETTLEMENT.items()))
PROVISION_SPEC = ("kind: classification\nid: provision\ntitle: Педагогов на методиста\n"
                  "dataset: mms\nunit: municipality\nvalue: teachers / methodists\n"
                  "round: floor\nclasses:\n"
                  "  - {id: до 60, to: 60}\n  - {id: 61–120, from: 61, to: 120}\n"
                  "  - {id: 121 и более, from: 121}\n")
SCORING_SPEC = (f"kind: scoring\nid: {SCORING}\ntitle: Экспертиза ММС\ndataset: expertise\n"
                "unit: municipality\nunits: mms\nclasses: [settlement, provision]\n"
                "missing: exclude\nsections:\n"
                + "".join(f"  - {{id: {s}, title: Раздел {s}, max: 10}}\n" for s in SECTIONS
                          if s != CHANGING)
                + f"  - id: {CHANGING}\n    title: Раздел {CHANGING}\n    max:\n"
                f"      - {{to: {PREVIOUS}, max: 10}}\n      - {{from: {PERIOD}, max: 15}}\n")
SPECS = {"mms": MMS_SPEC, "expertise": SCORES_SPEC, "settlement": SETTLEMENT_SPEC,
         "provision": PROVISION_SPEC, SCORING: SCORING_SPEC}
RULESET = (f"kind: ruleset\nid: expertise-bench\ntitle: Экспертиза ММС\nperiod: {PERIOD}\n"
           "compare: true\n")

Frames = dict[str, pl.DataFrame]


class Hand(NamedTuple):
    """The hand-written side's results: a row per unit and year, a row per year and group,
    and (with the checks) what it found."""

    units: pl.DataFrame
    averages: pl.DataFrame
    findings: list[Finding]


# -- data and rules ------------------------------------------------------------------------

def make_frames(scale: float) -> Frames:
    """The units table and the scores of both years (``scale`` shrinks the municipalities)."""
    n = max(10, round(MUNICIPALITIES * scale))
    names = pl.Series("municipality", [f"M{i:04}" for i in range(1, n + 1)])
    base = pl.DataFrame({"municipality": names}).with_columns(
        integers(n, 3, SEED).alias("_type"),
        (integers(n, 3_000, SEED + 1) + 30).alias("_teachers"),
        (integers(n, 30, SEED + 2) + 1).alias("_methodists"))
    units, scores = [], []
    for k, year in enumerate(YEARS):
        seed = SEED + 100 * (k + 1)
        drift = integers(n, 21, seed) - 10  # teachers ±10 %, methodists ±1 in places
        mms = base.with_columns(
            pl.lit(year, pl.Int64).alias("year"),
            pl.col("_type").replace_strict(dict(enumerate(SETTLEMENT)), return_dtype=pl.String)
            .alias("settlement_type"),
            (pl.col("_teachers") * (100 + drift) // 100).alias("teachers"),
            (pl.col("_methodists") + (integers(n, 5, seed + 1) == 0).cast(pl.Int64)
             ).alias("methodists"))
        units.append(mms.select("municipality", "year", "settlement_type", "teachers",
                                "methodists"))
        tops = MAXIMA[year]
        marks = mms.select(
            "municipality", "year",
            *(pl.when(integers(n, 200, seed + 10 + j) != 0)  # 0.5 % of cells unscored
              .then(integers(n, tops[s] + 1, seed + 30 + j)).alias(s)
              for j, s in enumerate(SECTIONS)))
        submitted = integers(n, 25, seed + 2) != 0  # about 4 % do not submit
        scores.append(marks.filter(submitted))
    return {"mms": pl.concat(units).with_columns(pl.col("settlement_type").cast(pl.Categorical)),
            "expertise": pl.concat(scores)}


def with_slips(frames: Frames) -> Frames:
    """The tables with one slip of each kind Mayak reports, so that every kind of finding
    is compared: a negative count of teachers and an unknown number of methodists (their
    units' class is unknown), a score above its section's maximum, the scores of a unit
    the units table does not list, and a unit given twice in a year (its first row
    counts)."""
    mms, scores = frames["mms"], frames["expertise"]
    mms = mms.with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(-5).otherwise(pl.col("teachers"))
        .alias("teachers"),
        pl.when(pl.int_range(pl.len()) == pl.len() - 3).then(None)
        .otherwise(pl.col("methodists")).alias("methodists"))
    now = pl.col("year") == PERIOD
    first_now = now & (pl.int_range(pl.len()).over(now) == 0)
    scores = scores.with_columns(
        pl.when(first_now).then(MAXIMA[PERIOD]["s01"] + 1).otherwise(pl.col("s01"))
        .alias("s01"))
    stray = scores.filter(first_now).with_columns(pl.lit("M9999").alias("municipality"))
    twice = scores.filter(~now).slice(4, 1).with_columns(pl.lit(0, pl.Int64).alias("s02"))
    return {"mms": mms, "expertise": pl.concat([scores, stray, twice])}


def write_rules(folder: Path) -> Path:
    for name, text in {"ruleset": RULESET, **SPECS}.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


# -- hand-written Polars -------------------------------------------------------------------

def _class_columns() -> list[pl.Expr]:
    """Each unit's two classes (``settlement``, ``provision``) and what it is classed by
    (``<name>.value``)."""
    ratio = (pl.col("teachers") / pl.col("methodists")).floor()
    provision = pl.lit(None, pl.String)
    for name, low, high in reversed(PROVISION):
        inside = pl.lit(True)
        if low is not None:
            inside &= ratio >= low
        if high is not None:
            inside &= ratio <= high
        provision = pl.when(inside).then(pl.lit(name)).otherwise(provision)
    kind = pl.col("settlement_type").cast(pl.String)
    return [kind.replace_strict(SETTLEMENT, default=None).alias("settlement"),
            kind.alias("settlement.value"), provision.alias("provision"),
            ratio.alias("provision.value")]


def _classes(mms: pl.LazyFrame, *, computed: bool = False) -> pl.LazyFrame:
    """Each unit's two classes per year (``computed``: already columns of ``mms``)."""
    classes = [c for c in _class_columns() if not c.meta.output_name().endswith(".value")]
    return mms.select(pl.col("municipality").alias("unit"), pl.col("year"),
                      *(pl.col(c.meta.output_name()) if computed else c for c in classes))


def _year(units: pl.LazyFrame, scores: pl.LazyFrame, year: int, *, checks: bool
          ) -> pl.LazyFrame:
    """One year's row per expected unit: classes, status, total, percentages, rank
    (``checks``: as Mayak, a score above its maximum is unknown, the units are matched case
    aside and a repeated unit's first row counts)."""
    tops = MAXIMA[year]
    max_total = float(sum(tops.values()))
    marks = scores.filter(pl.col("year") == year).select(
        pl.col("municipality").alias("unit"), *(pl.col(s).cast(pl.Float64) for s in SECTIONS),
        pl.lit(True).alias("_in"))
    units = units.filter(pl.col("year") == year).drop("year")
    if checks:
        marks = (marks.with_columns(*(pl.when(pl.col(s) <= tops[s]).then(pl.col(s)).alias(s)
                                      for s in SECTIONS),
                                    pl.col("unit").str.to_lowercase().alias("_match"))
                 .unique("_match", keep="first", maintain_order=True))
        units = units.with_columns(pl.col("unit").str.to_lowercase().alias("_match"))
        # Scores of a unit the units table does not list still make a row, named as given.
        joined = (units.join(marks, on="_match", how="full", coalesce=True, suffix="._given")
                  .with_columns(pl.coalesce("unit", "unit._given").alias("unit"))
                  .drop("_match", "unit._given"))
    else:
        joined = units.join(marks, on="unit", how="left")
    known = pl.all_horizontal(pl.col(s).is_not_null() for s in SECTIONS)
    total = pl.when(known).then(pl.sum_horizontal(SECTIONS))
    return (joined
            .with_columns(
                pl.lit(str(year)).alias("period"),
                pl.when(pl.col("_in").is_null()).then(pl.lit("not_submitted"))
                .when(known).then(pl.lit("scored")).otherwise(pl.lit("no_data")).alias("status"),
                total.alias("total"))
            .with_columns(
                *((pl.col(s) * 100 / tops[s]).alias(f"{s}_percent") for s in SECTIONS),
                (pl.col("total") * 100 / max_total).alias("percent"),
                pl.col("total").rank("min", descending=True).cast(pl.Int64).alias("rank"))
            .drop("_in"))


def _averages(units: pl.LazyFrame) -> pl.LazyFrame:
    """Per year, the averages over all units and over each class: the rows stacked (all
    units, then each classification's classed units) and grouped once."""
    scored = pl.col("status") == "scored"
    measured = [*SECTIONS, *(f"{s}_percent" for s in SECTIONS), "total", "percent"]
    none = pl.lit(None, pl.String)
    stacked = pl.concat([units.with_columns(none.alias("classification"), none.alias("class")),
                         *(units.filter(pl.col(c).is_not_null()).with_columns(
                             pl.lit(c).alias("classification"), pl.col(c).alias("class"))
                           for c in CLASSIFICATIONS)])
    return stacked.group_by("period", "classification", "class").agg(
        pl.len().alias("units"), scored.sum().alias("averaged"),
        *(pl.when(scored).then(pl.col(c)).mean() for c in measured),
        pl.when(scored).then(pl.col("change")).mean().alias("paired_change"),
        pl.when(scored).then(pl.col("percent_change")).mean().alias("paired_percent_change"))


def handwritten(frames: Mapping[str, pl.DataFrame], *, checks: bool = False) -> Hand:
    """``units``: a row per unit and year; ``averages``: a row per year and group (all
    units, each class), with the change of the averages on the reporting year's rows.
    ``checks``: the frames typed and checked first, and the findings Mayak reports made too
    (``findings``: see ``_expertise_checks``)."""
    found: list[Finding] = []
    cells: list[pl.DataFrame] = []
    queries: list[pl.LazyFrame] = []
    declared = {"settlement": list(SETTLEMENT.values()),
                "provision": [name for name, _, _ in PROVISION]}
    if checks:
        frames, cells, queries = checked(
            frames, sections=list(SECTIONS), maxima=MAXIMA,
            categories={"settlement_type": list(SETTLEMENT)}, classes_of=_class_columns(),
            declared=declared, years=YEARS)
    units = _classes(frames["mms"].lazy(), computed=checks)
    scores = frames["expertise"].lazy()
    now, then = (_year(units, scores, year, checks=checks) for year in (PERIOD, PREVIOUS))
    now = now.join(then.select("unit", pl.col("total").alias("_t"),
                               pl.col("percent").alias("_p")), on="unit", how="left"
                   ).with_columns((pl.col("total") - pl.col("_t")).alias("change"),
                                  (pl.col("percent") - pl.col("_p")).alias("percent_change")
                                  ).drop("_t", "_p")
    # Collected once: the averages read it three times, and the joins of the classes
    # would otherwise be computed again for each. The findings' queries run in the same
    # batch: one collect fewer, and they keep the other core busy.
    done_units, *queried = pl.collect_all(
        [pl.concat([now, then], how="diagonal_relaxed"), *queries], engine=ENGINE)
    if checks:
        found = findings([*cells, *queried], declared)
    # Cached: the averages are read twice, for the changes of the averages.
    averages = _averages(done_units.lazy()).cache()
    key = ["classification", "class"]
    before = averages.filter(pl.col("period") == str(PREVIOUS)).select(
        *key, pl.col("total").alias("_t"), pl.col("percent").alias("_p"))
    now_row = pl.col("period") == str(PERIOD)
    averages = averages.join(before, on=key, how="left", nulls_equal=True).with_columns(
        pl.when(now_row).then(pl.col("total") - pl.col("_t")).alias("change_of_averages"),
        pl.when(now_row).then(pl.col("percent") - pl.col("_p"))
        .alias("percent_change_of_averages"),
        pl.when(now_row).then(pl.col("paired_change")).alias("paired_change")).drop("_t", "_p")
    return Hand(done_units, averages.collect(engine=ENGINE), found)


# -- Mayak ---------------------------------------------------------------------------------

def with_mayak(rules: mayak.Ruleset, frames: Mapping[str, pl.DataFrame]) -> mayak.Result:
    return rules.evaluate(frames, period=PERIOD, compare=True)


# -- checking ------------------------------------------------------------------------------

UNIT_COLUMNS = ("status", *CLASSIFICATIONS, "total", "percent", "rank", "change",
                "percent_change", "s04", "s04_percent")
AVERAGE_COLUMNS = ("units", "averaged", "total", "percent", "s04_percent", "paired_change",
                   "paired_percent_change", "change_of_averages", "percent_change_of_averages")


def _compare(what: str, ours: pl.DataFrame, theirs: pl.DataFrame, keys: list[str],
             columns: tuple[str, ...]) -> int:
    mine = ours.select(*keys, *columns)
    hand = theirs.select(*keys, *columns).cast({c: mine.schema[c] for c in columns})
    return exit_unless_same(what, mine, hand, keys, columns,
                            exact={c for c in columns if not mine.schema[c].is_numeric()})


def mayak_findings(result: mayak.Result) -> list[Finding]:
    """Mayak's problems as ``_expertise_checks.findings`` lists them: (code, count, first
    row); the unreadable cells, reported one by one, as their number."""
    out: list[Finding] = []
    cells = 0
    for problem in result.problems:
        row = problem.location.row if problem.location else None
        if "count" in problem.params:
            out.append((problem.code, problem.params["count"], row))
        elif problem.code == "data.duplicate_key":  # one per value: its rows
            out.append((problem.code, len(problem.params["rows"].split(", ")), row))
        elif problem.code == "class.empty":
            out.append((problem.code, 1, None))
        elif problem.code.startswith("data."):
            cells += 1
        else:  # a kind the hand-written side does not look for: shown as a difference
            out.append((problem.code, 0, row))
    return sorted(out + ([("data.cells", cells, None)] if cells else []), key=str)


def check_same(result: mayak.Result, hand: Hand) -> tuple[int, int]:
    """Exit 1 listing differences; return the numbers of unit and average rows compared."""
    units = _compare("units", result.scores[SCORING], hand.units, ["period", "unit"],
                     UNIT_COLUMNS)
    averages = _compare("averages", result.score_averages[SCORING], hand.averages,
                        ["period", "classification", "class"], AVERAGE_COLUMNS)
    return units, averages


def check_same_findings(result: mayak.Result, hand: Hand) -> int:
    """Exit 1 unless the hand-written checks found what Mayak reports; return how many."""
    ours = mayak_findings(result)
    if ours != hand.findings:
        print(f"MISMATCH in findings:\n  Mayak        {ours}\n  hand-written {hand.findings}",
              file=sys.stderr)
        raise SystemExit(1)
    return len(ours)


def main(argv: list[str] | None = None) -> int:
    args = scale_and_repeat(
        "Time Mayak's classifications and expert review against hand-written Polars.", argv)
    start = time.perf_counter()
    clean = make_frames(args.scale)
    frames = with_slips(clean)
    generated = time.perf_counter() - start
    import mayak  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        rules = mayak.load([write_rules(Path(folder))])
    # The computation alone trusts every cell: it agrees with Mayak on data without slips.
    check_same(with_mayak(rules, clean), handwritten(clean))
    result = with_mayak(rules, frames)
    with_checks = handwritten(frames, checks=True)
    units, averages = check_same(result, with_checks)
    found = check_same_findings(result, with_checks)
    medians = measure({"hand-written": lambda: handwritten(frames),
                       "hand-written with checks": lambda: handwritten(frames, checks=True),
                       "mayak": lambda: with_mayak(rules, frames)}, args.repeat)
    classes = result.classes
    moved = (classes.pivot("period", index=["classification", "unit"], values="class")
             .filter(pl.col(str(PERIOD)) != pl.col(str(PREVIOUS))).height)
    print(f"Mayak evaluate (classifications + scoring, {PERIOD} compared with {PREVIOUS}) vs "
          f"hand-written Polars {pl.__version__} (scale {args.scale:g}, median of "
          f"{args.repeat}, {pl.thread_pool_size()} threads)")
    for name, frame in frames.items():
        print(f"  {name:<10} {frame.height:>7,} rows x {frame.width} columns")
    print(f"  data generated in {generated:.2f} s; {units:,} unit rows and {averages} average "
          f"rows agree; {moved} class changes between the years; {found} findings agree")
    print("The computation only (the hand-written side checks nothing):")
    print_times(medians["hand-written"], medians["mayak"], TARGET, milliseconds=True)
    print("The same work (the hand-written side types and checks the frames and makes every "
          "check Mayak makes):")
    print_times(medians["hand-written with checks"], medians["mayak"], TARGET,
                milliseconds=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
