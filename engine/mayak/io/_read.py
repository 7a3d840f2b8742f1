"""Read data files (CSV, XLSX, Parquet) into frames whose columns carry spec names."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from msgspec import Struct, field
from msgspec.structs import replace

from mayak._frozen import Frozen
from mayak.files._paths import path_problem
from mayak.io._coerce import ROW, conform, kept_as_given, no_unreadable, normalise_words
from mayak.io._engine import Engine, frame_engine, small_flags
from mayak.io._raw import (
    LISTED,
    OLE,
    PARQUET,
    ZIP,
    RawTable,
    index_of,
    position,
    unreadable,
)
from mayak.messages._problems import DataError, Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import Dataset

if TYPE_CHECKING:
    from mayak.io._xlsx import Score

SUFFIXES = (".csv", ".xlsx", ".parquet")
EMPTY_ROWS_LISTED = 20
HEADERS_LISTED = 20  # unknown headers named one by one (a sheet may have thousands)
# The positions of the columns worth reading, from the headers and their types.
Wanted = Callable[[tuple[str, ...], tuple[pl.DataType, ...]], list[int]]
DUPLICATES_LISTED = 50  # repeated key values named one by one
FRAMES_AT_ONCE = 4  # frames given in memory read side by side


class DatasetFile(Struct, frozen=True):
    """One dataset read from a file: typed frame plus every problem met on the way."""

    dataset: str
    path: Path
    frame: pl.LazyFrame
    problems: tuple[Problem, ...]
    label: str
    headers: dict[str, str]  # column name -> the header it was read from
    # Every unreadable cell (_row, header; a null header: the whole row): rows to review.
    unreadable: pl.DataFrame = field(default_factory=no_unreadable)
    height: int | None = None  # the frame's rows, when known without running it


def has_file(folder: Path, dataset: Dataset) -> bool:
    """Whether ``folder`` holds a file under the dataset's name (any of the SUFFIXES)."""
    # Anything under the name counts: find_files says why a FIFO or a broken link is unusable.
    return any(os.path.lexists(path) for path in _named(folder, dataset))


def find_file(folder: Path, dataset: Dataset) -> Path:
    """The dataset's file in ``folder`` (CSV before XLSX before Parquet)."""
    return find_files(folder, dataset)[0]


def _named(folder: Path, dataset: Dataset) -> list[Path]:
    """The file names a dataset may have: its name with each suffix; a name written
    otherwise, in another case (Teachers.csv, teachers.CSV: as Windows programs write them)
    or another Unicode form (macOS writes «й» as two characters), is found too."""
    out = []
    listed: dict[str, str] | None = None  # the folder's names, folded: read when needed
    for suffix in SUFFIXES:
        exact = folder / f"{dataset.file}{suffix}"
        if not os.path.lexists(exact):
            listed = _listing(folder) if listed is None else listed
            found = listed.get(_folded(exact.name))
            exact = folder / found if found is not None else exact
        out.append(exact)
    return out


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _listing(folder: Path) -> dict[str, str]:
    """The folder's entries by folded name (empty when it cannot be listed)."""
    try:
        return {_folded(name): name for name in sorted(os.listdir(folder))}
    except OSError:
        return {}


def _close_file(folder: Path, dataset: Dataset) -> str:
    """The data file in ``folder`` whose name is close to the dataset's (a misspelling), or
    shares the start of a word with its title («Педагоги 2025.csv» for «Педагогические
    работники»); "" when none is."""
    files = {Path(name).stem: name for name in _listing(folder).values()
             if name.lower().endswith(SUFFIXES) and not name.startswith((".", "~$"))}
    stem = str(suggestion(dataset.file, files))
    if stem:
        return files[stem]
    titled = _words(dataset.title)
    shared = {s: max((_alike(a, b) for a in _words(s) for b in titled), default=0)
              for s in files}
    best = max(shared, key=shared.__getitem__, default="")
    return files[best] if best and shared[best] >= SHARED_START else ""


SHARED_START = 5  # letters a file name's word and a title's word must begin with alike


