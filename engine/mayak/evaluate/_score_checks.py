"""What a methodologist must hear about one period's scores: a score outside 0 … its
maximum, a section missing for a unit, a maximum missing for the period, a unit that did
not submit, a unit or a section given twice. Each names the units, and the file, row and
column where it can be fixed; the rest is computed."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from mayak.evaluate._periods import label_or_all
from mayak.evaluate._scores import MATCH, UNIT, number_text
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Key, Localised, Number
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Dataset, Scoring
from mayak.spec._period import Period

LISTED = 20  # units named per message
NAMED = "_named"  # a unit as a message names it: «unit» (row)


@dataclass(frozen=True)
class _Found:
    """A problem to report if some units meet its test (``keep``): one select over the
    units' rows computes every check's count, first row and first units as shown
    (``number``: the check's place among them)."""

    key: str
    arguments: Mapping[str, object]
    section: str | None  # the section tested (its id), if any
    score: str | None  # the section whose score follows each unit's name, if any
    column: str | None
    number: int = 0

    @property
    def tag(self) -> str:
        """The prefix of the check's columns in the summaries."""
        return f"_check.{self.number}"

    @property
    def keep(self) -> pl.Expr:
        """True for the units' rows the check finds."""
        return _keep(self.key, self.section)

    def details(self) -> tuple[pl.Expr, ...]:
        """The first row and units as shown of the rows the check finds, as aggregations
        over the rows some check found (``NAMED``: each unit as a message names it)."""
        return _details(self.tag, self.key, self.section, self.score)

    def listed(self, details: Mapping[str, object], lang: str) -> str:
        """The units found as shown in ``lang``, from the results of ``details``."""
        key = f"{self.tag}.units" if self.score is None else f"{self.tag}.units.{lang}"
        return str(details[key])


# The checks' expressions are the same in every evaluation: built once (an expression is
# immutable).
@functools.lru_cache(maxsize=1024)
def _keep(key: str, section: str | None) -> pl.Expr:
    if section is None:  # a repeated unit
        return pl.col("_rows") > 1
    match key:
        case "scoring.out_of_range":
            return pl.col(f"{section}._bad")
        case "scoring.missing_section":
            return pl.col(section).is_null() & ~pl.col(f"{section}._bad")
    return pl.col(f"{section}._rows") > 1  # a repeated section


@functools.lru_cache(maxsize=1024)
def _count(tag: str, key: str, section: str | None) -> pl.Expr:
    return _keep(key, section).sum().alias(tag)


@functools.lru_cache(maxsize=1024)
def _details(tag: str, key: str, section: str | None, score: str | None
             ) -> tuple[pl.Expr, ...]:
    keep = _keep(key, section)
    named = pl.col(NAMED).filter(keep).head(LISTED)
    row = pl.col(ROW).filter(keep).min().alias(f"{tag}.row")
    if score is None:  # the same in both languages: built once
        return row, named.str.join(", ").alias(f"{tag}.units")
    # the score, with the reader's decimal mark
    shown = pl.col(score).filter(keep).head(LISTED)
    return row, *[(named + ": " + number_text(shown, comma=lang == "ru"))
                  .str.join(", ").alias(f"{tag}.units.{lang}") for lang in ("en", "ru")]


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


def _named_units(found: pl.DataFrame, wanted: pl.DataFrame) -> str:
    """The first units that did not list as «unit» (row) → «closest listed unit»."""
    known = wanted.get_column(UNIT).to_list()
    names = []
    # A loop over a few findings, not data rows.
    for name, row in zip(found.item(0, "units"), found.item(0, "rows"), strict=True):
        close = suggestion(name, known)
        names.append(f"«{name}» ({row})" + (f" → «{close}»" if close else ""))
    return ", ".join(names)


@dataclass(frozen=True)
class PeriodChecks:
    """The checks of one period's scores, as queries run with the others (``queries``):
    every check's count in one pass over the units' rows, the units that did not submit and
    those the units table does not list. ``details`` then names the units of the checks
    that found some; ``problems`` says what was found."""

    spec: Scoring
    base: Mapping[str, object]
    checks: tuple[Problem | _Found, ...]  # in the order they are reported
    rows: pl.LazyFrame
    wanted: pl.DataFrame
    file: str

    @property
    def _pending(self) -> list[_Found]:
        return [c for c in self.checks if isinstance(c, _Found)]

    @property
    def size(self) -> int:
        """The number of ``queries``."""
        return 3 if self.spec.units is not None else 2

    def queries(self) -> list[pl.LazyFrame]:
        """The counts of the checks; the units not submitted; the units not listed."""
        counts = self.rows.select(pl.lit(0).alias("_none"),
                                  *(_count(c.tag, c.key, c.section) for c in self._pending))
        # Matched as tables are, case and edge spaces aside.
        wanted, given = self.wanted.lazy(), self.rows
        absent = wanted.join(given.select(MATCH), on=MATCH, how="anti").select(
            pl.len().alias("count"), pl.col(UNIT).head(LISTED).implode().alias("units"))
        out = [counts, absent]
        if self.spec.units is not None:  # scores of units the units table does not list
            extra = given.join(wanted.select(MATCH), on=MATCH, how="anti")
            out.append(extra.select(pl.len().alias("count"), pl.col(ROW).min().alias("row"),
                                    pl.col(UNIT).head(LISTED).implode().alias("units"),
                                    pl.col(ROW).head(LISTED).implode().alias("rows")))
        return out

    def details(self, found: Sequence[pl.DataFrame]) -> pl.LazyFrame | None:
        """The first row and units as shown of the checks that found some (None: none
        did); ``found``: what ``queries`` gave."""
        counts = found[0]
        hits = [c for c in self._pending if counts.item(0, c.tag)]
        if not hits:
            return None
        # Only the rows some check found are named, each once.
        found_rows = self.rows.filter(pl.any_horizontal(c.keep for c in hits)).with_columns(
            ("«" + pl.col(UNIT) + "» (" + pl.col(ROW).cast(pl.String) + ")").alias(NAMED))
        return found_rows.select(e for c in hits for e in c.details())

    def problems(self, found: Sequence[pl.DataFrame], details: pl.DataFrame | None
                 ) -> list[Problem]:
        """The problems of the period (``found``: what ``queries`` gave; ``details``:
        what ``details`` gave)."""
        counts = found[0].row(0, named=True)
        detail = details.row(0, named=True) if details is not None else {}
        problems = []
        for check in self.checks:
            if isinstance(check, Problem):
                problems.append(check)
                continue
            count = counts[check.tag]
            if count:
                more = ", …" if count > LISTED else ""
                listed = Localised(check.listed(detail, "ru") + more,
                                   check.listed(detail, "en") + more)
                problems.append(Problem(
                    check.key, {**check.arguments, "count": count, "units": listed},
                    Location(self.file, row=detail[f"{check.tag}.row"], column=check.column),
                    "warning"))
        absent = found[1]
        count = absent.item(0, "count")
        if count:
            shown = ", ".join(f"«{u}»" for u in absent.item(0, "units"))
            problems.append(Problem(
                "scoring.not_submitted",
                {**self.base, "count": count,
                 "policy": Key(f"scoring.policy.{self.spec.missing}"),
                 "units": shown + (", …" if count > LISTED else "")},
                Location(self.file), "warning"))
        if self.spec.units is not None and (extra := found[2]).item(0, "count"):
            count = extra.item(0, "count")
            problems.append(Problem(
                "scoring.unlisted_unit",
                {**self.base, "units_table": self.spec.units, "count": count,
                 "units": _named_units(extra, self.wanted) + (", …" if count > LISTED else "")},
                Location(self.file, row=extra.item(0, "row")), "warning"))
        return problems


def score_checks(spec: Scoring, dataset: Dataset, rows: pl.LazyFrame, wanted: pl.DataFrame,
                 *, maxima: Mapping[str, float | None], period: Period | None,
                 file: str) -> PeriodChecks:
    """The checks of one period's scores (``rows``: one per unit that submitted, with
    each section's ``<id>._bad`` flag; ``wanted``: the units expected)."""
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
            section.id, section.id, column, len(checks)))
        checks.append(_Found("scoring.missing_section", at, section.id, None, column,
                             len(checks)))
        if spec.long:
            checks.append(_Found("scoring.repeated_section", at, section.id, None, column,
                                 len(checks)))
    if (dataset.key is None or dataset.key != (spec.unit or dataset.key)) and not spec.long:
        checks.append(_Found("scoring.repeated_unit", base, None, None,
                             dataset.header(spec.unit) if spec.unit else None, len(checks)))
    return PeriodChecks(spec, base, tuple(checks), rows, wanted, file)
