"""Files refused (by their schema, or unreadable as YAML), and the knock-on errors they
would cause elsewhere.

A refused file is not in the rule set, so every reference to its id would read as
"unknown" — with a misleading did-you-mean — and a refused targets file would leave every
use of ``planned`` without a target. Such errors are not reported; the refused file gets
one line saying which references were left unchecked. A file its YAML refuses still says
its kind and id in the lines ``kind:`` and ``id:``; a misspelt kind («datset») is taken for
the kind it is closest to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from msgspec import Struct, field

from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._schema_files import KINDS
from mayak.spec._yaml import YamlDocument

NOTE = "ref.rejected_file"
BASE_NOTE = "ref.base_unread"
_DATASET_KINDS = ("dataset", "admission")  # an admission's result is a dataset too
# A top-level «kind:» or «id:» line, its value plain or quoted.
_TOP_LEVEL = re.compile(r"""^(kind|id):[ \t]*["']?([\w.-]+)["']?[ \t]*(?:#.*)?$""", re.M)


class Rejected(Struct):
    """A file kept out of the rule set by its schema or its YAML; or (kind «*») a base rule
    set that could not be read, which might have declared anything."""

    kind: str
    id: str | None
    at: Location  # where the note goes: the file's id
    covers: tuple[str, ...] | None = None  # a targets file: its indicators (None: unknown)
    code: str = NOTE  # the note's message
    names: list[str] = field(default_factory=list)  # references left unchecked
    files: list[str] = field(default_factory=list)  # files that hold them

    @classmethod
    def of(cls, document: YamlDocument) -> Rejected | None:
        """The refused file's kind and id, when it says them; else None."""
        data = document.data
        if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
            return None
        raw_id = data.get("id")
        targets = data.get("targets")
        covers = tuple(map(str, targets)) if isinstance(targets, dict) else None
        return cls(_kind(data["kind"]), raw_id if isinstance(raw_id, str) else None,
                   document.location(("id",)), covers)

    @classmethod
    def unparsed(cls, problem: Problem, source: str) -> Rejected | None:
        """A file its YAML refused, of the kind and id its lines say; None when they do not
        say a kind."""
        said = {found[1]: (found[2], source.count("\n", 0, found.start()) + 1)
                for found in _TOP_LEVEL.finditer(source)}
        if "kind" not in said or problem.location is None:
            return None
        raw_id, line = said.get("id", (None, None))
        return cls(_kind(said["kind"][0]), raw_id,
                   Location(problem.location.file, line or 1, 1, "id" if line else ""))

    def note(self) -> Problem:
        """One line at the refused file naming the references it leaves unchecked."""
        names = ", ".join(f"«{name}»" for name in dict.fromkeys(self.names))
        return Problem(self.code,
                       {"names": names, "files": ", ".join(dict.fromkeys(self.files))}, self.at)


def _kind(written: str) -> str:
    """A kind as written, or the known one a misspelling is closest to."""
    return written if written in KINDS else (str(suggestion(written, KINDS)) or written)


def without_knock_ons(problems: Iterable[Problem], rejected: list[Rejected],
                      derived: dict[str, str], missing_base: Location | None = None
                      ) -> list[Problem]:
    """``problems`` less the references to refused files, plus one note per refused file
    that was referred to. ``derived`` maps a dataset Mayak could not build (an admission's
    result) to the refused dataset it is built from. ``missing_base``: where a base rule
    set that could not be read is named (``extends``): any reference it might have
    answered is left unchecked, and said so there."""
    if missing_base is not None:
        rejected = [*rejected, Rejected("*", None, missing_base, code=BASE_NOTE)]
    by_name: dict[tuple[str, str], Rejected] = {}
    for file in rejected:
        kinds = _DATASET_KINDS if file.kind in _DATASET_KINDS else (file.kind,)
        for kind in kinds:
            if file.id is not None:
                by_name[(kind, file.id)] = file
    for result, source in derived.items():
        if ("dataset", source) in by_name:
            by_name[("dataset", result)] = by_name[("dataset", source)]
    targets = [file for file in rejected if file.kind == "targets"]
    kept = []
    for problem in problems:
        name = str(problem.params.get("name", ""))
        planned = str(problem.params.get("indicator", ""))
        # Each kind of reference, and the refused file it would have found.
        causes = {
            "ref.unknown_dataset": by_name.get(("dataset", name)),
            "ref.unknown_indicator": by_name.get(("indicator", name)),
            "expr.unknown_name": by_name.get(("indicator", name)),
            "scoring.unknown_classification": by_name.get(("classification", name)),
            "audit.unknown_scoring": by_name.get(("scoring", name)),
            "ref.no_target_for_planned": next(
                (file for file in targets if file.covers is None or planned in file.covers),
                None),
        }
        cause = causes.get(problem.code)
        if problem.code == "ref.no_target_for_planned":
            name = planned
        if cause is None and missing_base is not None and problem.code in causes:
            cause = rejected[-1]
        if cause is None:
            kept.append(problem)
            continue
        cause.names.append(name)
        cause.files.append(_file(problem.location))
    return kept + [file.note() for file in rejected if file.names]


def _file(location: Location | None) -> str:
    return location.file if location else "—"