def _alike(a: str, b: str) -> int:
    """How many letters two words begin with alike."""
    return next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", _folded(text))


def find_files(folder: Path, dataset: Dataset) -> list[Path]:
    """Every usable file under the dataset's name in ``folder`` (unusable ones raise DataError)."""
    tried = _named(folder, dataset)
    refused = [Problem(key, {}, Location(str(candidate))) for candidate in tried
               if os.path.lexists(candidate)
               and (key := path_problem(candidate, "file")) is not None]
    if refused:
        raise DataError(refused)
    found = [candidate for candidate in tried if candidate.is_file()]
    if not found:
        close = _close_file(folder, dataset)
        raise DataError([Problem("data.no_file_close" if close else "data.no_file",
                                 {"dataset": dataset.id, "file": dataset.file,
                                  "tried": ", ".join(p.name for p in tried),
                                  "close": close, "stem": Path(close).stem},
                                 Location(str(folder)))])
    return found


def read_raw(path: Path, label: str, sheet: str | None = None, score: Score | None = None,
             wanted: Wanted | None = None) -> RawTable:
    """A data file's cells under positional columns, its headers as written and the
    problems met reading it. ``sheet`` / ``score``: which XLSX sheet (named, or the one
    whose headers score best); ``wanted``: the Parquet columns worth reading."""
    suffix = path.suffix.lower()
    refused = path_problem(path, "file")  # never a device or a FIFO: reading may not end
    if refused is not None:
        key = "data.not_found" if refused == "io.not_found" else refused
        raise DataError([Problem(key, {}, Location(label))])
    if suffix not in SUFFIXES:
        raise DataError([Problem("data.format", {"suffix": suffix}, Location(label))])
    try:
        with path.open("rb") as file:
            _check_inside(file.read(8), suffix, label)
        # Each format's reader is imported with its first file: most runs read one format.
        if suffix == ".csv":
            from mayak.io._csv import read_csv  # noqa: PLC0415

            return read_csv(path.read_bytes(), label)
        if suffix == ".xlsx":
            from mayak.io._xlsx import read_xlsx  # noqa: PLC0415

            return read_xlsx(path, label, sheet, score)
        return _read_parquet(path, label, wanted)
    except OSError as exc:  # no right to read it, or another program holds it
        raise unreadable(suffix.lstrip(".").upper(), "os_error", label, exc) from None


# What a file holds, by its first bytes, for the formats people confuse by renaming files.
_MAGIC = {ZIP: ".xlsx", OLE: ".xls", PARQUET: ".parquet"}


def _check_inside(head: bytes, suffix: str, label: str) -> None:
    """A workbook renamed to .csv (or a CSV to .parquet) is named as what it is."""
    inside = next((kind for magic, kind in _MAGIC.items() if head.startswith(magic)), None)
    # An .xlsx that is an OLE file is a password-protected workbook: read_xlsx says so.
    if inside is not None and inside != suffix and (suffix, inside) != (".xlsx", ".xls"):
        raise DataError([Problem("data.other_format", {"suffix": suffix, "inside": inside},
                                 Location(label))])


def _read_parquet(path: Path, label: str, wanted: Wanted | None) -> RawTable:
    try:
        schema = pl.read_parquet_schema(path)
        headers = tuple(schema)
        keep = (list(range(len(headers))) if wanted is None
                else wanted(headers, tuple(schema.values())))
        frame = pl.read_parquet(path, columns=[headers[i] for i in keep])
    except Exception as exc:  # truncated or not Parquet at all
        raise unreadable("PARQUET", "parquet_broken", label, exc) from None
    frame = frame.rename({headers[i]: position(i) for i in keep}).select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW), pl.all())
    return RawTable(frame, headers)


class Matched(Struct, frozen=True):
    """Headers matched to columns: ``renames`` position -> column name, ``headers`` column
    name -> the header as written, ``blank``: positions without a header."""

    renames: dict[str, str]
    headers: dict[str, str]
    blank: list[int]
    problems: list[Problem]


