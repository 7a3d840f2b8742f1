"""Find, read, validate and cross-check spec files; build an immutable Ruleset."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path as FsPath
from typing import Any

from mayak._ruleset import Ruleset
from mayak.check._checks import check_partial, check_references
from mayak.files._paths import is_root, path_problem, real, walk
from mayak.files._write import display_path
from mayak.messages._catalogue import Key
from mayak.messages._problems import Location, Problem, SpecError
from mayak.messages._suggest import suggestion
from mayak.plan._admissions import AdmissionPlan, plan_admission
from mayak.plan._choose import chosen_only
from mayak.plan._plan import Plan, build_plan
from mayak.screen._screen import screening_dataset
from mayak.spec._build import build_spec
from mayak.spec._knock_on import NOTE, Rejected, without_knock_ons
from mayak.spec._model import (
    Admission,
    Dataset,
    Indicator,
    Manifest,
    Recommendations,
    SpecSet,
    Targets,
)
from mayak.spec._salvage import Partial, refused_at, salvage
from mayak.spec._schema import check_document
from mayak.spec._yaml import MAX_SPEC_CHARACTERS, Path, YamlDocument, read_yaml

SPEC_SUFFIXES = (".yaml", ".yml")
# Bytes read at most from one spec file: the character limit, at up to 4 bytes a character.
MAX_SPEC_BYTES = 4 * MAX_SPEC_CHARACTERS


@dataclass(frozen=True)
class _Root:
    """A path to load: given by the caller, or by an ``include`` entry of a manifest."""

    path: FsPath
    include: str | None = None  # the entry as written
    where: Location | None = None  # the entry's place in the manifest

    def refuse(self, key: str, path: FsPath | None = None) -> Problem:
        if self.where is not None and (path is None or path == self.path):
            if key == "io.not_found":
                return Problem("ref.include", {"path": self.include}, self.where)
            return Problem("ref.include_refused", {"path": self.include, "reason": Key(key)},
                           self.where)
        return Problem(key, {}, Location(display_path(path or self.path)))


def _spec_files(root: _Root, problems: list[Problem]) -> list[FsPath]:
    problem = path_problem(root.path)
    if problem is not None:
        problems.append(root.refuse(problem))
        return []
    if not os.path.isdir(root.path):
        if root.path.suffix.lower() not in SPEC_SUFFIXES:
            problems.append(root.refuse("path.not_spec"))
            return []
        return [root.path]
    if is_root(root.path):
        problems.append(root.refuse("path.disk_root"))
        return []
    found = walk(root.path, SPEC_SUFFIXES)
    if found.too_many:  # not a rules folder: its files would only add noise
        problems.append(root.refuse("path.too_many_files"))
        return []
    problems.extend(root.refuse(key, path) for path, key in found.refused)
    if found.too_deep:
        problems.append(root.refuse("path.too_deep"))
    return found.files


def _read(path: FsPath) -> YamlDocument | Problem:
    name = display_path(path)
    try:
        # Non-blocking, and checked after opening: a FIFO swapped in is refused, not waited on.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return Problem("path.special", {}, Location(name))
            raw = stream.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        return Problem(path_problem(path) or "io.unreadable",
                       {"detail": exc.strerror or type(exc).__name__}, Location(name))
    if len(raw) > MAX_SPEC_BYTES:
        return Problem("yaml.file_too_large", {"limit": MAX_SPEC_CHARACTERS}, Location(name))
    source = decode_spec(raw)
    if isinstance(source, int):
        return Problem("io.not_utf8", {}, Location(name, source, 1))
    return read_yaml(name, source)


def decode_spec(raw: bytes) -> str | int:
    """The text of a spec file: UTF-8, or UTF-16 with its byte-order mark (Notepad's
    "Unicode"); otherwise the line of the first byte that is not UTF-8."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return 1
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return raw[:exc.start].count(b"\n") + 1


