"""Immutable spec objects, built from validated YAML."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from msgspec import Struct, field
from msgspec.structs import force_setattr, replace

from mayak._frozen import Frozen
from mayak.spec._period import Period
from mayak.spec._planned import Planned
from mayak.spec._yaml import Path, YamlDocument

ColumnType = Literal["string", "integer", "number", "boolean", "date", "category", "period"]
Aggregation = Literal["count", "sum", "mean", "min", "max", "distinct", "figure"]
RoundingMode = Literal["half_up", "half_even", "down", "up"]
AGGREGATIONS: tuple[Aggregation, ...] = ("count", "sum", "mean", "min", "max", "distinct",
                                         "figure")
TOTAL_LEVEL = "total"  # the whole data set, without grouping

DEFAULT_TRUE = ("да", "д", "yes", "y", "true", "истина", "1", "+", "есть", "имеется")
DEFAULT_FALSE = ("нет", "н", "no", "n", "false", "ложь", "0", "-", "отсутствует")
DEFAULT_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y", "%Y-%m-%d %H:%M:%S")


class Source(Struct, frozen=True):
    """Where a spec was written, so later problems can point back at it."""

    document: YamlDocument

    @property
    def file(self) -> str:
        """The spec file, as the user named it."""
        return self.document.file

    def at(self, *path: str | int) -> Any:
        """The line and column of the value at ``path`` inside the spec."""
        return self.document.location(path)


class Basis(Struct, frozen=True):
    """The legal basis of a rule: the document, its date, the clause and a link."""

    document: str
    date: str | None = None
    clause: str | None = None
    url: str | None = None


class Column(Struct, frozen=True):
    """A column of a dataset: its type, the headers it may carry, and what it accepts."""

    name: str
    type: ColumnType
    title: str | None = None
    aliases: tuple[str, ...] = ()
    required: bool = False
    values: tuple[str, ...] = ()
    ordered: bool = False
    synonyms: Mapping[str, str] = field(default_factory=Frozen)
    min: float | None = None
    max: float | None = None
    true_values: tuple[str, ...] = DEFAULT_TRUE
    false_values: tuple[str, ...] = DEFAULT_FALSE
    formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    not_after: str | None = None  # a date column of the same row this date may not follow
    # "no data" spellings beyond the defaults: the dataset's, then the column's own (trimmed)
    missing: tuple[str, ...] = ()
    # A derived column whose expression does not compile (its error is said there): an
    # expression using it is not checked against a type it does not have.
    unusable: bool = False


class Lookup(Struct, frozen=True):
    """Attributes a dataset takes from a units table (a dataset with a ``key``): the rows
    whose ``on`` column matches a unit's key get the unit's ``take`` columns."""

    dataset: str  # the units table
    on: str | None  # this dataset's column holding the key (None: the units' key name)
    take: tuple[str, ...]
    synonyms: Mapping[str, str] = field(default_factory=Frozen)
    index: int = 0  # position in the spec, for locating problems


class Dataset(Struct, frozen=True):
    """An input table (teachers, events, applications): its columns, key and file name."""

    id: str
    title: str
    columns: Mapping[str, Column]
    file: str
    key: str | None
    source: Source
    description: str | None = None
    basis: Basis | None = None
    sheet: str | None = None  # the XLSX sheet holding the data (else the one that fits)
    missing: tuple[str, ...] = ()  # "no data" spellings for every column (trimmed)
    period: str | None = None  # the column naming each row's period (a period, year or date)
    lookups: tuple[Lookup, ...] = ()
    derive: Mapping[str, str] = field(default_factory=Frozen)
    # The columns looked up and derived, typed when the rules are loaded (not in the file).
    added: Mapping[str, Column] = field(default_factory=Frozen)

    def header(self, name: str) -> str:
        """How messages name a column of the rows: its title, else its name."""
        column = self.row_columns.get(name)
        return (column.title or name) if column is not None else name

    @property
    def row_columns(self) -> Mapping[str, Column]:
        """The columns of a row as expressions and levels see it: those of the file, then
        those looked up and derived."""
        return {**self.columns, **self.added} if self.added else self.columns


def column_titles(datasets: Iterable[Dataset]) -> dict[str, str]:
    """Each column's title, as levels and messages name it: the first dataset to title a
    column of its file names it; a column only added (a class column) is named by the
    title it was added with."""
    titles: dict[str, str] = {}
    datasets = list(datasets)
    for columns in [d.columns for d in datasets] + [d.added for d in datasets]:
        for name, column in columns.items():
            if column.title:
                titles.setdefault(name, column.title)
    return titles


class Variable(Struct, frozen=True):
    """A variable of an indicator: an aggregation of a dataset's rows (``count``, ``sum``
    of ``of``, …), optionally over the rows ``where`` holds. ``skip_unknown`` (``unknown:
    skip``): a sum, mean, min or max leaves out the rows it cannot classify instead of being
    unknown itself."""

    name: str
    aggregation: Aggregation
    dataset: str
    of: str | None
    where: str | None
    title: str | None
    path: Path
    skip_unknown: bool = False
    previous: bool = False  # `period: previous`: the rows of the period before the report's


class Rounding(Struct, frozen=True):
    """How an indicator's value is rounded: the digits kept and the mode."""

    digits: int | None = None
    mode: RoundingMode = "half_up"