def _known(dataset: Dataset) -> dict[str, str]:
    """Each header a column may have, as compared, and the column's name."""
    pairs = [(name, column.name) for column in dataset.columns.values()
             for name in (column.name, column.title, *column.aliases) if name]
    known: dict[str, str] = {}
    for word, (_, column) in zip(_normalised([n for n, _ in pairs]), pairs, strict=True):
        known.setdefault(word, column)
    return known


def _normalised(headers: Sequence[str]) -> tuple[str, ...]:
    """Each header as compared (quotes around it aside): one Polars pass, whatever the number
    of columns."""
    return normalise_words(tuple(header.strip("«»\"' ") for header in headers))


def match_headers(headers: Sequence[str], dataset: Dataset, label: str,
                  place: Callable[[int], str] = lambda i: f"№ {i + 1}") -> Matched:
    """Match headers to columns through names, titles and aliases (case, spacing, «ё» and
    quotes aside). A header that repeats a found column is skipped with a warning."""
    known = _known(dataset)
    renames: dict[str, str] = {}
    blank: list[int] = []
    unknown: list[str] = []
    problems: list[Problem] = []
    for index, (header, word) in enumerate(zip(headers, _normalised(headers), strict=True)):
        target = known.get(word)
        if not header.strip():
            blank.append(index)
        elif target is None:
            unknown.append(header)
        elif target in renames.values():
            problems.append(Problem("data.duplicate_header", {"header": header,
                                                              "column": target},
                                    Location(label), "warning"))
        else:
            renames[position(index)] = target
    problems.extend(Problem("data.unknown_header",
                            {"header": header, "hint": suggestion(header, list(known))},
                            Location(label), "warning") for header in unknown[:HEADERS_LISTED])
    if len(unknown) > HEADERS_LISTED:
        problems.append(Problem("data.more_unknown_headers",
                                {"count": len(unknown) - HEADERS_LISTED}, Location(label),
                                "warning"))
    named = {target: headers[index_of(pos)] for pos, target in renames.items()}
    return Matched(renames, named, blank, problems)


def _score(dataset: Dataset) -> Score:
    """2: every required column and some other header found; 1: some header; 0: none."""
    known = _known(dataset)
    required = {c.name for c in dataset.columns.values() if c.required}

    def score(headers: tuple[str, ...]) -> int:
        found = {known[w] for w in _normalised(headers) if w in known}
        return 0 if not found else 2 if required <= found else 1

    return score


def _wanted(dataset: Dataset, used: Collection[str] | None) -> Wanted:
    """The known headers; with ``used``, only those of the used columns, of the key and of
    the columns whose cells are checked (a plain column left out is never decoded)."""
    known = _known(dataset)

    def wanted(headers: tuple[str, ...], dtypes: tuple[pl.DataType, ...]) -> list[int]:
        return [i for i, w in enumerate(_normalised(headers)) if w in known
                and not _idle(dataset, known[w], dtypes[i], used)]

    return wanted


def _idle(dataset: Dataset, name: str, given: pl.DataType | None,
          used: Collection[str] | None) -> bool:
    """Whether column ``name`` (of type ``given``; None: not read) can be left out: not
    used, not the key, and kept as it is by ``conform`` (no cell of it checked, so no
    problem to report; tidying its text only matters to whoever uses it)."""
    if used is None or name in used or name == dataset.key:
        return False
    return given is not None and kept_as_given(given, dataset.columns[name])


def _absent_unused(dataset: Dataset, found: Collection[str], used: Collection[str] | None
                   ) -> list[str]:
    """The optional columns missing from the file (``found``: those it has) that the caller
    does not use: no value of theirs is unknown to anyone (None ``used``: all are used)."""
    if used is None:
        return []
    return [name for name, column in dataset.columns.items()
            if name not in found and name not in used and not column.required
            and name != dataset.key]


def _without(dataset: Dataset, idle: Collection[str]) -> Dataset:
    """The dataset without the columns left out (present in the file and not used, or
    missing and not used: never reported missing one by one)."""
    if not idle:
        return dataset
    return replace(dataset, columns=Frozen({name: column for name, column
                                            in dataset.columns.items() if name not in idle}))


