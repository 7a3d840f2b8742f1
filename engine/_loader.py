"""Find, read, validate and cross-check spec files; build an immutable Ruleset."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path as FsPath
from typing import Any

from mayak._build import build_spec
from mayak._checks import check_references
from mayak._expr import CompileError
from mayak._io import display_path
from mayak._messages import Key
from mayak._problems import Location, Problem, SpecError
from mayak._ruleset import Ruleset
from mayak._screen import derived_kinds, screening_dataset
from mayak._specs import Admission, Dataset, Indicator, Manifest, Recommendations, Targets
from mayak._validate import validate_document
from mayak._yaml import YamlDocument, read_yaml

SPEC_SUFFIXES = (".yaml", ".yml")


def _spec_files(path: FsPath) -> list[FsPath]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file())
    return [path]


def _read(path: FsPath) -> YamlDocument | Problem:
    name = display_path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Problem("io.unreadable", {"detail": exc}, Location(name))
    return read_yaml(name, source)


def load(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Ruleset:
    """Load every spec under ``paths`` (files or folders), following ``ruleset`` includes.

    Raises SpecError listing every problem found, before any data is read.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    problems: list[Problem] = []
    specs: list[Any] = []
    queue = [FsPath(p) for p in paths]
    seen: set[FsPath] = set()
    files = 0
    while queue:
        root = queue.pop(0)
        if not root.exists():
            problems.append(Problem("io.not_found", {}, Location(display_path(root))))
            continue
        for file in _spec_files(root):
            resolved = file.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            files += 1
            spec = _load_file(file, problems)
            specs.append(spec)
            if isinstance(spec, Manifest):
                queue.extend(_includes(spec, file, problems))
    if files == 0 and not problems:
        problems.append(Problem("io.no_specs", {}, Location(", ".join(map(str, paths)))))
    ruleset = _assemble([s for s in specs if s is not None], problems)
    problems.extend(check_references(ruleset))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SpecError(sorted(errors, key=_order))
    return ruleset


def _order(problem: Problem) -> tuple[str, int, int]:
    loc = problem.location
    return (loc.file, loc.line or 0, loc.col or 0) if loc else ("", 0, 0)


def _load_file(file: FsPath, problems: list[Problem]) -> Any:
    document = _read(file)
    if isinstance(document, Problem):
        problems.append(document)
        return None
    found = validate_document(document)
    if found:
        problems.extend(found)
        return None
    return build_spec(document)


def _includes(manifest: Manifest, file: FsPath, problems: list[Problem]) -> list[FsPath]:
    out = []
    for index, include in enumerate(manifest.include):
        target = (file.parent / include)
        if not target.exists():
            problems.append(Problem("ref.include", {"path": include},
                                    manifest.source.at("include", index)))
        else:
            out.append(target)
    return out


_KIND_NAMES = {Dataset: "dataset", Indicator: "indicator", Targets: "targets",
               Manifest: "ruleset", Admission: "admission", Recommendations: "recommendations"}


def _assemble(specs: list[Any], problems: list[Problem]) -> Ruleset:
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
    for admission in tables[Admission].values():
        # The screening result is a dataset of its own, which indicators can count.
        if admission.id in datasets:
            problems.append(Problem("ref.duplicate_id",
                                    {"kind": Key("spec.dataset"), "id": admission.id,
                                     "other": datasets[admission.id].source.file},
                                    admission.source.at("id")))
        elif admission.dataset in datasets:
            try:
                kinds = derived_kinds(admission, datasets[admission.dataset])
            except CompileError:  # reported by the checks; the names still exist
                kinds = dict.fromkeys(admission.derive, "number")
            datasets[admission.id] = screening_dataset(admission, datasets[admission.dataset],
                                                       kinds)
    return Ruleset.create(datasets=datasets, indicators=tables[Indicator],
                          targets=tables[Targets], manifests=tables[Manifest],
                          admissions=tables[Admission],
                          recommendations=tables[Recommendations])

