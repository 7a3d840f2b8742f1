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
# The data are a few thousand rows: Polars' in-memory engine starts several times faster
# than the streaming one it picks by default (Mayak picks it for small frames too).
ENGINE: Final = "in-memory"
YEARS_ALLOWED = (2015, 2030)

Finding = tuple[str, int, int | None]  # (Mayak's problem code, units, first row)


def _typed(frame: pl.DataFrame, counted: list[str], categories: Mapping[str, list[str]]
           ) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The frame with its rows numbered from 1, the names trimmed (and lower-cased to match
    them: ``_match``) and every cell out of its range (or not among its category's values)
    unknown; and one row counting those cells per column."""
    rows = frame.lazy().with_row_index("_row", offset=1)
    bad = {"year": ~pl.col("year").is_between(*YEARS_ALLOWED)}
    bad |= {c: pl.col(c) < 0 for c in counted}
    bad |= {c: ~pl.col(c).cast(pl.String).is_in(values) for c, values in categories.items()}
    name = pl.col("municipality").str.strip_chars()
    typed = rows.with_columns(name, name.str.to_lowercase().alias("_match"),
                              *(pl.when(~flag.fill_null(False)).then(pl.col(c)).alias(c)
                                for c, flag in bad.items()))
    return typed, rows.select(flag.fill_null(False).sum().alias(c) for c, flag in bad.items())


def _named(keep: pl.Expr, *, score: str | None = None) -> pl.Expr:
    """The first units ``keep`` finds as Mayak names them: «unit» (row)[: score] (filtered
    first: the text is made for those named only)."""
    def first(column: str) -> pl.Expr:
        return pl.col(column).filter(keep).head(LISTED)

    name = "«" + first("unit") + "» (" + first("_row").cast(pl.String) + ")"
    if score is not None:
        name = name + ": " + first(score).cast(pl.String)
    return name.str.join(", ")


def _score_findings(scores: pl.LazyFrame, units: pl.LazyFrame, year: int,
                    maxima: Mapping[str, int]) -> list[pl.LazyFrame]:
    """One year's findings about the scores, each query one row per finding kind."""
    given = scores.filter(pl.col("year") == year).rename({"municipality": "unit"})
    wanted = units.filter(pl.col("year") == year).select(
        pl.col("municipality").alias("unit"), "_match")
    absent = wanted.join(given.select("_match"), on="_match", how="anti").select(
        pl.lit("scoring.not_submitted").alias("code"), pl.len().alias("count"),
        pl.lit(None, pl.Int64).alias("row"),
        ("«" + pl.col("unit") + "»").head(LISTED).str.join(", ").alias("units"))
    extra = given.join(wanted.select("_match"), on="_match", how="anti").select(
        pl.lit("scoring.unlisted_unit").alias("code"), pl.len().alias("count"),
        pl.col("_row").min().alias("row"), _named(pl.lit(True)).alias("units"))
    # Per section, long form: one grouping finds every section's scores too high or missing.
    long = given.unpivot(index=["unit", "_row"], on=list(maxima), variable_name="section",
                         value_name="score").with_columns(
        pl.col("section").replace_strict(maxima, return_dtype=pl.Int64).alias("max"))
    high = pl.col("score") > pl.col("max")
    missing = pl.col("score").is_null()
    sections = long.group_by("section").agg(
        high.sum().alias("high"), pl.col("_row").filter(high).min().alias("high_row"),
        _named(high, score="score").alias("high_units"),
        missing.sum().alias("missing"), pl.col("_row").filter(missing).min().alias("missing_row"),
        _named(missing).alias("missing_units"))
    per_section = pl.concat([
        sections.select(pl.lit(code).alias("code"), pl.col(count).cast(pl.UInt32).alias("count"),
                        pl.col(f"{count}_row").cast(pl.Int64).alias("row"),
                        pl.col(f"{count}_units").alias("units"))
        for code, count in (("scoring.out_of_range", "high"),
                            ("scoring.missing_section", "missing"))])
    return [absent, extra.with_columns(pl.col("row").cast(pl.Int64)), per_section]


def _class_findings(classes: pl.LazyFrame, declared: Mapping[str, list[str]],
                    years: tuple[int, int]) -> list[pl.LazyFrame]:
    """Per classification and year, the units in two classes, in none, or with an unknown
    value, and the classes with no units; per classification, the units whose class changed
    between ``years`` (earlier, later). ``classes``: a row per unit and year (a unit
    repeated in a year is grouped to see whether its rows agree)."""
    repeated = classes.filter(pl.struct("year", "unit").is_duplicated())
    out = []
    for name, names in declared.items():
        value = pl.col(f"{name}.value")
        kinds = (("class.no_class", pl.col(name).is_null() & value.is_not_null()),
                 ("class.unknown_value", value.is_null()))
        out.append(classes.group_by("year").agg(
            *(e for code, keep in kinds
              for e in (keep.sum().alias(code), pl.col("_row").filter(keep).min()
                        .alias(f"{code}.row"), _named(keep).alias(f"{code}.units"))),
            pl.lit(names).list.set_difference(pl.col(name).drop_nulls().unique().implode())
            .alias("class.empty")))
        two = repeated.group_by("year", "unit").agg(
            pl.col(name).drop_nulls().n_unique().alias("classes"), pl.col("_row").min()
        ).filter(pl.col("classes") > 1)
        out.append(two.select(pl.len().alias("class.two_classes"),
                              pl.col("_row").min().alias("class.two_classes.row")))
        before, after = (classes.filter(pl.col("year") == y).select("unit", name)
                         for y in years)
        moved = after.join(before, on="unit", suffix=".before").filter(
            pl.col(name).is_not_null() & pl.col(f"{name}.before").is_not_null()
            & (pl.col(name) != pl.col(f"{name}.before")))
        out.append(moved.select(
            pl.len().alias("count"),
            ("«" + pl.col("unit") + "»: " + pl.col(f"{name}.before") + " → " + pl.col(name))
            .head(LISTED).str.join(", ").alias("units")))
    return out


def checked(frames: Mapping[str, pl.DataFrame], *, sections: list[str],
            maxima: Mapping[int, Mapping[str, int]], categories: Mapping[str, list[str]],
            classes_of: list[pl.Expr], declared: Mapping[str, list[str]],
            years: tuple[int, int]) -> tuple[dict[str, pl.DataFrame], list[pl.DataFrame]]:
    """The frames typed and checked (``frames`` as given; the units table with its
    classes, ``classes_of``: each classification's class and value, ``<name>.value``), and
    the findings of the review: per year the scores' (``maxima``: each section's maximum per
    year), and per classification the classes' (``declared``: its classes)."""
    mms, mms_bad = _typed(frames["mms"], ["teachers", "methodists"], categories)
    scores, scores_bad = _typed(frames["expertise"], sections, {})
    units, marks, *cells = pl.collect_all([mms.with_columns(classes_of), scores, mms_bad,
                                           scores_bad], engine=ENGINE)
    classes = units.lazy().rename({"municipality": "unit"})
    queries = [q for year in years
               for q in _score_findings(marks.lazy(), units.lazy(), year, maxima[year])]
    queries += _class_findings(classes, declared, years)
    return {"mms": units, "expertise": marks}, [*cells, *pl.collect_all(queries, engine=ENGINE)]


def findings(found: list[pl.DataFrame], years: tuple[int, int],
             declared: Mapping[str, list[str]]) -> list[Finding]:
    """What ``checked`` found, as (code, count, first row) for each finding of some units."""
    out: list[Finding] = []
    cells = found[0].row(0), found[1].row(0)  # unreadable cells per column: none expected
    out += [("data.out_of_range", n, None) for counts in cells for n in counts if n]
    at = 2
    for _ in years:
        for frame in found[at:at + 3]:
            out += [(code, count, row) for code, count, row, _ in frame.rows() if count]
        at += 3
    for _ in declared:
        per_year, two, moved = found[at:at + 3]
        at += 3
        for row in per_year.iter_rows(named=True):
            out += [(code, row[code], row[f"{code}.row"])
                    for code in ("class.no_class", "class.unknown_value") if row[code]]
            out += [("class.empty", 1, None)] if row["class.empty"] else []
        if two.item(0, 0):
            out.append(("class.two_classes", two.item(0, 0), two.item(0, 1)))
        count = moved.item(0, "count")
        out += [("class.changed", count, None)] if count else []
    return sorted(out, key=str)
