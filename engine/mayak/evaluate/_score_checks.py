"""What a methodologist must hear about one period's scores: a score outside 0 … its
maximum, a section missing for a unit, a maximum missing for the period, a unit that did
not submit, a unit or a section given twice. Each names the units, and the file, row and
column where it can be fixed; the rest is computed."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from mayak.evaluate._periods import label_or_all
from mayak.evaluate._scores import MATCH, UNIT, match_key
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Key, Number
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Dataset, Scoring
from mayak.spec._period import Period

LISTED = 20  # units named per message


def _listed(rows: pl.DataFrame, shown: pl.Expr) -> str:
    text = ", ".join(rows.head(LISTED).select(shown).to_series().to_list())
    return text + (", …" if rows.height > LISTED else "")


def _header(dataset: Dataset, column: str | None) -> str | None:
    if column is None:
        return None
    found = dataset.row_columns.get(column)
    return found.title or column if found is not None else column


def unknown_sections(spec: Scoring, dataset: Dataset, names: pl.DataFrame, file: str
                     ) -> list[Problem]:
    """Long form: section names written in the data that name no section (``names``: each
    name with its first row); their rows are not counted."""
    known = {s.name.strip().lower() for s in spec.sections}
    unknown = names.filter(pl.col("name").is_not_null()
                           & ~pl.col("name").str.to_lowercase().is_in(list(known)))
    if not unknown.height:
        return []
    listed = []
    for name, row in unknown.head(LISTED).iter_rows():  # a few findings, not data rows
        close = suggestion(name.lower(), known)
        listed.append(f"«{name}» ({row})" + (f" → «{close}»" if close else ""))
    column = _header(dataset, spec.section_column)
    return [Problem("scoring.unknown_section",
                    {"scoring": spec.title, "count": unknown.height,
                     "names": ", ".join(listed) + (", …" if unknown.height > LISTED else ""),
                     "known": ", ".join(s.name for s in spec.sections)},
                    Location(file, row=unknown[ROW].min(),  # type: ignore[arg-type]
                             column=column), "warning")]


def _unlisted(spec: Scoring, rows: pl.DataFrame, listed: pl.DataFrame,
              base: Mapping[str, object], file: str) -> list[Problem]:
    """Units with scores that the units table does not list (a misspelt name, most likely):
    scored all the same, each named with the closest listed unit."""
    extra = rows.with_columns(match_key(pl.col(UNIT)).alias(MATCH)).join(
        listed.select(MATCH), on=MATCH, how="anti")
    if not extra.height:
        return []
    known = listed.get_column(UNIT).to_list()
    names = []
    for name, row in extra.head(LISTED).select(UNIT, ROW).iter_rows():  # a few findings
        close = suggestion(name, known)
        names.append(f"«{name}» ({row})" + (f" → «{close}»" if close else ""))
    return [Problem("scoring.unlisted_unit",
                    {**base, "units_table": spec.units, "count": extra.height,
                     "units": ", ".join(names) + (", …" if extra.height > LISTED else "")},
                    Location(file, row=extra[ROW].min()), "warning")]  # type: ignore[arg-type]


def score_problems(spec: Scoring, dataset: Dataset, rows: pl.DataFrame, wanted: pl.DataFrame,
                   *, maxima: Mapping[str, float | None], period: Period | None,
                   file: str) -> list[Problem]:
    """The problems of one period's scores (``rows``: one per unit that submitted, with
    each section's ``<id>._bad`` flag; ``wanted``: the units expected)."""
    when = label_or_all(period)
    base = {"scoring": spec.title, "period": when}
    named = "«" + pl.col(UNIT) + "» (" + pl.col(ROW).cast(pl.String) + ")"
    problems = []
    for section in spec.sections:  # a few sections, not data rows
        top = maxima[section.id]
        column = _header(dataset, spec.score_column if spec.long else section.column)
        at = {"section": section.title, **base}
        if top is None:
            problems.append(Problem("scoring.no_max", at, spec.source.at(
                "sections", section.index, "max"), "warning"))
        bad = rows.filter(pl.col(f"{section.id}._bad"))
        if bad.height:
            shown = named + ": " + pl.col(section.id).cast(pl.String)
            problems.append(Problem(
                "scoring.out_of_range",
                {**at, "max": Number(top) if top is not None else "—", "count": bad.height,
                 "units": _listed(bad, shown)},
                Location(file, row=bad[ROW].min(), column=column), "warning"))  # type: ignore[arg-type]
        lacking = rows.filter(pl.col(section.id).is_null() & ~pl.col(f"{section.id}._bad"))
        if lacking.height:
            problems.append(Problem(
                "scoring.missing_section",
                {**at, "count": lacking.height, "units": _listed(lacking, named)},
                Location(file, row=lacking[ROW].min(), column=column), "warning"))  # type: ignore[arg-type]
        if spec.long:
            twice = rows.filter(pl.col(f"{section.id}._rows") > 1)
            if twice.height:
                problems.append(Problem(
                    "scoring.repeated_section",
                    {**at, "count": twice.height, "units": _listed(twice, named)},
                    Location(file, row=twice[ROW].min(), column=column), "warning"))  # type: ignore[arg-type]
    if dataset.key is None or dataset.key != (spec.unit or dataset.key):
        twice = rows.filter(pl.col("_rows") > (len(spec.sections) if spec.long else 1))
        if twice.height and not spec.long:
            problems.append(Problem(
                "scoring.repeated_unit", {**base, "count": twice.height,
                                          "units": _listed(twice, named)},
                Location(file, row=twice[ROW].min(), column=_header(dataset, spec.unit)),  # type: ignore[arg-type]
                "warning"))
    given = rows.select(match_key(pl.col(UNIT)).alias(MATCH))
    listed = wanted.with_columns(match_key(pl.col(UNIT)).alias(MATCH))
    absent = listed.join(given, on=MATCH, how="anti")
    if spec.units is not None:
        problems.extend(_unlisted(spec, rows, listed, base, file))
    if absent.height:
        problems.append(Problem(
            "scoring.not_submitted",
            {**base, "count": absent.height,
             "units": _listed(absent, "«" + pl.col(UNIT) + "»"),
             "policy": Key(f"scoring.policy.{spec.missing}")},
            Location(file), "warning"))
    return problems