def _empty_rows(frame: pl.DataFrame, label: str) -> tuple[pl.DataFrame, list[Problem]]:
    cells = [c for c in frame.columns if c != ROW]
    blank = pl.all_horizontal(
        pl.col(c).is_null() | (pl.col(c).cast(pl.String).str.strip_chars() == "") for c in cells)
    rows = frame.filter(blank).get_column(ROW)
    # Sheets often carry thousands of formatted blank rows: the first few are named.
    problems = [Problem("data.empty_row", {}, Location(label, row=row), "warning")
                for row in rows.head(EMPTY_ROWS_LISTED).to_list()]
    if rows.len() > EMPTY_ROWS_LISTED:
        problems.append(Problem("data.more_empty_rows",
                                {"count": rows.len() - EMPTY_ROWS_LISTED, "last": rows.max()},
                                Location(label), "warning"))
    return frame.filter(~blank), problems


def _blank_headers(table: RawTable, blank: list[int], label: str) -> list[Problem]:
    """Columns with values but no header (often a merged header cell): not read, so said."""
    present = set(table.frame.columns)
    columns = [position(i) for i in blank if position(i) in present]
    if not columns:
        return []
    filled = table.frame.select(pl.col(c).is_not_null().any() for c in columns).row(0)
    return [Problem("data.blank_header", {"place": table.place(index_of(c))},
                    Location(label), "warning")
            for c, has in zip(columns, filled, strict=True) if has][:HEADERS_LISTED]


def _broken_cells(table: RawTable, matched: Matched, label: str
                  ) -> tuple[list[Problem], pl.DataFrame]:
    """Messages for the cells the reader could not use in the columns read, and those cells
    (row-level faults included) as unreadable cells named by their headers."""
    headers = {pos: matched.headers[name] for pos, name in matched.renames.items()}
    broken = table.broken.filter(pl.col("column").is_null()
                                 | pl.col("column").is_in(list(headers)))
    cells = broken.filter(pl.col("code").is_not_null())
    problems = [Problem(code, {"value": value},
                        Location(label, row=row, column=headers[column]))
                for row, column, code, value in cells.head(LISTED).iter_rows()]
    if cells.height > LISTED:
        problems.append(Problem("data.more_broken_cells", {"count": cells.height - LISTED},
                                Location(label)))
    unreadable = broken.select(pl.col(ROW), pl.col("column").replace_strict(
        headers, default=None, return_dtype=pl.String))
    return problems, unreadable


def read_dataset(path: Path, dataset: Dataset, label: str | None = None, *,
                 used: Collection[str] | None = None,
                 untidied: Collection[str] = ()) -> DatasetFile:
    """Read one file for ``dataset``. Raises DataError if it cannot be used at all.

    ``used``: the columns the caller computes with; the others are left out of the frame
    when no cell of theirs is checked (the problems are the same), and a Parquet file's are
    not decoded. None: every column. ``untidied``: text columns kept as written (see
    ``conform``)."""
    label = label or str(path)
    table = read_raw(path, label, dataset.sheet, _score(dataset), _wanted(dataset, used))
    if not table.headers:
        raise DataError([Problem("data.empty", {}, Location(label))])
    matched = match_headers(table.headers, dataset, label, table.place)
    if not matched.renames:  # e.g. a title line above the headers: nothing can be read
        named = [h for h in table.headers if h.strip()][:5]
        raise DataError([Problem("data.no_known_headers",
                                 {"found": ", ".join(f"«{h}»" for h in named)},
                                 Location(label))])
    if table.frame.height == 0:
        raise DataError([Problem("data.empty", {}, Location(label))])
    problems = [*table.problems, *matched.problems,
                *_blank_headers(table, matched.blank, label)]
    broken, unreadable = _broken_cells(table, matched, label)
    problems.extend(broken)
    present = set(table.frame.columns)
    renamed = table.frame.select(ROW, *[pl.col(p).alias(n) for p, n in matched.renames.items()
                                        if p in present])
    if path.suffix.lower() != ".parquet":
        renamed, blank = _empty_rows(renamed, label)
        problems.extend(blank)
    schema = renamed.schema
    idle = [n for p, n in matched.renames.items()  # not read, or read but kept as it is
            if (p not in present and used is not None) or _idle(dataset, n, schema.get(n), used)]
    absent = _absent_unused(dataset, set(matched.renames.values()), used)
    if absent:  # nothing computed lacks them: one warning, not one per column
        problems.append(Problem("data.missing_unused",
                                {"columns": ", ".join(f"«{name}»" for name in absent)},
                                Location(label), "warning"))
    conformed = conform(renamed.drop(idle, strict=False), _without(dataset, [*idle, *absent]),
                        label, headers=matched.headers, untidied=untidied)
    problems.extend(conformed.problems)
    frame = conformed.frame
    if dataset.key is not None:  # only the key column is computed for the check
        period = dataset.period if dataset.period in frame.collect_schema() else None
        problems.extend(duplicate_keys(frame, dataset.key, label, matched.headers,
                                       within=period))
    return DatasetFile(dataset.id, path, frame, tuple(problems), label, matched.headers,
                       pl.concat([conformed.unreadable, unreadable]).sort(ROW,
                                                                          maintain_order=True),
                       renamed.height)  # typing keeps every row


