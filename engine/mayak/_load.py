"""Find, read, validate and cross-check spec files; build an immutable Ruleset."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path as FsPath
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from mayak._frozen import Frozen
from mayak._ruleset import Ruleset
from mayak.check._checks import check_partial, check_references
from mayak.files._paths import is_root, path_problem, real, walk
from mayak.files._write import display_path
from mayak.messages._catalogue import Key
from mayak.messages._problems import Location, Problem, SpecError
from mayak.messages._suggest import suggestion
from mayak.plan._admissions import AdmissionPlan, plan_admission
from mayak.plan._choose import chosen_only
from mayak.plan._lookups import plan_all_added
from mayak.plan._plan import Plan, build_plan
from mayak.screen._screen import screening_dataset
from mayak.spec._build import build_spec
from mayak.spec._knock_on import NOTE, Rejected, without_knock_ons
from mayak.spec._model import (
    Admission,
    Audit,
    Classification,
    Dataset,
    Indicator,
    Manifest,
    Recommendations,
    Report,
    Scoring,
    SpecSet,
    Targets,
)
from mayak.spec._salvage import Partial, refused_at, salvage
from mayak.spec._schema import check_document
from mayak.spec._yaml import MAX_SPEC_CHARACTERS, Path, YamlDocument, read_yaml

SPEC_SUFFIXES = (".yaml", ".yml")
# Bytes read at most from one spec file: the character limit, at up to 4 bytes a character.
MAX_SPEC_BYTES = 4 * MAX_SPEC_CHARACTERS


class _Root(Struct, frozen=True):
    """A path to load: given by the caller, or by an ``include`` entry of a manifest."""

    path: FsPath
    include: str | None = None  # the entry as written
    where: Location | None = None  # the entry's place in the manifest
    extends: bool = False  # the base rule set of an ``extends``, not an ``include``

    def refuse(self, key: str, path: FsPath | None = None) -> Problem:
        if self.where is not None and (path is None or path == self.path):
            if key == "io.not_found":
                return Problem("ref.extends" if self.extends else "ref.include",
                               {"path": self.include}, self.where)
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
    if root.extends and not found.files and not found.refused and root.where is not None:
        # A base with nothing in it would extend nothing, silently: a wrong path, most likely.
        problems.append(Problem("ref.extends_empty", {"path": root.include}, root.where))
    return found.files


def _read(path: FsPath, hashes: dict[str, str]) -> tuple[YamlDocument | Problem, str | None]:
    """A spec file parsed, and its text (None when it could not be read); the SHA-256 of
    its bytes goes into ``hashes`` (provenance)."""
    name = display_path(path)
    try:
        # Non-blocking, and checked after opening: a FIFO swapped in is refused, not waited on.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return Problem("path.special", {}, Location(name)), None
            raw = stream.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        return Problem(path_problem(path) or "io.unreadable",
                       {"detail": exc.strerror or type(exc).__name__}, Location(name)), None
    if len(raw) > MAX_SPEC_BYTES:
        return Problem("yaml.file_too_large", {"limit": MAX_SPEC_CHARACTERS},
                       Location(name)), None
    hashes[name] = hashlib.sha256(raw).hexdigest()
    source = decode_spec(raw)
    if isinstance(source, int):
        return Problem("io.not_utf8", {}, Location(name, source, 1)), None
    return read_yaml(name, source), source


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
    """Load every spec under ``paths`` (files or folders), following ``ruleset`` includes
    and the rule sets they extend (``extends``).

    Raises SpecError listing every problem found, before any data is read.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    reading = _Reading()
    roots = [_Root(FsPath(p)) for p in paths]
    _collect(roots, (), reading)
    problems = reading.problems
    if reading.files == 0 and not problems:
        problems.append(Problem("io.no_specs", {}, Location(", ".join(map(str, paths)))))
    layers = _layers(reading.layers)
    refused = {(r.kind, r.id) for r in reading.rejected}
    if any(p.code in _BASE_UNREAD for p in problems):  # what it overrides may well be there
        refused.add(("*", None))
    loaded, plan = _assemble(layers, problems, refused)
    # The checks read what the plan compiled; the rules are built only if they pass.
    found = check_references(loaded, plan)
    found.extend(_unknown_chosen(loaded))
    for spec, unusable in reading.partial:  # expressions of refused files, in the same run
        found.extend(p for p in check_partial(spec, loaded)
                     if not refused_at(p.location.path if p.location else "", unusable))
    unbuilt = {a.id: a.dataset for a in loaded.admissions.values()
               if a.id not in loaded.datasets}
    base = next((p.location for p in problems if p.code in _BASE_UNREAD), None)
    problems.extend(without_knock_ons(found, reading.rejected, unbuilt, base))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SpecError(sorted(errors, key=_order))
    # Files of specs not chosen or replaced by an overlay were read all the same.
    read_from = tuple(dict.fromkeys(s.source.file for layer in layers for s in layer))
    return Ruleset(*chosen_only(loaded, plan, _chosen(layers)), read_from=read_from,
                   hashes=Frozen({name: reading.hashes[name] for name in read_from
                                  if name in reading.hashes}),
                   period=_nearest(layers, "period"), compare=_nearest(layers, "compare") or False)


