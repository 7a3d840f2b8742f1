"""Bring a frame to the types its dataset spec declares, reporting every unreadable cell.

All conversion is vectorised. A value that cannot be read becomes null ("unknown") and is
reported with its row and column; the row itself is kept.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Collection, Mapping
from datetime import date

import polars as pl
from msgspec import Struct, field

from mayak.expr._compile import finite
from mayak.io._engine import Engine, small_flags
from mayak.messages._catalogue import Key
from mayak.messages._problems import DataError, Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Column, ColumnType, Dataset
from mayak.spec._period import parse_period

ROW = "_row"  # row number as people see it (header is row 1 in a file)
MAX_LISTED = 200  # unreadable values listed one by one per file; the rest are counted
UNREADABLE_SCHEMA = {ROW: pl.Int64, "column": pl.String}  # a cell: row and header (or null)
EARLIEST_DATE = date(1900, 1, 1)  # older dates in data are typing slips (1023 for 2023)


def no_unreadable() -> pl.DataFrame:
    """An empty table of unreadable cells."""
    return pl.DataFrame(schema=UNREADABLE_SCHEMA)


def dtype_of(column: Column) -> pl.DataType:
    """The Polars type a column of this spec holds once read."""
    if column.type == "category":
        return _enum(tuple(column.values))
    return {
        "string": pl.String(), "integer": pl.Int64(), "number": pl.Float64(),
        "boolean": pl.Boolean(), "date": pl.Date(), "period": pl.String(),
    }[column.type]


@functools.lru_cache(maxsize=256)  # asked for per category column in every reading
def _enum(values: tuple[str, ...]) -> pl.DataType:
    return pl.Enum(list(values))


def normalise_text(expr: pl.Expr) -> pl.Expr:
    """Case, spacing and Unicode form folded, so 'Высшая ', 'высшая' and NFD 'й' agree."""
    return (expr.str.normalize("NFC").str.strip_chars().str.to_lowercase()
            .str.replace_all(r"\s+", " ").str.replace_all("ё", "е"))


@functools.lru_cache(maxsize=4096)  # spec words repeat: every boolean column has the defaults
def normalise_word(word: str) -> str:
    """One word folded as text cells are (case, spaces, Unicode form, ё), to compare with them."""
    return normalise_words((word,))[0]


# Characters on which Python's folding and ``normalise_text`` agree: printable ASCII, the
# plain space, Russian letters and a few marks with no case. Each is its own NFC form and
# lower-cases alike in both; no other whitespace is among them.
_PLAIN = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0x410, 0x450)]
    + ["Ё", "ё", "«", "»", "—", "–", "№"])


# A Polars pass costs about a millisecond whatever its length: a spec's headers and a file's
# are folded together, and the same tuples come again on every call.
@functools.lru_cache(maxsize=256)
def normalise_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Many words folded as ``normalise_word`` folds one: in Python when every character is
    plain (a spec's words mostly are: loading 24 specs asked for 33 passes), else in one
    Polars pass."""
    if all(_PLAIN.issuperset(word) for word in words):
        return tuple(" ".join(word.lower().split()).replace("ё", "е") for word in words)
    frame = pl.DataFrame({"word": list(words)}, schema={"word": pl.String})
    return tuple(frame.select(normalise_text(pl.col("word"))).to_series().to_list())


# Written where a value is not known: read as unknown, not as an unreadable value. A lone
# hyphen or dash is how Russian tables write "no data" (a whole cell only: "-5" is a number).
UNKNOWN_MARKERS = ("нет данных", "н/д", "неизвестно", "—", "–", "-", "no data", "n/a")


# The markers as people type them: lowering every cell to compare would cost several times
# more than the whole rest of reading a text column. The empty text comes first: a cell
# read as unknown once trimmed.
@functools.lru_cache(maxsize=256)  # a few marker lists per rule set, asked for per column
def _blank_spellings(markers: tuple[str, ...]) -> tuple[str, ...]:
    return ("", *sorted({spelling for marker in markers for spelling in (
        marker, marker.lower(), marker.upper(), marker.lower().capitalize(), marker.title())}))