class Indicator(Struct, frozen=True):
    """A monitoring indicator: variables aggregated from datasets and a formula over them."""

    id: str
    title: str
    unit: str
    variables: Mapping[str, Variable]
    formula: str
    rounding: Rounding
    source: Source
    data_source: str | None = None
    description: str | None = None
    basis: Basis | None = None
    versions: tuple[FormulaVersion, ...] = ()  # the formula by period (``formula``: the first)

    @property
    def formulas(self) -> tuple[str, ...]:
        """Every formula the indicator has (one, or one per version)."""
        return tuple(v.formula for v in self.versions) or (self.formula,)

    def version_in(self, period: Period | None) -> FormulaVersion | None:
        """The formula version in force in ``period`` (the latest start among those that
        apply; without a period, the last); None when the formula is not written by period
        or no version applies."""
        chosen = [v for v in self.versions if period is None or v.applies(period)]
        return max(chosen, key=lambda v: -1 if v.start is None else v.start.first,
                   default=None)

    @property
    def datasets(self) -> tuple[str, ...]:
        """The datasets the indicator's variables read, in the order of first use."""
        return tuple(dict.fromkeys(v.dataset for v in self.variables.values()))


class Target(Struct, frozen=True):
    """The planned value of one indicator, the levels it applies to, and the value printed
    in the published document (to be cross-checked). A target written by period holds its
    values in ``dated`` (``planned`` is then the first); ``in_force`` picks one."""

    indicator: str
    planned: Planned
    levels: tuple[str, ...] | None  # None: every level
    published: float | None
    note: str | None
    dated: tuple[Dated, ...] = ()
    norm: str | None = None  # the norm's name, when the indicator has several
    also: tuple[Target, ...] = ()  # the indicator's further norms (a list in the spec)
    index: int | None = None  # its place in that list

    @property
    def norms(self) -> tuple[Target, ...]:
        """This norm and the further ones."""
        return (self, *self.also)

    def in_force(self, period: Period | None) -> Target | None:
        """The target as it stands in ``period``: itself when not written by period, else
        its value in force then (None: none is); its further norms likewise. Without a
        period, the last value."""
        also = tuple(n for norm in self.also if (n := norm.in_force(period)) is not None)
        if not self.dated:
            return replace(self, also=also) if also != self.also else self
        chosen = [d for d in self.dated if period is None or d.applies(period)]
        if not chosen:
            return None
        # An open-ended value gives way to the next one (checks refuse any other overlap).
        value = max(chosen, key=lambda d: -1 if d.start is None else d.start.first)
        return replace(self, planned=value.planned, published=value.published,
                       note=value.note or self.note, dated=(), also=also)


class InForce:
    """Something in force from one period (``start``) to another (``end``, None: open)."""

    __slots__ = ()  # a mixin of records: adds no instance dictionary

    start: Period | None
    end: Period | None

    def applies(self, period: Period) -> bool:
        """Whether it is in force at the end of ``period`` (a target is to be met by then)."""
        return in_force_at(self.start, self.end, period)


class Dated(Struct, InForce, frozen=True):
    """A planned value in force from one period (``start``) to another (``end``, None: until
    the next value's start or for good); ``index``: its place in the spec's list."""

    planned: Planned
    start: Period | None
    end: Period | None
    published: float | None
    note: str | None
    index: int



def in_force_at(start: Period | None, end: Period | None, period: Period) -> bool:
    """Whether something in force from ``start`` to ``end`` (None: open) is in force at the
    end of ``period``."""
    after = start is None or start.first <= period.last
    return after and (end is None or period.last <= end.last)


