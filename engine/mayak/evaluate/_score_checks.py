"""What a methodologist must hear about one period's scores: a score outside 0 … its
maximum, a section missing for a unit, a maximum missing for the period, a unit that did
not submit, a unit or a section given twice. Each names the units, and the file, row and
column where it can be fixed; the rest is computed."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import polars as pl
from msgspec import Struct

from mayak.evaluate._periods import label_or_all
from mayak.evaluate._scores import MATCH, UNIT, number_texts
from mayak.io._coerce import ROW
from mayak.messages._catalogue import Key, Localised, Number
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Dataset, Scoring
from mayak.spec._period import Period

LISTED = 20  # units named per message


class _Found(Struct, frozen=True):
    """A problem to report if some units meet its test (``flag``): one query flags the
    units' rows each check finds (``number``: the check's place among them)."""

    key: str
    arguments: Mapping[str, object]
    section: str | None  # the section tested (its id), if any
    score: str | None  # the section whose score follows each unit's name, if any
    column: str | None
    number: int = 0

    @property
    def tag(self) -> str:
        """The name of the check's flag."""
        return f"_check.{self.number}"

    @property
    def flag(self) -> pl.Expr:
        """True for the units' rows the check finds (named ``tag``)."""
        return _flag(self.tag, self.key, self.section)

    def listed(self, found: pl.DataFrame, flags: pl.Series) -> Localised:
        """The first units the check finds (``flags``, over the rows ``found``) as shown:
        «unit» (row), then the score if the check shows one. Series operations on the few
        rows found, cheaper than a query."""
        units = found.get_column(UNIT).filter(flags).head(LISTED).to_list()
        rows = found.get_column(ROW).filter(flags).head(LISTED).to_list()
        named = [f"«{unit}» ({row})" for unit, row in zip(units, rows, strict=True)]
        if self.score is None:
            return Localised(", ".join(named), ", ".join(named))
        scores = found.get_column(self.score).filter(flags).head(LISTED)
        ru, en = (", ".join(f"{n}: {score}" for n, score in
                            zip(named, number_texts(scores, comma=comma), strict=True))
                  for comma in (True, False))
        return Localised(ru, en)


# The checks' expressions are the same in every evaluation: built once (an expression is
# immutable).
@functools.lru_cache(maxsize=1024)
def _flag(tag: str, key: str, section: str | None) -> pl.Expr:
    if section is None:  # a repeated unit
        return (pl.col("_rows") > 1).alias(tag)
    match key:
        case "scoring.out_of_range":
            return pl.col(f"{section}._bad").alias(tag)
        case "scoring.missing_section":
            return (pl.col(section).is_null() & ~pl.col(f"{section}._bad")).alias(tag)
    return (pl.col(f"{section}._rows") > 1).alias(tag)  # a repeated section


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


def _first_row(found: pl.DataFrame, flags: pl.Series) -> int | None:
    """The first row of the data among the rows ``flags`` picks of ``found``."""
    first = found.get_column(ROW).filter(flags).min()
    return first if isinstance(first, int) else None


def _named_units(units: Sequence[str], rows: Sequence[int], wanted: pl.DataFrame) -> str:
    """The first units that did not list (``units``, at ``rows``) as «unit» (row) →
    «closest listed unit»."""
    known = wanted.get_column(UNIT).to_list()
    names = []
    # A loop over a few findings, not data rows.
    for name, row in zip(units, rows, strict=True):
        close = suggestion(name, known)
        names.append(f"«{name}» ({row})" + (f" → «{close}»" if close else ""))
    return ", ".join(names)


class PeriodChecks(Struct, frozen=True):
    """The checks of one period's scores, as queries run with the others (``queries``):
    the units' rows each check finds, flagged in one pass; the units that did not submit
    and those the units table does not list. ``problems`` says what was found."""

    spec: Scoring
    base: Mapping[str, object]
    checks: tuple[Problem | _Found, ...]  # in the order they are reported
    rows: pl.LazyFrame
    wanted: pl.DataFrame
    file: str

    @property
    def _pending(self) -> list[_Found]:
        return [c for c in self.checks if isinstance(c, _Found)]

    def queries(self) -> list[pl.LazyFrame]:
        """The units' rows some check finds, with a flag per check (``_check.<n>``), the
        first row and the scores shown; and one row: the units not submitted
        (``absent.*``) and those the units table does not list (``extra.*``). Two queries
        whatever the number of checks: each query has a cost of its own, more than these
        small ones' work."""
        pending = self._pending
        scores = list(dict.fromkeys(c.score for c in pending if c.score is not None))
        found = self.rows.select(UNIT, ROW, *scores, *(c.flag for c in pending))
        # Mostly none: the findings are listed from these rows alone.
        found = (found.filter(pl.any_horizontal(c.tag for c in pending)) if pending
                 else found.clear())
        # Matched as tables are, case and edge spaces aside.
        wanted, given = self.wanted.lazy(), self.rows
        absent = wanted.join(given.select(MATCH), on=MATCH, how="anti").select(
            pl.len().alias("absent.count"),
            pl.col(UNIT).head(LISTED).implode().alias("absent.units"))
        parts = [absent]
        if self.spec.units is not None:  # scores of units the units table does not list
            extra = given.join(wanted.select(MATCH), on=MATCH, how="anti")
            parts.append(extra.select(pl.len().alias("extra.count"),
                                      pl.col(ROW).min().alias("extra.row"),
                                      pl.col(UNIT).head(LISTED).implode().alias("extra.units"),
                                      pl.col(ROW).head(LISTED).implode().alias("extra.rows")))
        return [found, pl.concat(parts, how="horizontal")]

    def problems(self, found: pl.DataFrame, units: pl.DataFrame) -> list[Problem]:
        """The problems of the period (``found``, ``units``: what ``queries`` gave)."""
        counts = units.row(0, named=True)
        problems = []
        for check in self.checks:
            if isinstance(check, Problem):
                problems.append(check)
                continue
            flags = found.get_column(check.tag)
            count = int(flags.sum())
            if count:
                more = ", …" if count > LISTED else ""
                listed = check.listed(found, flags)
                problems.append(Problem(
                    check.key, {**check.arguments, "count": count,
                                "units": Localised(listed.ru + more, listed.en + more)},
                    Location(self.file, row=_first_row(found, flags), column=check.column),
                    "warning"))
        count = counts["absent.count"]
        if count:
            shown = ", ".join(f"«{u}»" for u in counts["absent.units"])
            problems.append(Problem(
                "scoring.not_submitted",
                {**self.base, "count": count,
                 "policy": Key(f"scoring.policy.{self.spec.missing}"),
                 "units": shown + (", …" if count > LISTED else "")},
                Location(self.file), "warning"))
        if self.spec.units is not None and (count := counts["extra.count"]):
            problems.append(Problem(
                "scoring.unlisted_unit",
                {**self.base, "units_table": self.spec.units, "count": count,
                 "units": _named_units(counts["extra.units"], counts["extra.rows"],
                                       self.wanted) + (", …" if count > LISTED else "")},
                Location(self.file, row=counts["extra.row"]), "warning"))
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