# Built once: a list is turned into a Series, cell by cell, on every use.
@functools.lru_cache(maxsize=256)
def _blank_values(markers: tuple[str, ...]) -> pl.Expr:
    return pl.lit(pl.Series(_blank_spellings(markers), dtype=pl.String)).implode()


def vocabulary(column: Column) -> tuple[str, ...]:
    """The words a column reads as values (yes/no words, category values and synonyms)."""
    match column.type:
        case "boolean":
            return (*column.true_values, *column.false_values)
        case "category":
            return (*column.values, *column.synonyms)
    return ()


def markers_of(column: Column) -> tuple[str, ...]:
    """What reads as «нет данных» in the column: the default markers the column does not
    read as a value ("-" is «нет» among the default yes/no words), then its own."""
    return _markers(vocabulary(column), column.missing)


@functools.lru_cache(maxsize=1024)
def _markers(words: tuple[str, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    taken = set(normalise_words(words)) if words else set()
    defaults = (UNKNOWN_MARKERS if not taken else tuple(
        m for m in UNKNOWN_MARKERS if normalise_word(m) not in taken))
    return tuple(dict.fromkeys((*defaults, *extra)))


def tidy(text: pl.Expr, markers: tuple[str, ...] = UNKNOWN_MARKERS) -> pl.Expr:
    """A text column as read from a file: trimmed, blanks and "нет данных" (``markers``)
    unknown."""
    stripped = text.str.strip_chars()
    return pl.when(~stripped.is_in(_blank_values(markers))).then(stripped)


def untidy(text: pl.Expr, markers: tuple[str, ...] = UNKNOWN_MARKERS) -> pl.Expr:
    """True where ``tidy`` would change a text cell (null stays null)."""
    # Comparing lengths, not the texts themselves: half the cost of the same test. The
    # empty text is looked up with the markers (one lookup, not a second comparison).
    return ((text.str.strip_chars().str.len_bytes() != text.str.len_bytes())
            | text.is_in(_blank_values(markers)))


def _number(text: pl.Expr) -> pl.Expr:
    # "1 234,5" and "1234.5" both read; spaces (also non-breaking) are thousands separators.
    value = (text.str.replace_all(r"[\s\u00a0]", "").str.replace(",", ".", literal=True)
             .cast(pl.Float64, strict=False))
    return finite(value)


MAX_INTEGER = 2**53  # beyond this a float no longer holds every whole number


def _exact(whole_number: pl.Expr) -> pl.Expr:
    """An integer cell as Int64 within ±2**53, as a text cell is read (a sum of such values
    cannot wrap around Int64); beyond that, and a UInt64 beyond Int64, unreadable."""
    value = whole_number.cast(pl.Int64, strict=False)
    return pl.when(value.is_between(-MAX_INTEGER, MAX_INTEGER)).then(value)


def whole(value: pl.Expr) -> pl.Expr:
    """An Int64 where ``value`` is a whole number within range, else null."""
    return (pl.when((value == value.floor()) & (value.abs() <= MAX_INTEGER)).then(value)
            .cast(pl.Int64, strict=False))


def _from_text(text: pl.Expr, column: Column) -> pl.Expr:
    """``text`` is stripped, with blanks and unknown markers already null."""
    match column.type:
        case "string":
            return text
        case "number":
            return _number(text)
        case "integer":
            return whole(_number(text))
        case "boolean":
            low = normalise_text(text)
            yes = list(normalise_words(tuple(column.true_values)))
            no = list(normalise_words(tuple(column.false_values)))
            return pl.when(low.is_in(yes)).then(True).when(low.is_in(no)).then(False)
        case "date":
            return _date(text, column.formats)
        case "period":  # read per distinct label (``_distinct_readings``)
            return pl.lit(None, dtype=pl.String)
        case _:  # category
            spellings = (*column.values, *column.synonyms)
            meanings = (*column.values, *column.synonyms.values())
            # a synonym spelt like a value wins, as a later key of a dict does
            mapping = dict(zip(normalise_words(spellings), meanings, strict=True))
            return normalise_text(text).replace_strict(mapping, default=None,
                                                       return_dtype=dtype_of(column))


EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_MIN = 10_000
ISO_DATETIME = "%Y-%m-%d %H:%M:%S"  # how a date cell of a spreadsheet reads as text


def _date(text: pl.Expr, formats: tuple[str, ...]) -> pl.Expr:
    parsed = []
    for fmt in dict.fromkeys((*formats, ISO_DATETIME)):
        value = (text.str.to_datetime(fmt, strict=False).dt.date() if "%H" in fmt
                 else text.str.to_date(fmt, strict=False))
        if "%Y" in fmt:  # "01.09.23" must not pass as the year 23
            value = pl.when(value.dt.year() >= 1000).then(value)
        parsed.append(value)
    parsed.append(_excel_date(text.cast(pl.Int64, strict=False)))
    return pl.coalesce(parsed)


def _excel_date(serial: pl.Expr) -> pl.Expr:
    # A whole number in a date column is an Excel serial date (days since 30.12.1899), from
    # 18.05.1927 on: a bare year such as 2023 is unreadable, not 15.07.1905.
    return pl.when(serial.is_between(EXCEL_SERIAL_MIN, 2_958_465)).then(
        pl.lit(EXCEL_EPOCH) + pl.duration(days=serial))


def _from_typed(cell: pl.Expr, given: pl.DataType, column: Column) -> pl.Expr:
    """A typed cell (Parquet, a frame) in the column's type; null where that would change
    the value (2,5 is not an integer, 5 is not yes or no). Only called when ``accepts``."""
    match column.type:
        case "number":
            return finite(cell.cast(pl.Float64, strict=False))
        case "integer" if not given.is_integer():
            return whole(cell.cast(pl.Float64))
        case "integer":
            return _exact(cell)
        case "boolean" if given.is_numeric():
            return pl.when(cell == 1).then(True).when(cell == 0).then(False)
        case "date" if isinstance(given, pl.Datetime):
            return cell.dt.date()  # a time zone keeps its own calendar day
        case "string":
            return cell.cast(pl.String)
    return cell.cast(dtype_of(column), strict=False)


def accepts(given: pl.DataType, column: Column) -> bool:
    """Whether a typed column may hold ``column``'s values: an integer is not a date (Excel
    day numbers are for spreadsheet cells), a date is not a number. A column with no value
    at all (Polars' Null type) fits any."""
    if given == pl.Null:
        return True
    match column.type:
        case "number" | "integer":
            return given.is_numeric()
        case "boolean":
            return given == pl.Boolean or given.is_numeric()
        case "date":
            return given == pl.Date or isinstance(given, pl.Datetime)
    return not isinstance(given, pl.Duration)  # text: any plain value but a span of time


def not_plain(dtype: pl.DataType) -> bool:
    """Lists, structs, arrays, objects, bytes: no cell of these can be read as a value."""
    return dtype.is_nested() or isinstance(dtype, pl.Object | pl.Binary)


def _read_as_text(dtype: pl.DataType, column: Column) -> bool:
    return (dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)
            or (column.type in ("category", "period") and accepts(dtype, column)))


def _in_range(value: pl.Expr, column: Column) -> pl.Expr:
    if column.type == "date":  # a date in the future or before 1900 is a typing slip
        return value.is_between(pl.lit(EARLIEST_DATE), pl.lit(date.today()))
    low = value >= column.min if column.min is not None else pl.lit(True)
    high = value <= column.max if column.max is not None else pl.lit(True)
    return low & high


class Conformed(Struct, frozen=True):
    """The typed frame, the problems, and every unreadable cell (``_row``, ``column``: the
    header, or null for a row-level fault): screening decides outcomes from these flags,
    never from the (capped) list of messages."""

    frame: pl.LazyFrame
    problems: tuple[Problem, ...]
    unreadable: pl.DataFrame = field(default_factory=no_unreadable)


class _Check(Struct, frozen=True):
    bad: pl.Expr  # true where a present cell could not be used
    column: Column
    per_cell: bool  # false: the whole column has the wrong type, reported once


def kept_as_given(given: pl.DataType, column: Column) -> bool:
    """Whether ``conform`` keeps a column of type ``given`` as it is, checking none of its
    cells: its type already, no range (dates have one; whole numbers one of ±2**53) and no
    float that may be NaN or inf."""
    ranged = (column.min is not None or column.max is not None
              or column.type in ("date", "integer"))
    floating = column.type == "number" and given.is_float()
    labels = column.type == "period"  # a label is read as the period it names: 2024-Q3
    return given == dtype_of(column) and not ranged and not floating and not labels


def conform(frame: pl.DataFrame | pl.LazyFrame, dataset: Dataset, label: str,
            row_offset: int = 1, headers: dict[str, str] | None = None, *,
            untidied: Collection[str] = (), engine: Engine = "auto") -> Conformed:
    """Select and type the dataset's columns. ``headers`` maps column names to the headers
    they came from (for messages). ``untidied``: text columns kept exactly as given, not
    tidied (the caller does not read them, or checks what it reads: see ``untidy``).
    Raises DataError when a required column is missing or a column holds lists, structs
    or bytes. ``engine`` runs its queries (see ``frame_engine``)."""
    lazy = frame.lazy()
    schema = lazy.collect_schema()
    headers = headers or {}
    problems = _usable_columns(schema, dataset, label, headers)
    lookups = _distinct_readings(lazy, schema, dataset, engine)
    strings = [c.name for c in dataset.columns.values()
               if c.type == "string" and schema.get(c.name) == pl.String]
    steps = _steps(dataset, schema, set(strings), lookups)
    texts, converted, outputs, checks = steps.texts, steps.converted, steps.outputs, steps.checks
    problems += [Problem("data.wrong_type",
                         {"type": str(schema[name]), "expected": Key(f"dtype.{column.type}")},
                         Location(label, column=headers.get(name, name)))
                 for name, column in steps.wrong_type]
    numbered = ROW in schema
    source = lazy if numbered else lazy.with_row_index(ROW, offset=row_offset)
    base = source.with_columns(texts).with_columns(converted)
    scanned = [n for n in strings if n not in untidied]
    markers = {n: markers_of(dataset.columns[n]) for n in strings}
    kept = ([ROW] if numbered else []) + [c.name for c in dataset.columns.values()]
    if checks and engine == "in-memory":
        # Small and in memory: the values and their flags computed once, with the scan of
        # the text, in one batch; what the scan finds is tidied after.
        untyped = base.select(pl.col(ROW), *strings, *outputs, *_flags(checks))
        scan = _untidy_columns(lazy, scanned, markers)
        *flags, done = pl.collect_all([q for q in (scan, untyped) if q is not None],
                                      engine=engine, optimizations=small_flags(engine))
        tidied = _tidied(markers, flags[0] if flags else None)
        found = _bad_only(done, checks)
        problems.extend(_bad_cells(found, checks, label, headers))
        return Conformed(done.lazy().with_columns(*tidied.values()).select(kept),
                         tuple(problems), _unreadable(found, checks, headers))
    # Typed cells are only checked: that pass and the scan of the text run together.
    texts_out, bad = _scanned(lazy, scanned, markers,
                              _bad_rows(base, checks) if checks and not texts else None,
                              engine)
    outputs = [*texts_out, *outputs]
    if not checks:
        return Conformed(lazy.select(*([pl.col(ROW)] if numbered else []), *outputs),
                         tuple(problems))
    if bad is None:  # text was parsed: one pass computes values and flags together
        done = base.select(pl.col(ROW), *outputs, *_flags(checks)).collect(
            engine=engine, optimizations=small_flags(engine))
        typed, bad = done.lazy(), _bad_only(done, checks)
    else:
        typed = base.select(pl.col(ROW), *outputs)
    problems.extend(_bad_cells(bad, checks, label, headers))
    return Conformed(typed.select(kept), tuple(problems), _unreadable(bad, checks, headers))


def _untidy_columns(lazy: pl.LazyFrame, names: list[str],
                    markers: Mapping[str, tuple[str, ...]]) -> pl.LazyFrame | None:
    """One row: for each text column, whether it has a cell to tidy. A column with nothing
    to tidy is kept as it is: finding that out costs a fraction of tidying every cell, and
    typed frames (Parquet, a program's own frame) mostly have nothing."""
    if not names:
        return None
    return lazy.select(untidy(pl.col(name), markers[name]).any().alias(name) for name in names)


def _flags(checks: Mapping[str, _Check]) -> list[pl.Expr]:
    """Whether each checked cell is unreadable, and the cell as given (to quote it)."""
    return [*(check.bad.alias(f"_bad.{name}") for name, check in checks.items()),
            *(pl.col(n).alias(f"_raw.{n}") for n in checks)]


def _any_bad(checks: Mapping[str, _Check]) -> pl.Expr:
    return pl.any_horizontal(f"_bad.{n}" for n in checks)


def _bad_only(done: pl.DataFrame, checks: Mapping[str, _Check]) -> pl.DataFrame:
    """The rows of ``done`` (with the ``_flags``) that have an unreadable cell: mostly none,
    seen from the flags themselves without a pass over the rows."""
    flagged = [flags for flags in (done.get_column(f"_bad.{name}") for name in checks)
               if flags.any()]
    if not flagged:
        return done.clear()
    # Only the columns with a flag set can select a row. Each column filtered as a Series:
    # a frame's filter is a query, several times their cost.
    keep = functools.reduce(operator.or_, flagged)
    return pl.DataFrame([column.filter(keep) for column in done.get_columns()])


def _bad_rows(base: pl.LazyFrame, checks: Mapping[str, _Check]) -> pl.LazyFrame:
    """The rows with an unreadable cell: their flags and the cells as given."""
    return base.select(pl.col(ROW), *_flags(checks)).filter(_any_bad(checks))


def _scanned(lazy: pl.LazyFrame, scanned: list[str], markers: Mapping[str, tuple[str, ...]],
             bad: pl.LazyFrame | None, engine: Engine
             ) -> tuple[list[pl.Expr], pl.DataFrame | None]:
    """The text columns (the keys of ``markers``, each with its «нет данных» spellings),
    tidied where the scan of the ``scanned`` ones found something to tidy, and the ``bad``
    rows collected: one collect for both."""
    scan = _untidy_columns(lazy, scanned, markers)
    queries = [query for query in (scan, bad) if query is not None]
    done = iter(pl.collect_all(queries, engine=engine, optimizations=small_flags(engine))
                if queries else [])
    flags = next(done) if scan is not None else None
    found = _tidied(markers, flags)
    return ([found.get(n, pl.col(n)) for n in markers],
            next(done) if bad is not None else None)


def _tidied(markers: Mapping[str, tuple[str, ...]], flags: pl.DataFrame | None
            ) -> dict[str, pl.Expr]:
    """The text columns the scan (``flags``, one row) found something to tidy in, tidied."""
    if flags is None:
        return {}
    return {name: tidy(pl.col(name), markers[name]).alias(name)
            for name, needed in zip(flags.columns, flags.row(0), strict=True) if needed}


class _Steps(Struct):
    """How ``conform`` reads a frame's columns (but its untouched text columns), filled in
    by ``_steps``."""

    texts: list[pl.Expr]  # step 1: text cells stripped, blanks and markers null
    converted: list[pl.Expr]  # step 2: each value read once, as its own column
    outputs: list[pl.Expr]  # step 3: the typed column, null where unreadable
    checks: dict[str, _Check]
    wrong_type: list[tuple[str, Column]]  # columns of a type none of whose cells is read


def _steps(dataset: Dataset, schema: pl.Schema, strings: set[str],
           lookups: Mapping[str, tuple[pl.DataFrame, pl.Series]]) -> _Steps:
    """How each column of ``dataset`` is read from a frame of ``schema`` (``strings``: the
    text columns taken as text, left out; ``lookups``: see ``_distinct_readings``)."""
    steps = _Steps([], [], [], {}, [])
    for column in dataset.columns.values():
        name = column.name
        if name not in schema:
            steps.outputs.append(pl.lit(None, dtype=dtype_of(column)).alias(name))
            continue
        given = schema[name]
        if name in strings:
            continue
        if kept_as_given(given, column):
            steps.outputs.append(pl.col(name))
            continue
        read = (_number_read(name, given, kind=column.type, low=column.min, high=column.max,
                             missing=column.missing)
                if column.type in ("integer", "number") and name not in lookups
                else _read(name, given, column, lookups, later=column.not_after in schema))
        if read.text is not None:
            steps.texts.append(read.text)
        steps.converted.append(read.value)
        if not read.per_cell:
            steps.wrong_type.append((name, column))
        steps.outputs.append(read.output)
        steps.checks[name] = _Check(read.bad, column, read.per_cell)
    return steps


class _Read(Struct, frozen=True):
    """How ``conform`` reads one column: its text step (if any), its value
    (``_value.<name>``), the typed column (null where unreadable), whether a present cell
    is unreadable, and whether such cells are named one by one."""

    text: pl.Expr | None
    value: pl.Expr
    output: pl.Expr
    bad: pl.Expr
    per_cell: bool


def _read(name: str, given: pl.DataType, column: Column,
          lookups: Mapping[str, tuple[pl.DataFrame, pl.Series]], *, later: bool) -> _Read:
    """How ``conform`` reads one column (``later``: the column it may not follow is there)."""
    text, value, cell, per_cell = _reading(name, given, column, lookups)
    read = pl.col(f"_value.{name}")
    valid = read.is_not_null() & _in_range(read, column)
    if column.not_after is not None and later:
        # Unknown on either side says nothing about the order: only a known later date.
        valid = valid & (read <= pl.col(f"_value.{column.not_after}")).fill_null(True)
    return _Read(text, value.alias(f"_value.{name}"), pl.when(valid).then(read).alias(name),
                 cell.is_not_null() & ~valid.fill_null(False), per_cell)


# Read in every evaluation of frames given in memory, and the same each time: a number
# column's reading depends on its name, the type given and its spec's range and markers.
@functools.lru_cache(maxsize=1024)
def _number_read(name: str, given: pl.DataType, *, kind: ColumnType, low: float | None,
                 high: float | None, missing: tuple[str, ...]) -> _Read:
    column = Column(name, kind, min=low, max=high, missing=missing)
    return _read(name, given, column, {}, later=False)


def _reading(name: str, given: pl.DataType, column: Column,
             lookups: Mapping[str, tuple[pl.DataFrame, pl.Series]]
             ) -> tuple[pl.Expr | None, pl.Expr, pl.Expr, bool]:
    """How one column is read: its text step (if any), its value, the cell whose presence
    makes a null value unreadable, and whether unreadable cells are named one by one."""
    if name in lookups:
        raw, (cells, values) = pl.col(name).cast(pl.String), lookups[name]
        text = raw.replace_strict(cells.get_column("raw"), cells.get_column("text"),
                                  default=None, return_dtype=pl.String)
        value = raw.replace_strict(cells.get_column("raw"), values, default=None,
                                   return_dtype=dtype_of(column))
        return text.alias(f"_text.{name}"), value, pl.col(f"_text.{name}"), True
    if _read_as_text(given, column):
        text = tidy(pl.col(name).cast(pl.String), markers_of(column))
        cell = pl.col(f"_text.{name}")
        return text.alias(f"_text.{name}"), _from_text(cell, column), cell, True
    if accepts(given, column):
        return None, _from_typed(pl.col(name), given, column), pl.col(name), True
    # e.g. whole numbers in a date column of a Parquet file: none of them is a date
    return None, pl.lit(None, dtype=dtype_of(column)), pl.col(name), False


def _usable_columns(schema: pl.Schema, dataset: Dataset, label: str,
                    headers: Mapping[str, str]) -> list[Problem]:
    """Warnings for missing optional columns; DataError for a missing required column or a
    column of lists, structs or bytes (no cell of it can be read)."""
    missing = [c for c in dataset.columns.values() if c.name not in schema]
    required = [c for c in missing if c.required]
    nested = [c for c in dataset.columns.values() if c.name in schema
              and not_plain(schema[c.name])]
    if required or nested:
        raise DataError([*(Problem("data.missing_column",
                                   {"column": c.name, "tried": headers_tried(c)},
                                   Location(label)) for c in required),
                         *(Problem("data.nested_column", {"type": str(schema[c.name])},
                                   Location(label, column=headers.get(c.name, c.name)))
                           for c in nested)])
    return [Problem("data.missing_optional", {"column": c.name, "tried": headers_tried(c)},
                    Location(label), "warning") for c in missing]


def _unreadable(bad: pl.DataFrame, checks: Mapping[str, _Check],
                headers: Mapping[str, str]) -> pl.DataFrame:
    """Every unreadable cell as (row, header), in row order: a loop over the columns."""
    if bad.height == 0:
        return no_unreadable()
    # Column by column with Series operations, each a fraction of a query's cost: ``bad``
    # is mostly a few rows.
    rows = bad.get_column(ROW).cast(pl.Int64)
    found = []
    for name in checks:
        flagged = rows.filter(bad.get_column(f"_bad.{name}"))
        header = pl.Series("column", [headers.get(name, name)], dtype=pl.String)
        found.append(pl.DataFrame([flagged, header.new_from_index(0, flagged.len())]))
    return pl.concat(found).sort(ROW, maintain_order=True)


# Types whose cells repeat a few spellings; a period label is always read this way (by
# ``parse_period``, once per distinct label).
LOOKED_UP = ("boolean", "category", "date", "period")


def _distinct_readings(lazy: pl.LazyFrame, schema: pl.Schema, dataset: Dataset,
                       engine: Engine) -> dict[str, tuple[pl.DataFrame, pl.Series]]:
    """For text columns of repetitive types, each distinct cell read once: per column the
    distinct cells (``raw``, ``text``) and their values. Reading «да», «Высшая» or a date
    a million times costs far more than looking the few readings up."""
    chosen = [c for c in dataset.columns.values() if c.name in schema
              and c.type in LOOKED_UP and _read_as_text(schema[c.name], c)
              and (schema[c.name] != dtype_of(c) or c.type == "period")]
    if not chosen:
        return {}
    distinct = pl.collect_all([
        lazy.select(pl.col(c.name).cast(pl.String).unique().alias("raw"))
        .with_columns(tidy(pl.col("raw"), markers_of(c)).alias("text"))
        .with_columns(_from_text(pl.col("text"), c).alias("value"))
        for c in chosen], engine=engine, optimizations=small_flags(engine))
    # The frames made of their Series: a frame's select is a query.
    return {c.name: (pl.DataFrame([cells.get_column("raw"), cells.get_column("text")]),
                     _period_codes(cells.get_column("text")) if c.type == "period"
                     else cells.get_column("value"))
            for c, cells in zip(chosen, distinct, strict=True)}


def _period_codes(labels: pl.Series) -> pl.Series:
    """Each distinct period label as the period's code (2024-Q3), null where it names none."""
    # A loop over the distinct labels of a column (a few periods), not over its rows.
    codes = [None if text is None else getattr(parse_period(text), "code", None)
             for text in labels.to_list()]
    return pl.Series(codes, dtype=pl.String)


def headers_tried(column: Column) -> str:
    """The headers a column is looked for under, as a message lists them: «a», «b»."""
    names = dict.fromkeys([column.name, *([column.title] if column.title else []),
                           *column.aliases])
    return ", ".join(f"«{name}»" for name in names)


def _bad_cells(bad: pl.DataFrame, checks: Mapping[str, _Check], label: str,
               headers: Mapping[str, str]) -> list[Problem]:
    """One message per unreadable cell, the first MAX_LISTED of them: a loop over problems
    found, not over the data. A column of the wrong type was reported once already."""
    problems: list[Problem] = []
    if bad.is_empty():  # the usual case: nothing to filter per column
        return problems
    total = 0
    for name, check in checks.items():
        flagged = bad.get_column(f"_bad.{name}")
        found = int(flagged.sum()) if check.per_cell else 0
        if not found:
            continue
        total += found
        listed = max(MAX_LISTED - len(problems), 0)
        given = bad.get_column(f"_raw.{name}").filter(flagged).head(listed)
        cells = pl.DataFrame([bad.get_column(ROW).filter(flagged).head(listed),
                              given.cast(pl.String)])
        for row, raw, text, read, plausible, number in _readings(cells, check.column,
                                                                 given.dtype).rows():
            problems.append(_cell_problem(
                check.column, _Cell(raw, text, read, plausible, number),
                Location(label, row=row, column=headers.get(name, name)), headers))
    if total > len(problems):
        problems.append(Problem("data.more_bad_values", {"count": total - len(problems)},
                                Location(label)))
    return problems


class _Cell(Struct, frozen=True):
    """An unreadable cell as given (``raw``, and trimmed: ``text``), and how it reads."""

    raw: str
    text: str
    read: bool  # it reads as a date
    plausible: bool  # a date from 1900 to today
    number: float | None  # it reads as a number


def _readings(cells: pl.DataFrame, column: Column, given: pl.DataType) -> pl.DataFrame:
    """The unreadable cells listed (``_row``, the cell as given, of type ``given``, as
    text) with how each reads: as a date, a plausible one, a number. One query for all,
    not one per cell; none when no cell needs reading (whole numbers given as such)."""
    raw = cells.columns[1]
    # Trimmed as Python trims (the message quotes it so); a loop over a few findings.
    trimmed = pl.Series("text", [cell.strip() for cell in cells.get_column(raw)],
                        dtype=pl.String)
    numeric = column.type in ("integer", "number")
    if column.type != "date" and (not numeric or given.is_integer()):
        # Series operations: a query costs more than these few cells.
        no = pl.Series("read", [False] * cells.height, dtype=pl.Boolean)
        numbers = (cells.get_column(raw).cast(pl.Float64) if numeric
                   else pl.Series([None] * cells.height, dtype=pl.Float64))
        return pl.DataFrame([*cells.get_columns(), trimmed, no, no.alias("plausible"),
                             numbers.alias("number")])
    # Whether the cell reads as a date, and a plausible one: asked of Polars as flags, never
    # as a Python date (which ends at the year 9999, while a spreadsheet may hold +10000-01-01).
    read, plausible = pl.lit(False), pl.lit(False)
    if column.type == "date":
        parsed = _date(pl.col("text"), column.formats)
        read = parsed.is_not_null()
        plausible = parsed.is_between(pl.lit(EARLIEST_DATE), pl.lit(date.today())).fill_null(False)
    number = (_number(pl.col(raw)) if column.type in ("integer", "number")
              else pl.lit(None, pl.Float64))
    return (cells.lazy().with_columns(trimmed).with_columns(
        read.alias("read"), plausible.alias("plausible"), number.alias("number"))
        .collect(engine="in-memory"))


def _cell_problem(column: Column, cell: _Cell, where: Location,
                  headers: Mapping[str, str]) -> Problem:
    raw, read, plausible = cell.raw, cell.read, cell.plausible
    if plausible and column.not_after:
        return Problem("data.date_order", {"value": cell.text,
                                           "other": headers.get(column.not_after,
                                                                column.not_after)}, where)
    if read:
        return Problem("data.impossible_date", {"value": cell.text}, where)
    if column.type in ("integer", "number") and (column.min is not None or column.max is not None):
        number = cell.number
        whole = column.type == "number" or (number is not None and float(number).is_integer())
        if number is not None and whole:
            low = "" if column.min is None else f"{column.min:g}"
            high = "" if column.max is None else f"{column.max:g}"
            return Problem("data.out_of_range", {"value": raw, "range": f"[{low}; {high}]"},
                           where)
    if column.type == "category":
        choices = [*column.values, *column.synonyms]
        return Problem("data.bad_category", {"value": raw, "values": ", ".join(column.values),
                                             "hint": suggestion(raw, choices)}, where)
    return Problem("data.bad_value", {"value": raw, "expected": Key(f"dtype.{column.type}")}, where)