class _Reading(Struct):
    """What reading the spec files gathered: one layer per rule set, bases first."""

    problems: list[Problem] = field(default_factory=list)
    # (the file resolved, as found, its spec)
    layers: list[list[tuple[str, FsPath, Any]]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)  # files refused by their schema
    # ... and what of them can still be checked
    partial: list[tuple[Partial, set[Path]]] = field(default_factory=list)
    files: int = 0
    hashes: dict[str, str] = field(default_factory=dict)  # SHA-256 of each file, by name


def _rule_set_folder(path: FsPath) -> str:
    """The rule set a path names: a folder, or the folder of a ruleset file."""
    return real(path.parent if os.path.isfile(path) else path)


def _collect(roots: list[_Root], chain: tuple[str, ...], reading: _Reading) -> None:
    """Read one rule set (``roots`` and their includes), after the rule sets it extends.
    ``chain``: the folders of the rule sets that extend it, to stop a cycle."""
    layer: list[tuple[str, FsPath, Any]] = []
    seen: set[str] = set()
    queue = list(roots)
    while queue:
        root = queue.pop(0)
        for file in _spec_files(root, reading.problems):
            resolved = real(file)
            if resolved in seen:  # an include cycle, or a folder included twice
                continue
            seen.add(resolved)
            reading.files += 1
            spec = _load_file(file, reading)
            if spec is not None:
                layer.append((resolved, file, spec))
            if isinstance(spec, Manifest):
                queue.extend(_includes(spec, file))
    for _, file, spec in list(layer):
        if isinstance(spec, Manifest) and spec.extends is not None:
            written = file.parent / spec.extends
            folder = _rule_set_folder(written)
            # A ruleset file stands for its rule set: the folder it is in.
            base = _Root(written.parent if os.path.isfile(written) else written, spec.extends,
                         spec.source.at("extends"), extends=True)
            extending = (*chain, _rule_set_folder(file))
            if folder in extending:
                names = (*extending, folder)[extending.index(folder):]
                reading.problems.append(Problem(
                    "ref.extends_cycle",
                    {"chain": " → ".join(display_path(FsPath(n)) for n in names)}, base.where))
                continue
            _collect([base], extending, reading)
    reading.layers.append(layer)


def _layers(layers: list[list[tuple[str, FsPath, Any]]]) -> list[list[Any]]:
    """The specs of each rule set, bases first; a file read by several (a shared catalogue
    included by the base and the overlay) belongs to the first, the base."""
    owned: set[str] = set()
    out = []
    for layer in layers:
        out.append([spec for file, _, spec in layer if file not in owned])
        owned.update(file for file, _, _ in layer)
    return out


def _chosen(layers: list[list[Any]]) -> list[str] | None:
    """The indicators to compute: those named by the ``indicators:`` lists of the nearest
    rule set that has one (an overlay's list replaces its base's); None: all of them."""
    for layer in reversed(layers):
        lists = [s.indicators for s in layer
                 if isinstance(s, Manifest) and s.indicators is not None]
        if lists:
            return [name for names in lists for name in names]
    return None


def _nearest(layers: list[list[Any]], field: str) -> Any:
    """A ``ruleset`` field (``period``, ``compare``) as the nearest rule set that sets it
    says (an overlay's replaces its base's); None when none does."""
    for layer in reversed(layers):
        for spec in layer:
            if isinstance(spec, Manifest) and getattr(spec, field) not in (None, False):
                return getattr(spec, field)
    return None


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


def _load_file(file: FsPath, reading: _Reading) -> Any:
    document, source = _read(file, reading.hashes)
    if isinstance(document, Problem):
        reading.problems.append(document)
        unparsed = Rejected.unparsed(document, source) if source is not None else None
        if unparsed is not None:  # its kind and id as written: references to it are not "unknown"
            reading.rejected.append(unparsed)
        return None
    found, unusable = check_document(document)
    if found:
        reading.problems.extend(found)
        refused = Rejected.of(document)
        if refused is not None:
            reading.rejected.append(refused)
        salvaged = salvage(document, unusable)
        if salvaged is not None:
            reading.partial.append((salvaged, unusable))
        return None
    return build_spec(document)