def load(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Ruleset:
    """Load every spec under ``paths`` (files or folders), following ``ruleset`` includes.

    Raises SpecError listing every problem found, before any data is read.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    problems: list[Problem] = []
    specs: list[Any] = []
    queue = [_Root(FsPath(p)) for p in paths]
    rejected: list[Rejected] = []  # files refused by their schema
    partial: list[tuple[Partial, set[Path]]] = []  # ... and what of them can still be checked
    seen: set[str] = set()
    files = 0
    while queue:
        root = queue.pop(0)
        for file in _spec_files(root, problems):
            resolved = real(file)
            if resolved in seen:  # an include cycle, or a folder included twice
                continue
            seen.add(resolved)
            files += 1
            spec = _load_file(file, problems, rejected, partial)
            specs.append(spec)
            if isinstance(spec, Manifest):
                queue.extend(_includes(spec, file))
    if files == 0 and not problems:
        problems.append(Problem("io.no_specs", {}, Location(", ".join(map(str, paths)))))
    loaded, plan = _assemble([s for s in specs if s is not None], problems)
    # The checks read what the plan compiled; the rules are built only if they pass.
    found = check_references(loaded, plan)
    found.extend(_unknown_chosen(loaded))
    for spec, unusable in partial:  # expressions of refused files, in the same run
        found.extend(p for p in check_partial(spec, loaded)
                     if not refused_at(p.location.path if p.location else "", unusable))
    unbuilt = {a.id: a.dataset for a in loaded.admissions.values()
               if a.id not in loaded.datasets}
    problems.extend(without_knock_ons(found, rejected, unbuilt))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SpecError(sorted(errors, key=_order))
    # Files of specs not chosen were read all the same.
    return Ruleset(*chosen_only(loaded, plan), read_from=Ruleset(loaded, plan).files)


def _unknown_chosen(loaded: SpecSet) -> list[Problem]:
    """An indicator named in a ``ruleset``'s ``indicators:`` that no spec declares."""
    return [Problem("ref.unknown_indicator",
                    {"name": name, "hint": suggestion(name, loaded.indicators)},
                    manifest.source.at("indicators", index))
            for manifest in loaded.manifests.values()
            for index, name in enumerate(manifest.indicators or ())
            if name not in loaded.indicators]


def _order(problem: Problem) -> tuple[str, bool, int, int]:
    loc = problem.location
    last = problem.code == NOTE  # "refused because of the errors above": after them
    return (loc.file, last, loc.line or 0, loc.col or 0) if loc else ("", last, 0, 0)


def _load_file(file: FsPath, problems: list[Problem], rejected: list[Rejected],
               partial: list[tuple[Partial, set[Path]]]) -> Any:
    document = _read(file)
    if isinstance(document, Problem):
        problems.append(document)
        return None
    found, unusable = check_document(document)
    if found:
        problems.extend(found)
        refused = Rejected.of(document)
        if refused is not None:
            rejected.append(refused)
        salvaged = salvage(document, unusable)
        if salvaged is not None:
            partial.append((salvaged, unusable))
        return None
    return build_spec(document)


def _includes(manifest: Manifest, file: FsPath) -> list[_Root]:
    return [_Root(file.parent / include, include, manifest.source.at("include", index))
            for index, include in enumerate(manifest.include)]


_KIND_NAMES = {Dataset: "dataset", Indicator: "indicator", Targets: "targets",
               Manifest: "ruleset", Admission: "admission", Recommendations: "recommendations"}


def _assemble(specs: list[Any], problems: list[Problem]) -> tuple[SpecSet, Plan]:
    """The specs by kind, compiled: admissions first, as their results are datasets."""
    tables: dict[type, dict[str, Any]] = {kind: {} for kind in _KIND_NAMES}
    names = _KIND_NAMES
    for spec in specs:
        table = tables[type(spec)]
        if spec.id in table:
            problems.append(Problem("ref.duplicate_id",
                                    {"kind": Key(f"spec.{names[type(spec)]}"), "id": spec.id,
                                     "other": table[spec.id].source.file},
                                    spec.source.at("id")))
            continue
        table[spec.id] = spec
    datasets = tables[Dataset]
    admissions: dict[str, AdmissionPlan] = {}
    for admission in tables[Admission].values():
        source = datasets.get(admission.dataset)
        if source is not None:
            admissions[admission.id] = plan_admission(admission, source)
        # The screening result is a dataset of its own, which indicators can count.
        if admission.id in datasets:
            problems.append(Problem("ref.duplicate_id",
                                    {"kind": Key("spec.dataset"), "id": admission.id,
                                     "other": datasets[admission.id].source.file},
                                    admission.source.at("id")))
        elif source is not None:  # kinds: all numbers if a derived value does not compile
            datasets[admission.id] = screening_dataset(admission, source,
                                                       admissions[admission.id].kinds)
    loaded = SpecSet(datasets=datasets, indicators=tables[Indicator], targets=tables[Targets],
                     manifests=tables[Manifest], admissions=tables[Admission],
                     recommendations=tables[Recommendations])
    plan = build_plan(loaded, admissions)
    # Indicators each after those their formula uses, as the plan has them.
    return replace(loaded, indicators={name: loaded.indicators[name]
                                       for name in plan.indicators}), plan