class FormulaVersion(Struct, InForce, frozen=True):
    """An indicator's formula in force from one period (``start``) to another (``end``,
    None: until the next version's start or for good); ``index``: its place in the list."""

    formula: str
    start: Period | None
    end: Period | None
    index: int



class Targets(Struct, frozen=True):
    """A set of planned values, e.g. those of one year's regional programme."""

    id: str
    title: str
    period: Period | None
    targets: Mapping[str, Target]
    source: Source
    description: str | None = None
    basis: Basis | None = None


class Manifest(Struct, frozen=True):
    """A rule set that includes other spec folders or files (e.g. the shared catalogue)."""

    id: str
    title: str
    include: tuple[str, ...]
    source: Source
    extends: str | None = None  # the base rule set: a path to its folder or ruleset file
    indicators: tuple[str, ...] | None = None  # those computed (None: every one loaded)
    period: Period | None = None  # the report's period unless the command names one
    compare: Period | bool = False  # True: with the previous period; a Period: with that one


OUTCOMES = ("admitted", "reserve", "needs_review")
OUTCOME_COLUMN = "outcome"
REASONS_COLUMN = "reasons"
NO_GROUP = "—"  # how a blank group (e.g. no subject area given) is shown


def explain_column(criterion: str) -> str:
    """The screening column with what the data said for ``criterion``."""
    return f"{criterion}_explain"


class Criterion(Struct, frozen=True):
    """One admission criterion: a rule over an application, with its explanation."""

    id: str
    title: str
    rule: str
    explain: str | None
    basis: Basis | None
    index: int  # position in the spec, for locating problems


class Admission(Struct, frozen=True):
    """Criteria for admitting applicants (e.g. to the regional methodological pool).

    Its result is a dataset of its own, named by ``id``: the applications with one boolean
    column per criterion, the derived values, ``outcome`` and ``reasons``.
    """

    id: str
    title: str
    dataset: str
    derive: Mapping[str, str]
    criteria: tuple[Criterion, ...]
    decision: str | int  # "all", an expression over criterion ids, or at_least N
    outcomes: Mapping[str, str]
    summary_by: str | None
    population: str | None
    source: Source
    description: str | None = None
    basis: Basis | None = None


class ClassRule(Struct, frozen=True):
    """One class of a classification: the attribute's ``values`` that put a unit in it, or
    the bounds of its interval (``low``/``high``, each inclusive or not; None: open)."""

    id: str
    title: str | None
    values: tuple[str, ...]
    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool
    index: int

    @property
    def shown(self) -> str:
        """The class as reports name it: its title, else its id."""
        return self.title or self.id


class Classification(Struct, frozen=True):
    """Units of a dataset sorted into classes (clusters) by an attribute's values or by bins
    over an expression's value, one class per unit and period. The class is a column of the
    dataset's rows named by ``id``."""

    id: str
    title: str
    dataset: str
    unit: str | None  # the unit column (None: the dataset's key)
    attribute: str | None
    value: str | None
    rounding: Literal["floor", "ceil", "half_up", "none"]
    classes: tuple[ClassRule, ...]
    source: Source
    description: str | None = None
    basis: Basis | None = None


class DatedMax(Struct, InForce, frozen=True):
    """A section's maximum in force from one period (``start``) to another (``end``)."""

    max: float
    start: Period | None
    end: Period | None
    index: int



class Section(Struct, frozen=True):
    """A section of an expert review: its title, where its score is, and its maximum (one
    number, or by period in ``dated``)."""

    id: str
    title: str
    column: str  # wide form: the dataset's column
    name: str  # long form: how the section column names it
    max: float | None
    dated: tuple[DatedMax, ...]
    index: int

    def max_in(self, period: Period | None) -> float | None:
        """The maximum in force in ``period`` (the latest start among those that apply;
        without a period, the last); None when none is."""
        if not self.dated:
            return self.max
        chosen = [d for d in self.dated if period is None or d.applies(period)]
        value = max(chosen, key=lambda d: -1 if d.start is None else d.start.first,
                    default=None)
        return None if value is None else value.max


class Scoring(Struct, frozen=True):
    """An expert review: scores by section per unit and period, with maxima; totals,
    percentages, averages (overall and per class), ranks and changes are computed."""

    id: str
    title: str
    dataset: str
    unit: str | None
    units: str | None  # the units table listing who should have submitted
    classes: tuple[str, ...]
    missing: Literal["exclude", "zero"]
    section_column: str | None  # long form: the column naming the section
    score_column: str | None  # long form: the column holding the score
    sections: tuple[Section, ...]
    source: Source
    description: str | None = None
    basis: Basis | None = None

    @property
    def long(self) -> bool:
        """Whether the scores come one row per section (long form)."""
        return self.section_column is not None


