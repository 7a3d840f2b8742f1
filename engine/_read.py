"""Read data files (CSV, XLSX, Parquet) into frames whose columns carry spec names."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from mayak._coerce import ROW, Conformed, conform, normalise_word
from mayak._paths import path_problem
from mayak._problems import DataError, Location, Problem
from mayak._specs import Dataset
from mayak._validate import suggestion

SUFFIXES = (".csv", ".xlsx", ".parquet")
EMPTY_ROWS_LISTED = 20
DUPLICATES_LISTED = 50  # repeated key values named one by one


@dataclass(frozen=True)
class DatasetFile:
    """One dataset read from a file: typed frame plus every problem met on the way."""

    dataset: str
    path: Path
    frame: pl.LazyFrame
    problems: tuple[Problem, ...]
    label: str
    headers: dict[str, str]  # column name -> the header it was read from


def has_file(folder: Path, dataset: Dataset) -> bool:
    # Anything under the name counts: find_files says why a FIFO or a broken link is unusable.
    return any(os.path.lexists(folder / f"{dataset.file}{suffix}") for suffix in SUFFIXES)


def find_file(folder: Path, dataset: Dataset) -> Path:
    """The dataset's file in ``folder`` (CSV before XLSX before Parquet)."""
    return find_files(folder, dataset)[0]


def find_files(folder: Path, dataset: Dataset) -> list[Path]:
    tried = [folder / f"{dataset.file}{suffix}" for suffix in SUFFIXES]
    refused = [Problem(key, {}, Location(str(candidate))) for candidate in tried
               if os.path.lexists(candidate)
               and (key := path_problem(candidate, "file")) is not None]
    if refused:
        raise DataError(refused)
    found = [candidate for candidate in tried if candidate.is_file()]
    if not found:
        raise DataError([Problem("data.no_file", {"dataset": dataset.id,
                                                  "tried": ", ".join(p.name for p in tried)},
                                 Location(str(folder)))])
    return found


def _utf8(raw: bytes) -> bytes:
    # Files saved by Excel on Russian Windows are cp1251; everything else should be UTF-8.
    try:
        raw.decode("utf-8")  # only a check: Polars reads the bytes themselves
    except UnicodeDecodeError:
        return raw.decode("cp1251").encode("utf-8")
    return raw


def _read_csv(path: Path) -> pl.DataFrame:
    raw = _utf8(path.read_bytes())
    header = raw.split(b"\n", 1)[0]
    separator = max((";", ",", "\t"), key=lambda s: header.count(s.encode()))
    return pl.read_csv(raw, separator=separator, infer_schema=False,
                       raise_if_empty=False, truncate_ragged_lines=False)


def read_raw(path: Path, label: str) -> pl.DataFrame:
    suffix = path.suffix.lower()
    refused = path_problem(path, "file")  # never a device or a FIFO: reading may not end
    if refused is not None:
        key = "data.not_found" if refused == "io.not_found" else refused
        raise DataError([Problem(key, {}, Location(label))])
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".xlsx":
            # Every cell as text, so that coercion (and its error reports) is one code path.
            return pl.read_excel(path, engine="calamine", infer_schema_length=0,
                                 drop_empty_rows=False, raise_if_empty=False)
        if suffix == ".parquet":
            return pl.read_parquet(path)
    except Exception as exc:
        raise DataError([Problem("data.unreadable",
                                 {"format": suffix.lstrip(".").upper(),
                                  "detail": str(exc).splitlines()[0][:200]},
                                 Location(label))]) from None
    raise DataError([Problem("data.format", {"suffix": suffix}, Location(label))])


def _match_headers(frame: pl.DataFrame, dataset: Dataset,
                   label: str) -> tuple[pl.DataFrame, dict[str, str], list[Problem]]:
    """Rename headers to column names through names, titles and aliases."""
    known: dict[str, str] = {}
    for column in dataset.columns.values():
        for name in (column.name, column.title, *column.aliases):
            if name:
                known.setdefault(normalise_word(name), column.name)
    renames: dict[str, str] = {}
    problems: list[Problem] = []
    for header in frame.columns:
        target = known.get(normalise_word(header.strip("«»\"' ")))
        if target is None:
            problems.append(Problem("data.unknown_header",
                                    {"header": header,
                                     "hint": suggestion(header, list(known))},
                                    Location(label), "warning"))
        elif target in renames.values():
            problems.append(Problem("data.duplicate_header", {"header": header,
                                                              "column": target},
                                    Location(label), "warning"))
        else:
            renames[header] = target
    kept = frame.select(list(renames)).rename(renames)  # unknown headers are not kept
    return kept, {v: k for k, v in renames.items()}, problems


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


def _named(frame: pl.DataFrame) -> list[str]:
    """Headers as written: without the names Polars gives to blank header cells."""
    return [h for h in frame.columns if h.strip() and not h.startswith("_duplicated_")]


def read_dataset(path: Path, dataset: Dataset, label: str | None = None) -> DatasetFile:
    """Read one file for ``dataset``. Raises DataError if it cannot be used at all."""
    label = label or str(path)
    raw = read_raw(path, label)
    if raw.width == 0 or raw.height == 0:
        raise DataError([Problem("data.empty", {}, Location(label))])
    offset = 1 if path.suffix.lower() == ".parquet" else 2  # spreadsheets: header is row 1
    renamed, headers, problems = _match_headers(raw, dataset, label)
    if not headers:  # e.g. a title line above the headers: nothing can be read
        raise DataError([Problem("data.no_known_headers",
                                 {"found": ", ".join(f"«{h}»" for h in _named(raw)[:5])},
                                 Location(label))])
    renamed = renamed.with_row_index(ROW, offset=offset)
    if path.suffix.lower() != ".parquet":
        renamed, blank = _empty_rows(renamed, label)
        problems.extend(blank)
    conformed: Conformed = conform(renamed, dataset, label, offset, headers)
    problems.extend(conformed.problems)
    frame = conformed.frame
    if dataset.key is not None:
        typed = frame.collect()
        problems.extend(duplicate_keys(typed, dataset.key, label, headers))
        frame = typed.lazy()
    return DatasetFile(dataset.id, path, frame, tuple(problems), label, headers)


def duplicate_keys(frame: pl.DataFrame, key: str, label: str,
                   headers: dict[str, str]) -> list[Problem]:
    """A warning per key value that repeats, naming its rows (the first few values; the
    rest are counted)."""
    repeated = (frame.filter(pl.col(key).is_duplicated() & pl.col(key).is_not_null())
                .group_by(key, maintain_order=True).agg(pl.col(ROW)))
    column = headers.get(key, key)
    # One message per repeated value: a loop over findings, not over the data.
    problems = [Problem("data.duplicate_key", {"value": value, "column": column,
                                               "rows": ", ".join(map(str, rows))},
                        Location(label, row=rows[0], column=column), "warning")
                for value, rows in repeated.head(DUPLICATES_LISTED).iter_rows()]
    if repeated.height > DUPLICATES_LISTED:
        problems.append(Problem("data.more_duplicate_keys",
                                {"count": repeated.height - DUPLICATES_LISTED,
                                 "column": column}, Location(label), "warning"))
    return problems
