"""What a methodologist must hear about one period's scores: a score outside 0 … its
maximum, a section missing for a unit, a maximum missing for the period, a unit that did
not submit, a unit or a section given twice. Each names the units, and the file, row and
column where it can be fixed; the rest is computed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from mayak.evaluate._periods import label_or_all
from mayak.evaluate._scores import MATCH, UNIT, match_key, number_text
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Key, Localised, Number
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Dataset, Scoring
from mayak.spec._period import Period

LISTED = 20  # units named per message


@dataclass(frozen=True)
class _Found:
    """A problem to report if some units meet ``keep``: one select over the units' rows
    computes every check's count, first row and first units as shown (``number``: the
    check's place among them)."""

    key: str
    arguments: Mapping[str, object]
    keep: pl.Expr
    score: str | None  # the section whose score follows each unit's name, if any
    column: str | None
    number: int = 0

    @property
    def tag(self) -> str:
        """The prefix of the check's columns in the summaries."""
        return f"_check.{self.number}"

    def details(self) -> list[pl.Expr]:
        """The first row and units as shown of the rows the check finds, as aggregations:
        the units are shown from the first matching rows only, not built for every row."""

        def first(column: str) -> pl.Expr:
            return pl.col(column).filter(self.keep).head(LISTED)

        named = "«" + first(UNIT) + "» (" + first(ROW).cast(pl.String) + ")"
        shown = {"en": named, "ru": named}
        if self.score is not None:  # the score, with the reader's decimal mark
            shown = {lang: named + ": " + number_text(first(self.score), comma=lang == "ru")
                     for lang in shown}
        return [pl.col(ROW).filter(self.keep).min().alias(f"{self.tag}.row"),
                *[text.str.join(", ").alias(f"{self.tag}.units.{lang}")
                  for lang, text in shown.items()]]


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
    column = dataset.header(spec.section_column or "")
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
    each section's ``<id>._bad`` flag; ``wanted``: the units expected). The checks run as
    one select over the rows."""
    when = label_or_all(period)
    base = {"scoring": spec.title, "period": when}
    checks: list[Problem | _Found] = []  # in the order they are reported
    for section in spec.sections:  # a few sections, not data rows
        top = maxima[section.id]
        column = dataset.header(spec.score_column or section.column)
        at = {"section": section.title, **base}
        if top is None:
            checks.append(Problem("scoring.no_max", at, spec.source.at(
                "sections", section.index, "max"), "warning"))
        checks.append(_Found(
            "scoring.out_of_range", {**at, "max": Number(top) if top is not None else "—"},
            pl.col(f"{section.id}._bad"), section.id, column, len(checks)))
        checks.append(_Found(
            "scoring.missing_section", at,
            pl.col(section.id).is_null() & ~pl.col(f"{section.id}._bad"), None, column,
            len(checks)))
        if spec.long:
            checks.append(_Found("scoring.repeated_section", at,
                                 pl.col(f"{section.id}._rows") > 1, None, column, len(checks)))
    if (dataset.key is None or dataset.key != (spec.unit or dataset.key)) and not spec.long:
        checks.append(_Found("scoring.repeated_unit", base, pl.col("_rows") > 1, None,
                             dataset.header(spec.unit) if spec.unit else None, len(checks)))
    pending = [c for c in checks if isinstance(c, _Found)]
    # Every check counted in one pass over the units' rows; the few that find something
    # are then detailed (their units named) in a second.
    counts = rows.select(c.keep.sum().alias(c.tag) for c in pending).row(0, named=True)
    hits = [c for c in pending if counts[c.tag]]
    details = rows.select(e for c in hits for e in c.details()).row(0, named=True) if hits else {}
    problems = []
    for check in checks:
        if isinstance(check, Problem):
            problems.append(check)
            continue
        count = counts[check.tag]
        if count:
            more = ", …" if count > LISTED else ""
            listed = Localised(details[f"{check.tag}.units.ru"] + more,
                               details[f"{check.tag}.units.en"] + more)
            problems.append(Problem(
                check.key, {**check.arguments, "count": count, "units": listed},
                Location(file, row=details[f"{check.tag}.row"], column=check.column),
                "warning"))
    # Matched as tables are, case and edge spaces aside.
    absent = wanted.with_columns(match_key(pl.col(UNIT)).alias(MATCH)).join(
        rows.select(match_key(pl.col(UNIT)).alias(MATCH)), on=MATCH, how="anti")
    if absent.height:
        shown = ", ".join(f"«{u}»" for u in absent.get_column(UNIT).head(LISTED).to_list())
        problems.append(Problem(
            "scoring.not_submitted",
            {**base, "count": absent.height, "policy": Key(f"scoring.policy.{spec.missing}"),
             "units": shown + (", …" if absent.height > LISTED else "")},
            Location(file), "warning"))
    if spec.units is not None:
        problems.extend(_unlisted(spec, rows, wanted.with_columns(
            match_key(pl.col(UNIT)).alias(MATCH)), base, file))
    return problems