class AuditColumn(Struct, frozen=True):
    """A column of a published table: what it shows (a section id, ``<section>_percent``,
    ``total``, ``percent`` or ``rank``) and the decimals printed."""

    column: str
    show: str
    digits: int


class Audit(Struct, frozen=True):
    """A published per-unit table to be checked against the recomputed one: of a scoring
    (``scoring``), or of indicators at a level (``level``; the columns show indicator ids)."""

    id: str
    title: str
    scoring: str | None
    dataset: str
    unit: str | None
    period: Period | None
    columns: tuple[AuditColumn, ...]
    averages: Mapping[str, tuple[str, str] | None]  # row label -> (classification, class)
    source: Source
    description: str | None = None
    basis: Basis | None = None
    level: str | None = None  # a table of indicators: the level its rows are


class RecommendationRule(Struct, frozen=True):
    """One recommendation: the condition under which it is given and its text template."""

    id: str
    when: str
    text: str
    audience: str | None
    index: int


class Recommendations(Struct, frozen=True):
    """Targeted recommendations on one indicator, given per group of a level (e.g. per
    subject area) to an audience."""

    id: str
    title: str
    indicator: str | None
    level: str
    audience: str
    values: Mapping[str, str]
    rules: tuple[RecommendationRule, ...]
    source: Source
    scoring: str | None = None  # given on a scoring's units instead of an indicator
    by: str | None = None  # a classification the recommendations are grouped by
    classification: str | None = None  # given on the classes of a classification's units


SectionType = Literal["indicators", "table", "ranking", "classes", "scores", "averages",
                      "audits", "recommendations", "remarks"]
SECTION_TYPES: tuple[SectionType, ...] = ("indicators", "table", "ranking", "classes", "scores",
                                          "averages", "audits", "recommendations", "remarks")
TableColumn = Literal["value", "planned", "status", "published", "previous", "change", "ratio"]


class ReportSection(Struct, frozen=True):
    """One section of a report: what it shows (``type``) and of what (a level, indicators,
    a scoring, a classification, audiences). ``index``: its place in the report."""

    type: SectionType
    index: int
    title: str | None = None
    text: str | None = None
    level: str | None = None
    indicators: tuple[str, ...] | None = None  # None: every indicator computed
    columns: tuple[TableColumn, ...] = ()  # a wide table's columns per indicator
    scoring: str | None = None
    classification: str | None = None
    audience: tuple[str, ...] | None = None  # None: every audience
    top: int | None = None  # a ranking's first places shown (None: all)
    chart: bool = True


class Report(Struct, frozen=True):
    """A report a region hands over (a справка, an Excel form, an HTML page): its title,
    period and sections in order."""

    id: str
    title: str
    sections: tuple[ReportSection, ...]
    source: Source
    region: str | None = None
    author: str | None = None
    targets: str | None = None
    period: Period | None = None
    compare: Period | bool | None = None  # None: as the rule set or the command says
    description: str | None = None
    basis: Basis | None = None

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels its sections show, in order (``total`` aside)."""
        return tuple(dict.fromkeys(s.level for s in self.sections
                                   if s.level is not None and s.level != TOTAL_LEVEL))


class SpecSet(Struct, frozen=True):
    """The loaded specs of one rule set by kind, each a read-only mapping from id to spec."""

    datasets: Mapping[str, Dataset] = field(default_factory=dict)
    indicators: Mapping[str, Indicator] = field(default_factory=dict)
    targets: Mapping[str, Targets] = field(default_factory=dict)
    manifests: Mapping[str, Manifest] = field(default_factory=dict)
    admissions: Mapping[str, Admission] = field(default_factory=dict)
    recommendations: Mapping[str, Recommendations] = field(default_factory=dict)
    classifications: Mapping[str, Classification] = field(default_factory=dict)
    scorings: Mapping[str, Scoring] = field(default_factory=dict)
    audits: Mapping[str, Audit] = field(default_factory=dict)
    reports: Mapping[str, Report] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in ("datasets", "indicators", "targets", "manifests", "admissions",
                     "recommendations", "classifications", "scorings", "audits", "reports"):
            force_setattr(self, kind, Frozen(getattr(self, kind)))

    @property
    def inputs(self) -> Mapping[str, Dataset]:
        """The datasets read from files (not the results of a screening)."""
        return Frozen({k: v for k, v in self.datasets.items() if k not in self.admissions})