def read_frame(source: pl.DataFrame | pl.LazyFrame, dataset: Dataset,
               label: str, untidied: Collection[str] = ()) -> DatasetFile:
    """An in-memory frame read like a file: headers matched through titles and aliases,
    text cells read as text (``_row`` kept if present, else numbered from 1).
    ``untidied``: text columns kept as given (see ``conform``)."""
    try:  # a LazyFrame is a computation that may fail: it is run here, its columns only
        lazy = source.lazy()
        given = lazy.collect_schema().names()
        names = [n for n in given if n != ROW]
        matched = match_headers(names, dataset, label)
        selected = lazy.select(*([ROW] if ROW in given else []),
                               *[pl.col(names[index_of(p)]).alias(n)
                                 for p, n in matched.renames.items()])
        selected.collect_schema()
        # A DataFrame has nothing left to run: its columns are taken as they are.
        if ROW in given or not isinstance(source, pl.DataFrame):
            selected = selected.collect().lazy()
    except pl.exceptions.PolarsError as exc:
        detail = str(exc).strip().split("\n", 1)[0]
        raise DataError([Problem("data.frame_failed", {"dataset": dataset.id, "detail": detail},
                                 Location(label))]) from None
    if ROW in given:
        rows = _row_numbers(selected.select(ROW).collect().to_series(), label)
        numbered = selected.with_columns(rows)
    else:  # lazy: the numbers are made only where a query asks for them
        numbered = selected.with_row_index(ROW, offset=1).with_columns(
            pl.col(ROW).cast(pl.Int64))
    conformed = conform(numbered, dataset, label, headers=matched.headers, untidied=untidied,
                        engine=frame_engine(source))
    problems = [*matched.problems, *conformed.problems]
    if dataset.key is not None:  # as a file's: a repeated key is named, not taken silently
        period = dataset.period if dataset.period in dataset.columns else None
        problems += key_problems(repeated_keys(conformed.frame, dataset.key, period,
                                               engine=frame_engine(source)),
                                 dataset.key, label, matched.headers)
    return DatasetFile(dataset.id, Path(label), conformed.frame, tuple(problems), label,
                       matched.headers, conformed.unreadable)


class FrameGiven(Struct, frozen=True):
    """A frame to read as a dataset (``read_frame``'s arguments)."""

    frame: pl.DataFrame | pl.LazyFrame
    dataset: Dataset
    label: str
    untidied: Collection[str] = ()


def read_frames(given: Sequence[FrameGiven]) -> list[DatasetFile]:
    """``read_frame`` of each frame given, in their order. They are read side by side:
    Polars releases the GIL, and one frame's few small queries keep neither core busy. The
    first frame (in order) that cannot be read raises its DataError."""
    def read(one: FrameGiven) -> DatasetFile:
        return read_frame(one.frame, one.dataset, one.label, one.untidied)

    if len(given) < 2:
        return [read(one) for one in given]
    with ThreadPoolExecutor(max_workers=min(FRAMES_AT_ONCE, len(given))) as pool:
        return list(pool.map(read, given))


