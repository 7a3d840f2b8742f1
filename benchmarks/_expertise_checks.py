"""The checks Mayak makes on the data of ``bench_expertise.py``, hand-written in Polars.

Mayak does not only compute the review: it types and checks the frames it is given (ranges,
category values, edge spaces of the names), matches the units of the scores with the units
table (case and edge spaces aside), and reports what a methodologist must hear. For each
year: the units that did not submit and the scores of units the units table does not list;
per section, the scores above the maximum and the sections left unscored; per classification,
the units in two classes, in none, or with an unknown value, the classes with no units; and
the units whose class changed between the years. Each finding has its number of units, its
first row and its first 20 units named.

``checked`` computes the same review as ``bench_expertise.handwritten`` with those checks, so
that the two sides of the benchmark do the same work. ``findings`` lists what it found as
(code, count, first row) for comparison with Mayak's problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import polars as pl

LISTED = 20  # units named per finding, as Mayak names them
MAX_CELLS = 200  # unreadable cells Mayak names one by one per frame
# The data are a few thousand rows: Polars' in-memory engine starts several times faster
# than the streaming one it picks by default (Mayak picks it for small frames too).
ENGINE: Final = "in-memory"
YEARS_ALLOWED = (2015, 2030)

Finding = tuple[str, int, int | None]  # (Mayak's problem code, units, first row)


def _typed(frame: pl.DataFrame, counted: list[str], categories: Mapping[str, list[str]]
           ) -> tuple[pl.LazyFrame, list[str]]:
    """The frame with its rows numbered from 1, the names trimmed (and lower-cased to match
    them: ``_match``) and every cell out of its range (or not among its category's values)
    unknown; and the columns checked."""
    rows = frame.lazy().with_row_index("_row", offset=1)
    bad = {"year": ~pl.col("year").is_between(*YEARS_ALLOWED)}
    bad |= {c: pl.col(c) < 0 for c in counted}
    bad |= {c: ~pl.col(c).cast(pl.String).is_in(values) for c, values in categories.items()}
    name = pl.col("municipality").str.strip_chars()
    typed = rows.with_columns(name, name.str.to_lowercase().alias("_match"),
                              *(pl.when(~flag.fill_null(False)).then(pl.col(c)).alias(c)
                                for c, flag in bad.items()))
    return typed, list(bad)


def _unreadable(given: pl.DataFrame, typed: pl.DataFrame, checked: list[str]) -> pl.DataFrame:
    """One row counting the cells typing made unknown, per column checked: the nulls it
    added (a frame's null counts are known without a pass over its rows)."""
    return typed.select(checked).null_count() - given.select(checked).null_count()


def _named(keep: pl.Expr, *, score: str | None = None) -> pl.Expr:
    """The first units ``keep`` finds as Mayak names them: «unit» (row)[: score] (filtered
    first: the text is made for those named only)."""
    def first(column: str) -> pl.Expr:
        return pl.col(column).filter(keep).head(LISTED)

    name = "«" + first("unit") + "» (" + first("_row").cast(pl.String) + ")"
    if score is not None:
        name = name + ": " + first(score).cast(pl.String)
    return name.str.join(", ")


def _score_findings(scores: pl.LazyFrame, units: pl.LazyFrame,
                    maxima: Mapping[int, Mapping[str, int]]) -> list[pl.LazyFrame]:
    """The findings about the scores of the years of ``maxima`` (each section's maximum per
    year), in three queries each with a row per year (and section) and finding kind."""
    years = list(maxima)
    # A unit given twice in a year: its first row counts.
    given = (scores.filter(pl.col("year").is_in(years)).rename({"municipality": "unit"})
             .unique(["year", "_match"], keep="first", maintain_order=True))
    wanted = units.filter(pl.col("year").is_in(years)).select(
        "year", pl.col("municipality").alias("unit"), "_match")
    on = ["year", "_match"]
    absent = wanted.join(given.select(on), on=on, how="anti").group_by("year").agg(
        pl.lit("scoring.not_submitted").alias("code"), pl.len().alias("count"),
        pl.lit(None, pl.Int64).alias("row"),
        ("«" + pl.col("unit") + "»").head(LISTED).str.join(", ").alias("units"))
    extra = given.join(wanted.select(on), on=on, how="anti").group_by("year").agg(
        pl.lit("scoring.unlisted_unit").alias("code"), pl.len().alias("count"),
        pl.col("_row").min().cast(pl.Int64).alias("row"), _named(pl.lit(True)).alias("units"))
    # Per section, long form: one grouping finds every section's scores too high or missing,
    # over the few rows with some such score only (the text is built for those rows alone).
    sections = list(maxima[years[0]])
    found = pl.any_horizontal((pl.col(s) > pl.col("year").replace_strict(
        {y: maxima[y][s] for y in years})) | pl.col(s).is_null() for s in sections)
    tops = {f"{y}|{s}": top for y in years for s, top in maxima[y].items()}
    long = given.filter(found).unpivot(
        index=["year", "unit", "_row"], on=sections, variable_name="section",
        value_name="score").with_columns(
        pl.concat_str("year", "section", separator="|")
        .replace_strict(tops, return_dtype=pl.Int64).alias("max"))
    high = pl.col("score") > pl.col("max")
    missing = pl.col("score").is_null()
    sections_found = long.group_by("year", "section").agg(
        high.sum().alias("high"), pl.col("_row").filter(high).min().alias("high_row"),
        _named(high, score="score").alias("high_units"),
        missing.sum().alias("missing"), pl.col("_row").filter(missing).min().alias("missing_row"),
        _named(missing).alias("missing_units"))
    per_section = pl.concat([
        sections_found.select(
            pl.lit(code).alias("code"), pl.col(count).cast(pl.UInt32).alias("count"),
            pl.col(f"{count}_row").cast(pl.Int64).alias("row"),
            pl.col(f"{count}_units").alias("units"))
        for code, count in (("scoring.out_of_range", "high"),
                            ("scoring.missing_section", "missing"))])
    return [absent.select("code", "count", "row", "units"),
            extra.select("code", "count", "row", "units"), per_section]


def _class_findings(classes: pl.LazyFrame, declared: Mapping[str, list[str]],
                    years: tuple[int, int]) -> list[pl.LazyFrame]:
    """Per year, the units in two classes, in none, or with an unknown value, and the
    classes with no units; the units whose class changed between ``years`` (earlier,
    later): three queries, each for every classification (``declared``: its classes; its
    columns prefixed ``<name>|``). ``classes``: a row per unit and year (a unit repeated in
    a year is grouped to see whether its rows agree)."""
    per_year, two, moved = [], [], []
    for name, names in declared.items():
        value = pl.col(f"{name}.value")
        kinds = ((f"{name}|class.no_class", pl.col(name).is_null() & value.is_not_null()),
                 (f"{name}|class.unknown_value", value.is_null()))
        per_year += [e for code, keep in kinds
                     for e in (keep.sum().alias(code), pl.col("_row").filter(keep).min()
                               .alias(f"{code}.row"), _named(keep).alias(f"{code}.units"))]
        per_year.append(pl.lit(names).list.set_difference(
            pl.col(name).drop_nulls().unique().implode()).alias(f"{name}|class.empty"))
        many = pl.col(name) > 1
        two += [many.sum().alias(f"{name}|count"),
                pl.col("_row").filter(many).min().alias(f"{name}|row")]
        changed = (pl.col(name).is_not_null() & pl.col(f"{name}.before").is_not_null()
                   & (pl.col(name) != pl.col(f"{name}.before")))
        shown = "«" + pl.col("unit") + "»: " + pl.col(f"{name}.before") + " → " + pl.col(name)
        moved += [changed.sum().alias(f"{name}|count"),
                  shown.filter(changed).head(LISTED).str.join(", ").alias(f"{name}|units")]
    repeated = classes.filter(pl.struct("year", "unit").is_duplicated()).group_by(
        "year", "unit").agg(*(pl.col(name).drop_nulls().n_unique() for name in declared),
                            pl.col("_row").min())
    before, after = (classes.filter(pl.col("year") == y).select("unit", *declared)
                     for y in years)
    return [classes.group_by("year").agg(per_year), repeated.select(two),
            after.join(before, on="unit", suffix=".before").select(moved)]


def checked(frames: Mapping[str, pl.DataFrame], *, sections: list[str],
            maxima: Mapping[int, Mapping[str, int]], categories: Mapping[str, list[str]],
            classes_of: list[pl.Expr], declared: Mapping[str, list[str]],
            years: tuple[int, int]
            ) -> tuple[dict[str, pl.DataFrame], list[pl.DataFrame], list[pl.LazyFrame]]:
    """The frames typed and checked (``frames`` as given; the units table with its
    classes, ``classes_of``: each classification's class and value, ``<name>.value``), the
    unreadable cells counted, and the queries of the findings of the review, to collect
    with the computation: per year the scores' (``maxima``: each section's maximum per
    year), and per classification the classes' (``declared``: its classes)."""
    mms, mms_checked = _typed(frames["mms"], ["teachers", "methodists"], categories)
    scores, scores_checked = _typed(frames["expertise"], sections, {})
    units, marks = pl.collect_all([mms.with_columns(classes_of), scores], engine=ENGINE)
    cells = [_unreadable(frames["mms"], units, mms_checked),
             _unreadable(frames["expertise"], marks, scores_checked)]
    classes = units.lazy().rename({"municipality": "unit"})
    queries = _score_findings(marks.lazy(), units.lazy(), {y: maxima[y] for y in years})
    queries += _class_findings(classes, declared, years)
    queries += [_repeated(units.lazy()), _repeated(marks.lazy())]
    return {"mms": units, "expertise": marks}, cells, queries


def _repeated(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Each unit given more than once in a year, with its rows."""
    key = ["municipality", "year"]
    return (frame.filter(pl.struct(key).is_duplicated())
            .group_by(key, maintain_order=True).agg(pl.col("_row")))


def findings(found: list[pl.DataFrame], declared: Mapping[str, list[str]]) -> list[Finding]:
    """What ``checked`` found (its cells counted, then its queries collected), as (code,
    count, first row) for each finding of some units."""
    out: list[Finding] = []
    # The unreadable cells, per frame: Mayak names the first MAX_CELLS one by one (counted
    # together, as ``bench_expertise.mayak_findings`` counts them) and the rest in one.
    cells = [sum(frame.row(0)) for frame in found[:2]]
    listed = sum(min(n, MAX_CELLS) for n in cells)
    out += [("data.cells", listed, None)] if listed else []
    out += [("data.more_bad_values", n - MAX_CELLS, None) for n in cells if n > MAX_CELLS]
    at = 2
    for frame in found[at:at + 3]:
        out += [(code, count, row) for code, count, row, _ in frame.rows() if count]
    at += 3
    per_year, two, moved = found[at:at + 3]
    for name in declared:
        for row in per_year.iter_rows(named=True):
            out += [(code, row[f"{name}|{code}"], row[f"{name}|{code}.row"])
                    for code in ("class.no_class", "class.unknown_value")
                    if row[f"{name}|{code}"]]
            out += [("class.empty", 1, None)] if row[f"{name}|class.empty"] else []
        if count := two.item(0, f"{name}|count"):
            out.append(("class.two_classes", count, two.item(0, f"{name}|row")))
        if count := moved.item(0, f"{name}|count"):
            out.append(("class.changed", count, None))
    for repeated in found[at + 3:at + 5]:
        out += [("data.duplicate_key", len(rows), rows[0]) for rows in repeated["_row"]]
    return sorted(out, key=str)
