"""Time Mayak's comparison of two periods against hand-written Polars on national-scale data.

The data of ``bench_indicators.py`` for two years, 2022 and 2023 (each year generated with
its own seed, the rows split between them), with a ``year`` column on the teachers and the
event staff, the participations dated within their year and the agreements of 2021 to 2023.
The rules are a copy of ``rules/kaliningrad`` whose datasets name their period column and
look the district up in a municipalities units table; ``community_growth`` reads the
previous year (``period: previous``). Mayak runs
``rules.evaluate(frames, levels=["municipality", "district"], period=2023, compare=True)``;
the hand-written side computes both years' values at every level in one ``collect_all``,
then the change and the ratio. Every value, previous value, change and status is checked
equal before the times are trusted. Run ``python benchmarks/bench_periods.py --help``.

This is a measurement, not a test: it exits 0 whatever the ratio, and 1 only when the two
sides disagree.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from _common import exit_unless_same, half_up, print_times, scale_and_repeat
from _common import measure_both as measure
from bench_indicators import (
    DISTRICT,
    INDICATORS,
    LEVELS,
    LOOKING_UP,
    LOOKUP,
    PERIOD,
    SEED,
    TOTAL,
    UNITS_SPEC,
    Frames,
    Indicator,
    _computed_at,
    _statuses,
    _values,
    copy_rules,
    level_key,
    make_frames,
    make_units,
)

if TYPE_CHECKING:
    import mayak

PREVIOUS = PERIOD - 1
YEARS = (PREVIOUS, PERIOD)
TARGET = 1.2  # the bound for this pair, at every scale
RATIO_DIGITS = 3  # Mayak's ratio of the two periods' values
YEAR_COLUMN = "  year: {type: integer, title: Год, required: true, min: 1990, max: 2100}\n"
# Datasets with a year column; the participations are dated (their period is the date's);
# the agreements have a year column already; rma (a screening result) has no period: it is
# data of the reporting period, unknown in the one compared with.
BY_YEAR = ("teachers", "event_staff")
DATED = "community_participation"
UNDATED = ("rma",)


# -- data and rules ------------------------------------------------------------------------

def make_period_frames(scale: float) -> Frames:
    """Each year's data generated apart (half the rows each), then stacked."""
    years = {year: make_frames(scale / 2, year=year, seed=SEED + 1_000 * (PERIOD - year))
             for year in YEARS}
    # One municipality has no rows in 2023 (merged into another), one none in 2022 (new):
    # their values are unknown in that year, not zero.
    names = years[PERIOD]["teachers"]["municipality"].unique().sort()
    gone = {PERIOD: names[len(names) // 2], PREVIOUS: names[len(names) // 2 + 1]}
    years = {year: {name: frame.filter(pl.col("municipality") != gone[year])
                    if "municipality" in frame.columns else frame
                    for name, frame in part.items()} for year, part in years.items()}
    frames: Frames = {}
    for name in ("teachers", "event_staff", DATED):
        frames[name] = pl.concat(
            [part[name].with_columns(year=pl.lit(year, dtype=pl.Int64)) if name in BY_YEAR
             else part[name] for year, part in years.items()])
    frames["rma"] = years[PERIOD]["rma"]  # the screening of the reporting year only
    # The agreements of the reporting year and the one before, and of the year before that
    # (community_growth of 2022 reads 2021).
    frames["community_agreements"] = pl.concat([
        years[PREVIOUS]["community_agreements"].filter(pl.col("year") == PREVIOUS - 1),
        years[PERIOD]["community_agreements"]]).sort("community", "year")
    return {name: frames[name] for name in ("teachers", "rma", "event_staff", DATED,
                                            "community_agreements")}


def period_rules(folder: Path) -> Path:
    """A copy of ``rules/kaliningrad`` and its catalogue whose datasets name their period
    and look the district up in the municipalities units table."""
    specs = copy_rules(folder)
    for name in LOOKING_UP:
        spec = specs / f"{name}.yaml"
        text = spec.read_text("utf-8")
        # The columns are the last block of these specs: the year column ends it.
        text += YEAR_COLUMN + "period: year\n" if name in BY_YEAR else "period: event_date\n"
        spec.write_text(text + LOOKUP, encoding="utf-8")
    (specs / "municipalities.yaml").write_text(UNITS_SPEC, encoding="utf-8")
    return folder / "rules" / "kaliningrad"


# -- hand-written Polars -------------------------------------------------------------------

def _year(name: str) -> pl.Expr:
    return (pl.col("event_date").dt.year().cast(pl.Int64) if name == DATED
            else pl.col("year")).alias("_year")


def _aggregations(name: str, level: str) -> list[pl.Expr]:
    """The counts a dataset gives, per group and year (the agreements: in total only)."""
    teacher = pl.col("teacher_id")
    if name == "teachers":
        return [pl.len().alias("Z")]
    if name == "rma":
        known = pl.col("outcome").is_not_null()
        return [pl.when(known.any() | (pl.len() == 0)).then((pl.col("outcome") == "admitted")
                                                            .sum()).alias("A"),
                pl.col("outcome").is_null().sum().alias("A.unknown")]
    if name == "event_staff":
        expert = pl.col("regional_expert")
        return [pl.len().alias("Z_staff"),
                pl.when(expert.is_not_null().any()).then(expert.sum()).alias("E_m"),
                expert.is_null().sum().alias("E_m.unknown")]
    if name == DATED:  # per group, S comes from unique (group, year, teacher) pairs
        return [*([teacher.drop_nulls().n_unique().alias("S")] if level == TOTAL else []),
                teacher.null_count().alias("S.unknown")]
    agreed = pl.col("has_agreement")
    return [pl.when(agreed.is_not_null().any()).then(agreed.sum()).alias("agreed"),
            agreed.is_null().sum().alias("agreed.unknown")]


def _queries(frame: pl.LazyFrame, name: str, level: str) -> list[pl.LazyFrame]:
    """A dataset's counts at ``level``, per year: both years in one grouping."""
    if name in UNDATED:
        by = [] if level == TOTAL else [level]
        return [(frame.select(_aggregations(name, level)) if level == TOTAL
                 else frame.group_by(by).agg(_aggregations(name, level)))
                .with_columns(_year=pl.lit(PERIOD, dtype=pl.Int64))]
    dated = frame.with_columns(_year(name))
    by = ["_year"] if level == TOTAL else [level, "_year"]
    queries = [dated.group_by(by).agg(_aggregations(name, level))]
    if name == DATED and level != TOTAL:
        queries.append(dated.select(level, "_year", "teacher_id").drop_nulls("teacher_id")
                       .unique().group_by(level, "_year").agg(pl.len().alias("S")))
    return queries


def _agreements(counts: pl.DataFrame, year: int) -> pl.DataFrame:
    """d1 and d2 of ``year``: the agreements of that year and of the one before (unknown
    when that year has no rows)."""
    def of(when: int, name: str) -> pl.DataFrame:
        row = counts.filter(pl.col("_year") == when)
        if row.is_empty():
            return pl.DataFrame({name: [None], f"{name}.unknown": [0]},
                                schema={name: pl.Int64, f"{name}.unknown": pl.Int64})
        return row.select(pl.col("agreed").cast(pl.Int64).alias(name),
                          pl.col("agreed.unknown").cast(pl.Int64).alias(f"{name}.unknown"))
    return pl.concat([of(year, "d1"), of(year - 1, "d2")], how="horizontal")


def _joined(parts: list[tuple[str, pl.DataFrame]], keys: pl.DataFrame, level: str, *,
            undated_given: bool) -> pl.DataFrame:
    """The counts of one year side by side, a row per group of ``keys`` (the groups with
    rows in that year). A group without rows of a dataset that has rows in the year counts
    zero there; a dataset with no rows in the year (rma, not given for the earlier one) has
    unknown counts."""
    wide = keys
    for n, (_, part) in enumerate(parts):
        wide = wide.join(part.with_columns(pl.lit(True).alias(f"_in.{n}")), on=level,
                         how="left", nulls_equal=True)
    zeros = [pl.when(pl.col(f"_in.{n}").is_null()).then(0).otherwise(pl.col(c)).alias(c)
             for n, (name, part) in enumerate(parts)
             if (undated_given if name in UNDATED else not part.is_empty())
             for c in part.columns if c != level and not c.endswith(".unknown")]
    unknowns = [pl.col(c).fill_null(0) for _, part in parts for c in part.columns
                if c.endswith(".unknown")]
    return (wide.with_columns(*zeros).with_columns(*unknowns)
            .drop(f"_in.{n}" for n in range(len(parts))).sort(level, nulls_last=True))


def _year_tables(collected: Mapping[tuple[str, str], list[pl.DataFrame]], year: int,
                 chosen: Mapping[str, list[Indicator]]) -> dict[str, pl.DataFrame]:
    """Per level, a row per group with each indicator's value and status in ``year``."""
    tables = {}
    for level, indicators in chosen.items():
        names = dict.fromkeys(d for ind in indicators for d in ind.datasets)
        parts: list[tuple[str, pl.DataFrame]] = []
        for name in names:
            if name == "community_agreements":
                parts.append((name, _agreements(collected[name, level][0], year)))
                continue
            if name in UNDATED and year != PERIOD:  # not given for the earlier year: unknown
                frame = collected[name, level][0].clear(1 if level == TOTAL else 0)
            else:
                frame = collected[name, level][0].filter(pl.col("_year") == year)
            for extra in collected[name, level][1:]:  # the distinct teachers per group
                frame = frame.join(extra.filter(pl.col("_year") == year), on=[level, "_year"],
                                   how="full", coalesce=True)
            parts.append((name, frame.drop("_year")))
        if level == TOTAL:
            wide = pl.concat([p for _, p in parts], how="horizontal")
        else:
            # The groups with rows in the year (a rule set's undated data is of the
            # reporting year only).
            keys = pl.concat([frame.filter(pl.col("_year") == year).select(level)
                              for name in names for frame in collected[name, level]
                              if name not in UNDATED or year == PERIOD]).unique()
            wide = _joined(parts, keys, level, undated_given=year == PERIOD)
        tables[level] = (wide.with_columns(_values(indicators))
                         .with_columns(_statuses(indicators, level)))
    return tables


def handwritten(frames: Mapping[str, pl.DataFrame], units: pl.DataFrame
                ) -> dict[str, pl.DataFrame]:
    """Per level, the reporting year's value and status of each indicator computed there,
    with the earlier year's, the change and the ratio."""
    levels = (*LEVELS, DISTRICT)
    chosen = {level: [ind for ind in INDICATORS if _computed_at(ind, level)] for level in levels}
    plan: list[tuple[tuple[str, str], pl.LazyFrame]] = []
    districts = units.lazy().select("municipality", DISTRICT)
    for level, indicators in chosen.items():
        for name in dict.fromkeys(d for ind in indicators for d in ind.datasets):
            frame = frames[name].lazy()
            if level == DISTRICT:
                frame = frame.join(districts, on="municipality", how="left")
            plan += [((name, level), q) for q in _queries(frame, name, level)]
    done = pl.collect_all([q for _, q in plan])  # both years of every level at once
    collected: dict[tuple[str, str], list[pl.DataFrame]] = {}
    for (key, _), frame in zip(plan, done, strict=True):
        collected.setdefault(key, []).append(frame)
    now, then = (_year_tables(collected, year, chosen) for year in (PERIOD, PREVIOUS))
    out = {}
    for level in levels:
        key = [] if level == TOTAL else [level]
        ids = [ind.id for ind in chosen[level]]
        before = then[level].select(*key, *(pl.col(i).alias(f"{i}.previous") for i in ids),
                                    *(pl.col(f"{i}.status").alias(f"{i}.previous_status")
                                      for i in ids), pl.lit(True).alias("_before"))
        joined = (pl.concat([now[level], before], how="horizontal") if level == TOTAL
                  else now[level].join(before, on=level, how="left", nulls_equal=True))
        out[level] = joined.with_columns(
            # A group without rows in the earlier year: no data there where it is judged.
            *(pl.col(f"{ind.id}.previous_status").fill_null(
                "no_target" if ind.judged is not None and level not in ind.judged
                else "no_data") for ind in chosen[level]),
            *(half_up(pl.col(i) - pl.col(f"{i}.previous"), ind.digits)
              .alias(f"{i}.change") for i, ind in zip(ids, chosen[level], strict=True)),
            *(half_up(pl.when(pl.col(f"{i}.previous") != 0)
                      .then(pl.col(i) / pl.col(f"{i}.previous")), RATIO_DIGITS)
              .alias(f"{i}.ratio") for i in ids))
    return out


# -- Mayak ---------------------------------------------------------------------------------

def with_mayak(rules: mayak.Ruleset, frames: Mapping[str, pl.DataFrame],
               units: pl.DataFrame) -> mayak.Result:
    return rules.evaluate({**frames, "municipalities": units},
                          levels=["municipality", DISTRICT], period=PERIOD, compare=True)


# -- checking ------------------------------------------------------------------------------

COMPARED = ("value", "status", "previous", "previous_status", "change", "ratio")


def _long(tables: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    parts = []
    for level, frame in tables.items():
        key = level_key(level)
        parts += [frame.select(
            pl.lit(ind.id).alias("indicator"), pl.lit(level).alias("level"), key,
            pl.col(ind.id).cast(pl.Float64).alias("value"),
            pl.col(f"{ind.id}.status").alias("status"),
            pl.col(f"{ind.id}.previous").cast(pl.Float64).alias("previous"),
            pl.col(f"{ind.id}.previous_status").alias("previous_status"),
            pl.col(f"{ind.id}.change").cast(pl.Float64).alias("change"),
            pl.col(f"{ind.id}.ratio").cast(pl.Float64).alias("ratio"))
            for ind in INDICATORS if _computed_at(ind, level)]
    return pl.concat(parts)


def check_same(result: mayak.Result, tables: Mapping[str, pl.DataFrame]) -> int:
    """Exit 1 listing differences; return the number of rows compared."""
    ours = _long(tables)
    theirs = result.indicators.select(
        "indicator", "level", "key", *(pl.col(c).cast(pl.String if c.endswith("status")
                                                      else pl.Float64) for c in COMPARED))
    return exit_unless_same("values", theirs, ours, ["indicator", "level", "key"], COMPARED,
                            exact={c for c in COMPARED if c.endswith("status")})


# -- timing --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = scale_and_repeat(
        "Time Mayak's comparison of two periods against hand-written Polars.", argv)
    start = time.perf_counter()
    frames = make_period_frames(args.scale)
    units = make_units()
    generated = time.perf_counter() - start
    import mayak  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        rules = mayak.load([period_rules(Path(folder))])
    compared = check_same(with_mayak(rules, frames, units), handwritten(frames, units))
    medians = measure({"hand-written": lambda: handwritten(frames, units),
                       "mayak": lambda: with_mayak(rules, frames, units)}, args.repeat)
    (hand_wall, hand_cpu), (ours_wall, ours_cpu) = medians["hand-written"], medians["mayak"]
    print(f"Mayak evaluate (period {PERIOD}, compared with {PREVIOUS}) vs hand-written Polars "
          f"{pl.__version__} (scale {args.scale:g}, median of {args.repeat}, "
          f"{pl.thread_pool_size()} threads)")
    for name, frame in frames.items():
        years = (frame["year"] if "year" in frame.columns
                 else frame["event_date"].dt.year() if "event_date" in frame.columns else None)
        split = ("" if years is None else "  " + ", ".join(
            f"{y}: {n:,}" for y, n in years.value_counts(sort=True).sort(years.name).rows()))
        print(f"  {name:<24} {frame.height:>10,} rows{split}")
    print(f"  {units.height:,} municipalities in {units[DISTRICT].n_unique():,} districts; "
          f"data generated in {generated:.2f} s; {compared} rows agree (value, status, "
          f"previous, previous status, change, ratio)")
    print_times((hand_wall, hand_cpu), (ours_wall, ours_cpu), TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
