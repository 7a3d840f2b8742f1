"""What Mayak checks on ``bench_indicators``' frames, written by hand in Polars.

The same-work side of ``bench_indicators.py`` and ``_same_work_report.py``: every check
``rules.evaluate`` (and ``mayak report``'s reading) makes on these datasets, with the
findings Mayak reports, as ``(code, file, first row, detail)``:

- the declared columns present (a missing optional one is a warning);
- the text columns tidied: the keys and the one text column an expression reads
  (``community_participation.teacher_id``, counted distinct) scanned for edge spaces, blanks
  and «нет данных» markers, tidied only if some cell has one;
- the typed cells in their range: ``community_agreements.year`` within 1990–2100 and
  ``community_participation.event_date`` from 1900 to today (a bad cell becomes unknown and
  is named with its row);
- the keys (``teacher_id``, ``application_id``, ``person_id``) not repeated: the sorted key
  tested first, the repeated values named with their rows only when it is not sorted;
- the rows of ``community_agreements`` whose year is unknown (no period), and whether it
  has rows in the reporting year and the one before;
- after the computation, the level keys (municipality, subject area; left as given, as
  no expression reads them) checked in the result tables, and, if one needs tidying, those
  columns tidied and everything computed again;
- the totals compared with the values the targets say were published, and the indicators
  that have no value at a level asked for named;
- with a units table (``bench_indicators``' lookup): the units table checked as a frame,
  each dataset's distinct municipalities compared with its keys (tidied, lower-cased), the
  keys it holds twice and those it lacks named, the keys spelt otherwise written as it
  writes them.

The scan flags and the key tests of every frame run in one ``collect_all``; the rows of the
findings are looked for in a second one only when a flag says there are some.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

Finding = tuple[str, str, int | None, str]  # code, file, first row, detail
Frames = dict[str, pl.DataFrame]
Tables = dict[str, pl.DataFrame]

ROW = "_row"
PERIOD, YEAR_RANGE = 2023, (1990, 2100)
EARLIEST_DATE = dt.date(1900, 1, 1)
DUPLICATES_LISTED, BAD_LISTED, ROWS_LISTED = 50, 200, 20  # as Mayak lists them

# «нет данных» as people type it (Mayak's markers of a text column, in its spellings).
MARKERS = ("нет данных", "н/д", "неизвестно", "—", "–", "-", "no data", "n/a")
BLANKS = pl.Series(["", *sorted({s for m in MARKERS for s in (
    m, m.lower(), m.upper(), m.lower().capitalize(), m.title())})], dtype=pl.String)

# Per dataset: the key, the text columns scanned (the key and what expressions read), the
# declared columns (those that may be missing: all but the required ones).
KEYS = {"teachers": "teacher_id", "rma": "application_id", "event_staff": "person_id",
        "municipalities": "municipality"}
SCANNED = {"teachers": ("teacher_id",), "rma": ("application_id",),
           "event_staff": ("person_id",), "community_participation": ("teacher_id",),
           "municipalities": ("municipality",)}
OPTIONAL = {
    "municipalities": ("municipality", "district", "teachers_total"),
    "teachers": ("municipality", "subject_area"),
    "event_staff": ("municipality", "event_form"),
    "community_participation": ("municipality", "community", "event_date"),
    # rma is a screening result: the frame given holds only the columns the indicators use.
    "rma": ("full_name", "municipality", "application_date", "higher_pedagogical",
            "higher_in_subject", "retraining", "experience_years", "teaching_since",
            "category", "trained_academy", "trained_institute", "competence_assessed",
            "experience", "K1", "K1_explain", "K2", "K2_explain", "K3", "K3_explain", "K4",
            "K4_explain", "K5", "K5_explain", "outcome", "reasons"),
}
LEVEL_COLUMNS = ("municipality", "subject_area")  # text left as given: checked aggregated
PUBLISHED = {"rma_curator_share": 0.5, "teachers_per_methodist": 196.0,
             "expert_share_in_events": 20.0, "community_participation_share": 52.0,
             "community_growth": 1.09}
TARGETS_FILE = "targets-2023.yaml"


Engine = Literal["auto", "in-memory"]
SMALL_ROWS = 250_000  # up to here (all frames together) the in-memory engine is faster


def engine_for(frames: Mapping[str, pl.DataFrame]) -> Engine:
    """Polars' in-memory engine for small frames (it starts faster: measured, and Mayak
    chooses it for them too), else Polars' own choice."""
    return "in-memory" if sum(f.height for f in frames.values()) <= SMALL_ROWS else "auto"


