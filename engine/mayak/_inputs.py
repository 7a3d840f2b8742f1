"""The inputs of a rule set's jobs: its data folder read for an evaluation (only the columns
it uses), and applications for a screening with the columns they look up in units tables."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
from msgspec.structs import replace

from mayak.evaluate._evaluate import engine_for
from mayak.evaluate._expertise import datasets_read
from mayak.evaluate._lookup import with_added
from mayak.evaluate._result import InputData
from mayak.files._paths import path_problem, real
from mayak.files._provenance import sha256_of
from mayak.files._write import display_path
from mayak.io._coerce import dtype_of
from mayak.io._read import (
    SUFFIXES,
    DatasetFile,
    find_file,
    find_files,
    has_file,
    read_dataset,
    read_frame,
)
from mayak.messages._problems import DataError, Location, Problem
from mayak.plan._lookups import file_columns, lookup_columns
from mayak.plan._plan import Plan
from mayak.spec._model import Dataset, SpecSet

Frame = pl.DataFrame | pl.LazyFrame
# A dataset's file, frame, problems and rows (None: not known without running the frame).
Read = tuple[Path, pl.LazyFrame, tuple[Problem, ...], int | None]
READERS = 4  # data files read at once


def used_columns(specs: SpecSet, plan: Plan, levels: Iterable[str]
                 ) -> Mapping[str, frozenset[str]]:
    """Per dataset, the columns an evaluation at ``levels`` reads: those of the variables'
    expressions (``Plan.columns_read``), every level it may compute (those of every targets
    and recommendations spec too), the keys and columns of lookups, the period column
    (every dataset with one is asked which periods its rows are of); every column of the
    datasets classifications, reviews and audits read."""
    named = {lv for t in specs.targets.values() for target in t.targets.values()
             for lv in target.levels or ()}
    named |= {r.level for r in specs.recommendations.values()} | set(levels)
    looked_up = lookup_columns(plan.added)
    whole = set(datasets_read(specs))
    return {d: frozenset(spec.columns) if d in whole else
            frozenset(file_columns(spec, (named | looked_up.get(d, set()))
                                   & spec.row_columns.keys(), plan.added.get(d)))
            | plan.columns_read.get(d, frozenset())
            | (looked_up.get(d, set()) & spec.columns.keys())
            | ({spec.period} & spec.columns.keys() if spec.period else set())
            for d, spec in specs.datasets.items()}


def read_folder(folder: str | os.PathLike[str], wanted: list[str],
                datasets: Mapping[str, Dataset], read_one: Callable[[Path, str], Read]
                ) -> InputData:
    """The ``wanted`` datasets read from ``folder`` by ``read_one``, side by side, with a
    warning per data file no dataset claims. DataError listing every unusable file."""
    # Absolute: the files stay named by where they are if the caller changes its working
    # folder before evaluating (messages show them relative to it all the same).
    root = Path(os.path.abspath(folder))
    refused = path_problem(root, "folder")
    if refused is not None:
        raise DataError([Problem(refused, {}, Location(display_path(root)))])
    frames: dict[str, pl.LazyFrame] = {}
    files: dict[str, Path] = {}
    hashes: dict[str, str] = {}
    heights: dict[str, int] = {}
    problems: list[Problem] = []
    fatal: list[Problem] = []

    def attempt(dataset_id: str) -> tuple[Read, str | None] | DataError:
        try:
            read = read_one(root, dataset_id)
        except DataError as exc:
            return exc
        try:  # hashed as read, once: a result's provenance names these bytes
            return read, sha256_of(read[0])
        except OSError:
            return read, None

    # The files are read side by side: Polars releases the GIL, and one file's steps
    # (decoding, checking) do not keep every core busy. Problems keep the datasets' order.
    with ThreadPoolExecutor(max_workers=max(1, min(READERS, len(wanted)))) as pool:
        outcomes = list(pool.map(attempt, wanted))
    for dataset_id, outcome in zip(wanted, outcomes, strict=True):
        if isinstance(outcome, DataError):
            fatal.extend(outcome.problems)
            continue
        (path, frame, found, height), digest = outcome
        frames[dataset_id], files[dataset_id] = frame, path
        if height is not None:
            heights[dataset_id] = height
        if digest is not None:
            hashes[str(path)] = digest
        problems.extend(found)
    if fatal:
        raise DataError(fatal)
    claimed = {real(p) for p in files.values()} | {
        real(root / f"{d.file}{s}") for d in datasets.values() for s in SUFFIXES}
    try:
        listed = sorted(p for p in root.iterdir() if p.suffix.lower() in SUFFIXES)
    except OSError:  # unlistable: the files asked for were read, strays are not named
        listed = []
    for stray in listed:
        if real(stray) not in claimed:
            problems.append(Problem("data.unused_file", {}, Location(display_path(stray)),
                                    "warning"))
    return InputData(frames, files, tuple(problems), hashes, heights)


def read_file(root: Path, dataset: Dataset, used: frozenset[str] | None,
              untidied: frozenset[str] = frozenset()) -> Read:
    """A dataset's file in ``root`` (``used``: the columns needed, None: all; ``untidied``:
    text columns left as written), with a warning when several files could be it."""
    found = find_files(root, dataset)
    path = found[0]
    read = read_dataset(path, dataset, display_path(path), used=used, untidied=untidied)
    several = [Problem("data.several_files",
                       {"dataset": dataset.id, "files": ", ".join(p.name for p in found),
                        "chosen": path.name}, Location(display_path(root)), "warning")
               ] if len(found) > 1 else []
    return path, read.frame, (*several, *read.problems), read.height


def load_frame(source: Frame | str | os.PathLike[str], dataset: Dataset) -> DatasetFile:
    """``dataset`` from a frame, a file, or a folder holding its file."""
    if isinstance(source, pl.DataFrame | pl.LazyFrame):
        # Headers are matched through titles and aliases, text read as in a file.
        return read_frame(source, dataset, f"<{dataset.id}>")
    if not isinstance(source, str | os.PathLike):
        raise DataError([Problem("data.not_a_frame", {"dataset": dataset.id,
                                                      "got": type(source).__name__})])
    path = Path(source)
    if path.is_dir():
        path = find_file(path, dataset)
    return read_dataset(path, dataset, display_path(path))


def looked_up(loaded: DatasetFile, dataset: Dataset, plan: Plan,
              datasets: Mapping[str, Dataset],
              units: Mapping[str, Frame] | str | os.PathLike[str] | None) -> DatasetFile:
    """The applications with the columns they look up and derive; ``units``: the units
    tables, as frames by dataset id or a folder. A units table not given leaves its columns
    unknown, with a warning."""
    added = plan.added[dataset.id]
    frames: dict[str, pl.LazyFrame] = {dataset.id: loaded.frame}
    problems = list(loaded.problems)
    for name in dict.fromkeys(j.units for j in added.joins):
        found = (units.get(name) if isinstance(units, Mapping) else None
                 if units is None else _units_file(Path(units), datasets[name], problems))
        if isinstance(found, pl.DataFrame | pl.LazyFrame):
            conformed = read_frame(found, datasets[name], f"<{name}>")
            frames[name] = conformed.frame
            problems.extend(conformed.problems)
        elif found is None:
            problems.append(Problem("screen.no_units", {"dataset": name}, None, "warning"))
    # A units table not found: what the applications take from it is unknown.
    columns = dataset.row_columns
    frames[dataset.id] = frames[dataset.id].with_columns(
        pl.lit(None, dtype_of(columns[c])).alias(c) for j in added.joins
        if j.units not in frames for c in j.take)
    plans = {d: p for d, p in plan.added.items() if d in frames}
    result = with_added(frames, plans, datasets, problems, labels={dataset.id: loaded.label},
                        engine=engine_for([None]))
    return replace(loaded, frame=result[dataset.id], problems=tuple(problems))


def _units_file(folder: Path, dataset: Dataset, problems: list[Problem]
                ) -> pl.LazyFrame | None:
    """A units table read from ``folder`` (None, with its problems, when it cannot be)."""
    if not has_file(folder, dataset):
        return None
    path = find_file(folder, dataset)
    try:
        read = read_dataset(path, dataset, display_path(path))
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(read.problems)
    return read.frame
