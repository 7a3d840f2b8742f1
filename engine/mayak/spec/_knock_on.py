"""Files refused by their schema, and the knock-on errors they would cause elsewhere.

A refused file is not in the rule set, so every reference to its id would read as
"unknown" — with a misleading did-you-mean. Such references are not reported; the refused
file gets one line saying which references were left unchecked.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct, field

from mayak.messages._problems import Location, Problem
from mayak.spec._yaml import YamlDocument

NOTE = "ref.rejected_file"
_DATASET_KINDS = ("dataset", "admission")  # an admission's result is a dataset too


class Rejected(Struct):
    """A file whose schema errors kept it out of the rule set."""

    kind: str
    id: str | None
    document: YamlDocument
    names: list[str] = field(default_factory=list)  # references left unchecked
    files: list[str] = field(default_factory=list)  # files that hold them

    @classmethod
    def of(cls, document: YamlDocument) -> Rejected | None:
        """The refused file's kind and id, when it says them; else None."""
        data = document.data
        if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
            return None
        raw_id = data.get("id")
        return cls(data["kind"], raw_id if isinstance(raw_id, str) else None, document)

    def note(self) -> Problem:
        """One line at the refused file naming the references it leaves unchecked."""
        names = ", ".join(f"«{name}»" for name in dict.fromkeys(self.names))
        return Problem(NOTE, {"names": names, "files": ", ".join(dict.fromkeys(self.files))},
                       self.document.location(("id",)))


def without_knock_ons(problems: Iterable[Problem], rejected: list[Rejected],
                      derived: dict[str, str]) -> list[Problem]:
    """``problems`` less the references to refused files, plus one note per refused file
    that was referred to. ``derived`` maps a dataset Mayak could not build (an admission's
    result) to the refused dataset it is built from."""
    by_name: dict[tuple[str, str], Rejected] = {}
    for file in rejected:
        kinds = _DATASET_KINDS if file.kind in _DATASET_KINDS else (file.kind,)
        for kind in kinds:
            if file.id is not None:
                by_name[(kind, file.id)] = file
    for result, source in derived.items():
        if ("dataset", source) in by_name:
            by_name[("dataset", result)] = by_name[("dataset", source)]
    kept = []
    for problem in problems:
        name = str(problem.params.get("name", ""))
        cause = {
            "ref.unknown_dataset": by_name.get(("dataset", name)),
            "ref.unknown_indicator": by_name.get(("indicator", name)),
            "expr.unknown_name": by_name.get(("indicator", name)),
            "scoring.unknown_classification": by_name.get(("classification", name)),
            "audit.unknown_scoring": by_name.get(("scoring", name)),
        }.get(problem.code)
        if cause is None:
            kept.append(problem)
            continue
        cause.names.append(name)
        cause.files.append(_file(problem.location))
    return kept + [file.note() for file in rejected if file.names]


def _file(location: Location | None) -> str:
    return location.file if location else "—"
