"""Compare a published summary table (e.g. Table 1 of a report) with the recomputed one.

Three kinds of findings, all listed:
- the printed table contradicts itself: a total that is not the sum of its rows, or more
  admitted than applicants meeting a criterion when the decision needs all of them;
- a printed cell differs from the recomputed one;
- a group is printed but absent from the data, or the other way round.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from mayak.io._coerce import MAX_LISTED, headers_tried, normalise_text, normalise_word
from mayak.io._raw import position
from mayak.io._read import read_raw
from mayak.messages._catalogue import CATALOGUE, LANGUAGES, Key
from mayak.messages._problems import DataError, Location, Problem
from mayak.screen._screen import Screening
from mayak.spec._model import NO_GROUP, OUTCOMES, Admission, Dataset

TOTAL_WORDS = ("всего", "итого", "total")
COLUMNS = ("check", "group", "column", "printed", "expected", "detail")


def _key(expr: pl.Expr) -> pl.Expr:
    """Group names compared without quotes, case or spacing: «Биология» = биология."""
    return normalise_text(expr.str.replace_all(r"[«»\"':]", ""))


def _header_map(admission: Admission, dataset: Dataset) -> dict[str, str]:
    """Normalised header -> summary column."""
    def labels(key: str) -> list[str]:
        return [CATALOGUE[key][lang] for lang in LANGUAGES]

    by = admission.summary_by or ""
    column = dataset.columns.get(by)
    names: dict[str, list[str]] = {
        by: [by, *([column.title] if column and column.title else []),
             *(column.aliases if column else ())],
        "population": ["population", *labels("col.population")],
        "applications": ["applications", *labels("col.applications")],
    }
    for criterion in admission.criteria:
        # Printed tables mix Latin K and Cyrillic К in criterion codes.
        names[criterion.id] = [criterion.id, criterion.id.replace("K", "К"), criterion.title]
    for outcome in OUTCOMES:
        names[outcome] = [outcome, *labels(f"outcome.{outcome}"),
                          *([admission.outcomes[outcome]] if outcome in admission.outcomes
                            else [])]
    return {normalise_word(label): target for target, options in names.items()
            for label in options}


def read_published(path: Path, admission: Admission, dataset: Dataset,
                   label: str) -> tuple[pl.DataFrame, list[Problem]]:
    """The printed table with summary column names; its total row flagged ``_total``."""
    raw = read_raw(path, label)
    if raw.frame.height == 0:
        raise DataError([Problem("data.empty", {}, Location(label))])
    mapping = _header_map(admission, dataset)
    renames: dict[str, str] = {}  # the column of a header (by its position) -> summary column
    headers: dict[str, str] = {}  # summary column -> its header as printed
    problems: list[Problem] = []
    for index, header in enumerate(raw.headers):
        target = mapping.get(normalise_word(header.strip("«»\"' ")))
        if target is None:
            problems.append(Problem("data.unknown_header", {"header": header, "hint": ""},
                                    Location(label), "warning"))
        elif target in renames.values():
            problems.append(Problem("data.duplicate_header", {"header": header,
                                                              "column": target},
                                    Location(label), "warning"))
        elif position(index) in raw.frame.columns:
            renames[position(index)] = target
            headers[target] = header
    by = admission.summary_by or ""
    if by not in renames.values():
        column = dataset.columns.get(by)
        tried = headers_tried(column) if column else f"«{by}»"
        raise DataError([Problem("data.missing_column", {"column": by, "tried": tried},
                                 Location(label))])
    table = raw.frame.select(list(renames)).rename(renames)
    numbers = [c for c in table.columns if c != by]
    if not numbers:  # nothing printed to compare with the recomputed summary
        raise DataError([Problem("table.no_numbers", {"expected": Key("col.population"),
                                                      "applications": Key("col.applications")},
                                 Location(label))])
    cells = {c: pl.col(c).cast(pl.String).str.replace_all(r"[\s\u00a0]", "") for c in numbers}
    counts = {c: cell.cast(pl.Int64, strict=False) for c, cell in cells.items()}
    # A printed cell that is not a whole number ("5*", "1.0") is named, then not compared.
    unreadable = (table.with_row_index("_line", offset=2)
                  .select("_line", *[(cell.is_not_null() & (cell != "") & counts[c].is_null())
                                     .alias(c) for c, cell in cells.items()])
                  .unpivot(index="_line", variable_name="column", value_name="bad")
                  .filter(pl.col("bad")).sort("_line"))
    problems.extend(Problem("data.printed_not_number",
                            {"value": table[line - 2, column]},
                            Location(label, row=line, column=headers[column]), "warning")
                    for line, column, _ in unreadable.head(MAX_LISTED).iter_rows())
    table = table.with_columns(
        pl.col(by).cast(pl.String).str.strip_chars("«»\"' ").alias("_printed_group"),
        _key(pl.col(by).cast(pl.String)).alias("_group"),
        *[count.alias(c) for c, count in counts.items()])
    total = pl.col("_group").str.strip_chars().is_in(list(TOTAL_WORDS))
    return table.with_columns(total.alias("_total")), problems


def check_table(published: pl.DataFrame, screening: Screening,
                admission: Admission) -> pl.DataFrame:
    """Every finding, one row each: check, group, column, printed, expected, detail."""
    by = admission.summary_by or ""
    numbers = [c for c in published.columns if c not in (by, "_group", "_printed_group",
                                                         "_total")]
    rows = published.filter(~pl.col("_total"))
    totals = published.filter(pl.col("_total"))
    findings = [_total_mismatches(rows, totals, numbers)]
    if admission.decision == "all":
        findings.append(_impossible_rows(rows, admission, numbers))
    if screening.summary is not None:
        findings.append(_differences(rows, totals, screening.summary, by, numbers))
    return pl.concat([pl.DataFrame(schema=_SCHEMA), *findings], how="diagonal_relaxed")


_SCHEMA = {"check": pl.String, "group": pl.String, "column": pl.String,
           "printed": pl.Int64, "expected": pl.Int64, "detail": pl.String}


def _total_mismatches(rows: pl.DataFrame, totals: pl.DataFrame,
                      numbers: list[str]) -> pl.DataFrame:
    if totals.is_empty():
        return pl.DataFrame(schema=_SCHEMA)
    printed = totals.select(numbers).head(1).unpivot(variable_name="column",
                                                     value_name="printed")
    # A column with an unreadable cell has no sum to check against.
    summed = rows.select(pl.when(pl.col(c).null_count() == 0).then(pl.col(c).sum()).alias(c)
                         for c in numbers).unpivot(variable_name="column",
                                                   value_name="expected")
    return (printed.join(summed, on="column")
            .filter(pl.col("printed") != pl.col("expected"))
            .select(pl.lit("total").alias("check"),
                    pl.lit(totals["_printed_group"][0]).alias("group"), "column",
                    "printed", "expected", pl.lit(None, dtype=pl.String).alias("detail")))


def _impossible_rows(rows: pl.DataFrame, admission: Admission,
                     numbers: list[str]) -> pl.DataFrame:
    """With decision "all", an admitted applicant meets every criterion: admitted can
    exceed no criterion's count, and no count can exceed the applications."""
    found = []
    checks = [("admitted", c.id) for c in admission.criteria] + [
        (c.id, "applications") for c in admission.criteria] + [("admitted", "applications")]
    for larger, bound in checks:  # a loop over the table's columns, not its rows
        if larger in numbers and bound in numbers:
            found.append(rows.filter(pl.col(larger) > pl.col(bound)).select(
                pl.lit("row").alias("check"), pl.col("_printed_group").alias("group"),
                pl.lit(larger).alias("column"), pl.col(larger).alias("printed"),
                pl.col(bound).alias("expected"), pl.lit(bound).alias("detail")))
    return pl.concat(found) if found else pl.DataFrame(schema=_SCHEMA)