def _row_numbers(rows: pl.Series, label: str) -> pl.Series:
    """A caller's own ``_row`` column: every problem names rows by it, so it must hold whole
    numbers from 1, none missing or repeated."""
    numbers = rows.cast(pl.Int64, strict=False) if rows.dtype.is_integer() else None
    if (numbers is None or numbers.null_count()
            or (numbers.len() and (numbers.min() < 1  # type: ignore[operator]
                                   or numbers.n_unique() < numbers.len()))):
        raise DataError([Problem("data.bad_row_numbers", {}, Location(label, column=ROW))])
    return numbers


def repeated_keys(frame: pl.DataFrame | pl.LazyFrame, key: str,
                  within: str | None = None, *, engine: Engine = "auto") -> pl.DataFrame:
    """The rows (``_row``, key) whose key value repeats, in row order; ``within``: a column
    (the period) the key is unique within, so a key repeats only with the same value there
    (one row per person per year).

    Strictly increasing values repeat nothing (exports are often sorted by their key): that
    is looked at first. Else each value is hashed once, to 64 bits: when no two hashes are
    equal no value repeats (at a fraction of the cost of comparing the values themselves);
    else only the rows sharing a hash are compared by value. Past the first test, a small
    frame held in memory (``engine``: see ``frame_engine``) is looked at in one query: each
    step costs more than the data."""
    columns = [key] if within is None or within == key else [key, within]
    lazy = frame.lazy()
    present = lazy.select(*columns).filter(pl.col(key).is_not_null())
    value = pl.col(key) if len(columns) == 1 else pl.struct(columns)
    # Sorted keys need neither the rows' numbers nor a hash: the key alone is read.
    if len(columns) == 1 and present.select((value > value.shift(1)).all()).collect(
            engine=engine, optimizations=small_flags(engine)).item():
        return pl.DataFrame(schema=lazy.select(ROW, key).collect_schema())
    if engine == "in-memory":
        return (lazy.select(ROW, *columns).filter(pl.col(key).is_not_null())
                .filter(value.is_duplicated()).select(ROW, key)
                .collect(engine=engine, optimizations=small_flags(engine)))
    rows = lazy.select(ROW, *columns).filter(pl.col(key).is_not_null()).collect()
    hashed = rows.with_columns(value.hash().alias("_hash"))
    if hashed.select(pl.col("_hash").n_unique() == pl.len()).item():
        return rows.clear().select(ROW, key)
    return (hashed.filter(pl.col("_hash").is_duplicated()).drop("_hash")
            .filter(value.is_duplicated()).select(ROW, key))


def duplicate_keys(frame: pl.DataFrame | pl.LazyFrame, key: str, label: str,
                   headers: dict[str, str], *, within: str | None = None) -> list[Problem]:
    """A warning per key value that repeats (within one value of ``within``, the period),
    naming its rows (the first few values; the rest are counted)."""
    return key_problems(repeated_keys(frame, key, within), key, label, headers)


def key_problems(repeated: pl.DataFrame, key: str, label: str,
                 headers: dict[str, str]) -> list[Problem]:
    """The warnings for ``repeated_keys``' rows, each value's rows in ascending order (a
    frame's own ``_row`` may be in any order)."""
    if repeated.is_empty():  # the usual case: no query to run
        return []
    grouped = repeated.sort(ROW).group_by(key, maintain_order=True).agg(pl.col(ROW))
    column = headers.get(key, key)
    # One message per repeated value: a loop over findings, not over the data.
    problems = [Problem("data.duplicate_key", {"value": value, "column": column,
                                               "rows": ", ".join(map(str, rows))},
                        Location(label, row=rows[0], column=column), "warning")
                for value, rows in grouped.head(DUPLICATES_LISTED).iter_rows()]
    if grouped.height > DUPLICATES_LISTED:
        problems.append(Problem("data.more_duplicate_keys",
                                {"count": grouped.height - DUPLICATES_LISTED,
                                 "column": column}, Location(label), "warning"))
    return problems