def _includes(manifest: Manifest, file: FsPath) -> list[_Root]:
    return [_Root(file.parent / include, include, manifest.source.at("include", index))
            for index, include in enumerate(manifest.include)]


# A base rule set that could not be read: references into it are left unchecked. (In a
# cycle every rule set is read, once.)
_BASE_UNREAD = ("ref.extends", "ref.extends_empty")

_KIND_NAMES: dict[type[Any], str] = {Dataset: "dataset", Indicator: "indicator", Targets: "targets",
               Manifest: "ruleset", Admission: "admission", Recommendations: "recommendations",
               Classification: "classification", Scoring: "scoring", Audit: "audit",
               Report: "report"}


def _assemble(layers: list[list[Any]], problems: list[Problem],
              refused: set[tuple[str, str | None]]) -> tuple[SpecSet, Plan]:
    """The specs by kind, compiled: admissions first, as their results are datasets.
    ``layers``: the specs of each rule set, bases first; a later one replaces a base's spec
    it marks ``overrides: true``. ``refused``: (kind, id) of files their schema refused."""
    tables: dict[type, dict[str, Any]] = {kind: {} for kind in _KIND_NAMES}
    for depth, layer in enumerate(layers):
        own: set[tuple[type, str]] = set()  # declared by this rule set
        for spec in layer:
            problem = _declare(spec, tables[type(spec)], (type(spec), spec.id) in own, depth,
                               refused)
            if problem is None:
                own.add((type(spec), spec.id))
            else:
                problems.append(problem)
    # Looked-up, derived and class columns are typed before anything compiles over them
    # (criteria may read a looked-up column too); again once the screening results are
    # datasets, which others may look up in.
    datasets, _ = plan_all_added(tables[Dataset], tables[Classification].values())
    admissions: dict[str, AdmissionPlan] = {}
    for admission in tables[Admission].values():
        source = datasets.get(admission.dataset)
        if source is not None:
            admissions[admission.id] = plan_admission(admission, source)
        # The screening result is a dataset of its own, which indicators can count.
        if admission.id in datasets:
            problems.append(Problem("ref.duplicate_id",
                                    {"kind": Key("spec.dataset"), "id": admission.id,
                                     "other": _where(datasets[admission.id])},
                                    admission.source.at("id")))
        elif source is not None:  # kinds: all numbers if a derived value does not compile
            datasets[admission.id] = screening_dataset(admission, source,
                                                       admissions[admission.id].kinds)
    datasets, added = plan_all_added({d: replace(spec, added=Frozen({}))
                                      for d, spec in datasets.items()},
                                     tables[Classification].values())
    loaded = SpecSet(datasets=datasets, indicators=tables[Indicator], targets=tables[Targets],
                     manifests=tables[Manifest], admissions=tables[Admission],
                     recommendations=tables[Recommendations],
                     classifications=tables[Classification], scorings=tables[Scoring],
                     audits=tables[Audit], reports=tables[Report])
    plan = build_plan(loaded, admissions, added)
    # Indicators each after those their formula uses, as the plan has them.
    return replace(loaded, indicators={name: loaded.indicators[name]
                                       for name in plan.indicators}), plan



def _declare(spec: Any, table: dict[str, Any], redeclared: bool, depth: int,
             refused: set[tuple[str, str | None]]) -> Problem | None:
    """Put ``spec`` into its kind's ``table``, or the problem that keeps it out: an id
    declared twice, or an override of nothing (but of a base file its schema refused: that
    file's errors say it already)."""
    kind = Key(f"spec.{_KIND_NAMES[type(spec)]}")
    overrides = spec.source.document.data.get("overrides") is True
    if overrides and depth == 0:
        return Problem("ref.override_no_base", {"kind": kind, "id": spec.id},
                       spec.source.at("overrides"))
    if spec.id in table and (redeclared or depth == 0):
        return Problem("ref.duplicate_id", {"kind": kind, "id": spec.id,
                                            "other": _where(table[spec.id])},
                       spec.source.at("id"))
    if overrides:
        if spec.id not in table and not {(_KIND_NAMES[type(spec)], spec.id),
                                         ("*", None)} & refused:
            return Problem("ref.override_missing",
                           {"kind": kind, "id": spec.id, "hint": suggestion(spec.id, table)},
                           spec.source.at("id"))
    elif spec.id in table:
        return Problem("ref.duplicate_base", {"kind": kind, "id": spec.id,
                                              "other": _where(table[spec.id])},
                       spec.source.at("id"))
    table[spec.id] = spec
    return None


def _where(spec: Any) -> str:
    """Where ``spec``'s id is written, as ``file:line:col``."""
    place: str = spec.source.at("id").place()
    return place