def untidy(text: pl.Expr) -> pl.Expr:
    """Whether tidying would change a cell: an edge space, a blank or a marker."""
    return ((text.str.strip_chars().str.len_bytes() != text.str.len_bytes())
            | text.is_in(pl.lit(BLANKS).implode()))


def tidy(text: pl.Expr) -> pl.Expr:
    """Trimmed; blanks and markers unknown."""
    stripped = text.str.strip_chars()
    return pl.when(~stripped.is_in(pl.lit(BLANKS).implode())).then(stripped)


def _label(name: str) -> str:
    return f"<{name}>"


def _numbered(frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


def _bad_year() -> pl.Expr:
    year = pl.col("year")
    return year.is_not_null() & ~year.is_between(*YEAR_RANGE)


def _bad_date() -> pl.Expr:
    date = pl.col("event_date")
    return date.is_not_null() & ~date.is_between(pl.lit(EARLIEST_DATE), pl.lit(dt.date.today()))


def _flags(name: str, frame: pl.LazyFrame) -> pl.LazyFrame:
    """One row of flags per frame, in one pass: what needs tidying, whether the key is
    strictly increasing, whether a typed cell is out of range, the year's rows."""
    flags = [untidy(pl.col(c)).any().alias(f"untidy:{c}") for c in SCANNED.get(name, ())]
    if name in KEYS:
        key = pl.col(KEYS[name]).drop_nulls()
        flags.append((key > key.shift(1)).all().alias("sorted"))
    if name == "community_participation":
        flags.append(_bad_date().any().alias("bad:event_date"))
    if name == "community_agreements":
        known = pl.when(~_bad_year()).then(pl.col("year"))
        flags += [_bad_year().any().alias("bad:year"),
                  known.is_null().sum().alias("no_period"),
                  (known == PERIOD).any().alias("current"),
                  (known == PERIOD - 1).any().alias("previous")]
    return frame.select(flags)


@dataclass(frozen=True)
class Checked:
    """The frames typed and tidied as Mayak's, and what the checks found."""

    frames: Frames
    findings: list[Finding]
    extra: list[pl.DataFrame]  # the results of the queries passed along


def _missing(present: Mapping[str, Sequence[str]],
             used: Mapping[str, Sequence[str]] | None = None) -> list[Finding]:
    """The optional columns missing: each one used (every one when ``used`` is None), and
    per file the ones not used, together."""
    found: list[Finding] = []
    for name, columns in OPTIONAL.items():
        if name not in present:
            continue
        absent = [c for c in columns if c not in present[name]]
        if used is not None and name in used:
            unused = [c for c in absent if c not in used[name]]
            absent = [c for c in absent if c in used[name]]
            if unused:
                found.append(("data.missing_unused", _label(name), None,
                              ", ".join(f"«{c}»" for c in unused)))
        found += [("data.missing_optional", _label(name), None, c) for c in absent]
    return found


def check_frames(frames: Mapping[str, pl.DataFrame], extra: Sequence[pl.LazyFrame] = (),
                 columns: Mapping[str, Sequence[str]] | None = None,
                 engine: Engine = "auto",
                 used: Mapping[str, Sequence[str]] | None = None) -> Checked:
    """The frames checked and brought to what Mayak computes on, with the findings;
    ``extra`` queries run in the same batch as the checks; ``columns``: each file's
    columns, when the frames hold only those read; ``engine`` runs the queries; ``used``:
    the columns computed with, when known (a file's missing columns not used are named
    together, as ``mayak report`` names them)."""
    found = _missing(columns if columns is not None
                     else {name: frame.columns for name, frame in frames.items()}, used)
    names = [n for n in frames if n in SCANNED or n == "community_agreements"]
    *done, = pl.collect_all([*(_flags(n, frames[n].lazy()) for n in names), *extra],
                            engine=engine)
    flags = dict(zip(names, done, strict=False))
    out = dict(frames)
    details: list[tuple[Callable[[pl.DataFrame], list[Finding]], pl.LazyFrame]] = []
    for name in names:
        row = flags[name].row(0, named=True)
        tidied = [c for c in SCANNED.get(name, ()) if row[f"untidy:{c}"]]
        if tidied:
            out[name] = out[name].with_columns(tidy(pl.col(c)).alias(c) for c in tidied)
        key = KEYS.get(name)
        if key is not None and (tidied or not row["sorted"]):
            details.append((_duplicates(name, key), _repeated(out[name].lazy(), key)))
        if row.get("bad:event_date"):
            details.append((_bad_cells(name, "event_date", "data.impossible_date"),
                            _numbered(out[name].lazy()).filter(_bad_date())
                            .select(ROW, pl.col("event_date").cast(pl.String))))
        if row.get("bad:year"):
            details.append((_bad_cells(name, "year", "data.out_of_range"),
                            _numbered(out[name].lazy()).filter(_bad_year())
                            .select(ROW, pl.col("year").cast(pl.String))))
            out[name] = out[name].with_columns(pl.when(~_bad_year()).then(pl.col("year"))
                                               .alias("year"))
        if name == "community_agreements":
            found += _periods(row)
            if row["no_period"]:  # named, and in no period: counted nowhere
                details.append((_without_period(row["no_period"]),
                                _numbered(out[name].lazy()).filter(pl.col("year").is_null())
                                .select(ROW).head(ROWS_LISTED)))
                # Numbered first: the rows kept are named as the file numbers them.
                out[name] = (_numbered(out[name].lazy()).filter(pl.col("year").is_not_null())
                             .collect())
    if details:
        for finder, frame in zip([f for f, _ in details],
                                 pl.collect_all([q for _, q in details], engine=engine),
                                 strict=True):
            found += finder(frame)
    return Checked(out, found, done[len(names):])


def _periods(row: Mapping[str, object]) -> list[Finding]:
    return [("data.period_empty", _label("community_agreements"), None, str(year))
            for year, has in ((PERIOD, row["current"]), (PERIOD - 1, row["previous"]))
            if not has]


def _repeated(frame: pl.LazyFrame, key: str) -> pl.LazyFrame:
    """Each repeated key value with its rows, in order of first row."""
    return (_numbered(frame).select(ROW, key).filter(pl.col(key).is_not_null()
                                                     & pl.col(key).is_duplicated())
            .group_by(key).agg(pl.col(ROW).sort()).sort(pl.col(ROW).list.first()))


def _duplicates(name: str, key: str) -> Callable[[pl.DataFrame], list[Finding]]:
    def finder(found: pl.DataFrame) -> list[Finding]:
        listed = [("data.duplicate_key", _label(name), rows[0],
                   f"{value}: {', '.join(map(str, rows))}")
                  for value, rows in found.head(DUPLICATES_LISTED).iter_rows()]
        if found.height > DUPLICATES_LISTED:
            listed.append(("data.more_duplicate_keys", _label(name), None,
                           str(found.height - DUPLICATES_LISTED)))
        return listed
    return finder


def _bad_cells(name: str, column: str, code: str) -> Callable[[pl.DataFrame], list[Finding]]:
    def finder(found: pl.DataFrame) -> list[Finding]:
        listed = [(code if code != "data.impossible_date" or int(value[:4]) >= 1000
                   else "data.bad_value", _label(name), row, value)
                  for row, value in found.head(BAD_LISTED).iter_rows()]
        if found.height > BAD_LISTED:
            listed.append(("data.more_bad_values", _label(name), None,
                           str(found.height - BAD_LISTED)))
        return listed
    return finder


def _without_period(count: int) -> Callable[[pl.DataFrame], list[Finding]]:
    def finder(found: pl.DataFrame) -> list[Finding]:
        rows = found.get_column(ROW).to_list()
        shown = ", ".join(map(str, rows)) + (", …" if count > len(rows) else "")
        return [("data.rows_without_period", _label("community_agreements"), rows[0],
                 f"{count}: {shown}")]
    return finder


def untidy_levels(tables: Mapping[str, pl.DataFrame]) -> list[str]:
    """The level columns with a key (in the small result tables) that tidying changes."""
    levels = [lv for lv in tables if lv in LEVEL_COLUMNS]  # a looked-up column is tidied
    if not levels:
        return []
    found = pl.select(untidy(pl.lit(tables[lv].get_column(lv))).any().alias(lv)
                      for lv in levels)
    return [lv for lv in levels if found.get_column(lv).item()]


def with_levels_tidied(frames: Mapping[str, pl.DataFrame], levels: list[str]) -> Frames:
    """The frames with the ``levels`` columns tidied wherever they are."""
    return {name: frame.with_columns(tidy(pl.col(c)).alias(c) for c in levels
                                     if c in frame.columns)
            for name, frame in frames.items()}


def table_findings(tables: Mapping[str, pl.DataFrame], digits: Mapping[str, int],
                   unavailable: Sequence[tuple[str, str, str]]) -> list[Finding]:
    """The totals that differ from the published values, and the indicators that cannot be
    computed at a level asked for (``unavailable``: indicator, level, the dataset without
    that column)."""
    total = tables["total"].row(0, named=True)
    found: list[Finding] = [("report.published_differs", TARGETS_FILE, None,
                             f"{name} {printed:g} {_shown(total[name], digits[name])}")
                            for name, printed in PUBLISHED.items()
                            if total[name] is None or abs(total[name] - printed) > 1e-9]
    found += [("level.unavailable_dataset", f"{indicator}.yaml", None,
               f"{indicator} {level} {dataset}") for indicator, level, dataset in unavailable]
    return found


def _shown(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


# -- the lookup: each municipality's district and teachers from the units table -------------

UNITS, ON, TAKE = "municipalities", "municipality", ("district", "teachers_total")
UNMATCHED_LISTED = 20
SHOWN = "_shown"


def _compared(key: pl.Expr) -> pl.Expr:
    """A key as lookups compare it: tidied and lower-cased."""
    return tidy(key).str.to_lowercase().alias("_key")


def lookup_queries(frames: Mapping[str, pl.DataFrame], names: Sequence[str]
                   ) -> list[pl.LazyFrame]:
    """Run with the checks: the distinct municipalities of the datasets looking them up, each
    as compared, and the units table by its key as compared."""
    keys = pl.concat([frames[n].lazy().select(pl.col(ON).unique()).with_columns(
        _compared(pl.col(ON)), pl.lit(n).alias("_dataset")) for n in names])
    units = (_numbered(frames[UNITS].lazy())
             .select(ROW, _compared(pl.col(ON)), tidy(pl.col(ON)).alias(SHOWN),
                     tidy(pl.col("district")).alias("district"), "teachers_total")
             .filter(pl.col("_key").is_not_null()))
    return [keys, units]


def looked_up(frames: Mapping[str, pl.DataFrame], found: Sequence[pl.DataFrame],
              names: Sequence[str]) -> tuple[Frames, pl.DataFrame, list[Finding]]:
    """The units table as the lookup uses it (a row per key as compared, the first; its key
    as it writes it), the datasets' municipalities written as the units table writes them,
    and the findings: keys the units table holds twice, keys it lacks (``found``: what
    ``lookup_queries`` found)."""
    keys, table = found
    findings: list[Finding] = []
    repeated = table.filter(pl.col("_key").is_duplicated())
    if not repeated.is_empty():
        grouped = (repeated.group_by("_key", maintain_order=True)
                   .agg(pl.col(SHOWN).first(), pl.col(ROW)).select(SHOWN, ROW))
        # As Mayak: said once, however many datasets look the units up.
        findings += [("lookup.duplicate_key", _label(UNITS), rows[0],
                      f"{value}: {', '.join(map(str, rows))}")
                     for value, rows in grouped.head(UNMATCHED_LISTED).iter_rows()]
        table = table.unique("_key", keep="first", maintain_order=True)
    mapping = keys.join(table.select("_key", SHOWN), on="_key", how="left")
    odd = mapping.filter(pl.col("_key").is_not_null()
                         & (pl.col(SHOWN).is_null() | (pl.col(ON) != pl.col(SHOWN))))
    out = {name: frame for name, frame in frames.items() if name != UNITS}
    for name in names if not odd.is_empty() else ():  # rare: keys spelt otherwise or unknown
        mine = odd.filter(pl.col("_dataset") == name)
        missing = mine.filter(pl.col(SHOWN).is_null())
        if not missing.is_empty():
            findings.append(_unmatched(name, out[name], missing.get_column(ON), table))
        spelt = mine.filter(pl.col(SHOWN).is_not_null())
        if not spelt.is_empty():
            out[name] = out[name].with_columns(pl.col(ON).replace(spelt.get_column(ON),
                                                                  spelt.get_column(SHOWN)))
    return out, table.select(pl.col(SHOWN).alias(ON), *TAKE), findings


def _unmatched(name: str, frame: pl.DataFrame, missing: pl.Series, table: pl.DataFrame
               ) -> Finding:
    """The keys the units table lacks, each with its first row, and the closest units."""
    rows = (_numbered(frame.lazy()).filter(pl.col(ON).is_in(missing.implode()))
            .group_by(ON).agg(pl.col(ROW).min().alias("first"), pl.len().alias("rows"))
            .sort("first").collect())
    known = dict(zip(table.get_column("_key").to_list(), table.get_column(SHOWN).to_list(),
                     strict=True))
    listed, hints = [], []
    for value, first, _ in rows.head(UNMATCHED_LISTED).iter_rows():
        listed.append(f"«{value}» ({first})")
        typed = str(value).strip().lower()
        close = difflib.get_close_matches(typed, [k for k in known if k != typed], n=1,
                                          cutoff=0.6)
        if close:
            hints.append(f"«{value}» → «{known[close[0]]}»")
    shown = ", ".join(listed) + (", …" if rows.height > UNMATCHED_LISTED else "")
    return ("lookup.unmatched", _label(name), rows.get_column("first").min(),  # type: ignore[return-value]
            f"{name}: {shown}; {rows.height} keys, {rows.get_column('rows').sum()} rows; "
            f"{', '.join(hints)}")