def _differences(rows: pl.DataFrame, totals: pl.DataFrame, summary: pl.DataFrame, by: str,
                 numbers: list[str]) -> pl.DataFrame:
    # Groups the table is about: those with applications, and those printed. (A subject with
    # teachers but no applicants need not be printed; blank groups are shown as "—".)
    named = pl.col(by).cast(pl.String).fill_null(NO_GROUP)
    recomputed = summary.with_columns(_key(named).alias("_group"), named.alias("_data_group"))
    recomputed = recomputed.filter((pl.col("applications") > 0)
                                   | pl.col("_group").is_in(rows.get_column("_group").implode()))
    shared = [c for c in numbers if c in recomputed.columns]
    printed_long = rows.select("_group", "_printed_group", *shared).unpivot(
        index=["_group", "_printed_group"], variable_name="column", value_name="printed")
    computed_long = recomputed.select("_group", "_data_group",
                                      *shared).unpivot(index=["_group", "_data_group"],
                                                       variable_name="column",
                                                       value_name="expected")
    joined = printed_long.join(computed_long, on=["_group", "column"], how="full",
                               coalesce=True)
    group = pl.coalesce("_printed_group", "_data_group").alias("group")
    cells = joined.filter(pl.col("printed").is_not_null() & pl.col("expected").is_not_null()
                          & (pl.col("printed") != pl.col("expected"))).select(
        pl.lit("differs").alias("check"), group, "column", "printed", "expected",
        pl.lit(None, dtype=pl.String).alias("detail"))
    missing = joined.group_by("_group", maintain_order=True).agg(
        pl.col("_printed_group").drop_nulls().first(), pl.col("_data_group").drop_nulls().first()
    ).filter(pl.col("_printed_group").is_null() | pl.col("_data_group").is_null()).select(
        pl.when(pl.col("_data_group").is_null()).then(pl.lit("not_in_data"))
        .otherwise(pl.lit("not_printed")).alias("check"), group,
        pl.lit(None, dtype=pl.String).alias("column"))
    found = [cells, missing]
    if not totals.is_empty():
        printed_total = totals.select(shared).head(1).unpivot(variable_name="column",
                                                              value_name="printed")
        computed_total = recomputed.select(pl.col(shared).sum()).unpivot(
            variable_name="column", value_name="expected")
        found.append(printed_total.join(computed_total, on="column")
                     .filter(pl.col("printed") != pl.col("expected"))
                     .select(pl.lit("differs").alias("check"),
                             pl.lit(totals["_printed_group"][0]).alias("group"), "column",
                             "printed", "expected"))
    return pl.concat(found, how="diagonal_relaxed")


def column_label(column: str | None, admission: Admission) -> str | Key | None:
    """A summary column as a person calls it (a message key where the label is ours)."""
    if column is not None and column in admission.outcomes:
        return admission.outcomes[column]
    ours = {"population": "col.population", "applications": "col.applications",
            **{o: f"outcome.{o}" for o in OUTCOMES}}
    return Key(ours[column]) if column in ours else column


def describe(findings: pl.DataFrame, label: str, admission: Admission) -> list[Problem]:
    """One message per finding (a loop over findings, not data)."""
    problems = []
    for check, group, column, printed, expected, detail in findings.iter_rows():
        params = {"group": group, "column": column_label(column, admission),
                  "printed": printed, "expected": expected,
                  "detail": column_label(detail, admission)}
        problems.append(Problem(f"table.{check}", params, Location(label)))
    return problems
