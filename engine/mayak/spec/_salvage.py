"""Partial specs from documents that failed their schema, so that their expressions are
still checked in the same run.

Every part the schema refused is replaced by a neutral stand-in (a variable counting
nothing, a rule that is always true, the formula ``0``): its names stay known, so the rest
of the file is compiled without knock-on errors. Problems found at a refused part are
dropped by the caller: the schema error already speaks for it.
"""

from __future__ import annotations

from typing import Any

from mayak._frozen import Frozen
from mayak.spec._build import target_of
from mayak.spec._model import (
    AGGREGATIONS,
    Admission,
    Criterion,
    Indicator,
    RecommendationRule,
    Recommendations,
    Rounding,
    Source,
    Targets,
    Variable,
)
from mayak.spec._yaml import Path, YamlDocument, format_path

Partial = Indicator | Admission | Recommendations | Targets


def refused_at(location_path: str, unusable: set[Path]) -> bool:
    """Whether a problem's place (``variables.A.where``) lies in a part the schema refused."""
    for path in unusable:
        shown = format_path(path)
        if location_path == shown or location_path.startswith((f"{shown}.", f"{shown}[")):
            return True
    return False


def salvage(document: YamlDocument, unusable: set[Path]) -> Partial | None:
    """The checkable part of a document the schema refused; None if there is none."""
    data = document.data
    if () in unusable or not isinstance(data, dict):
        return None
    salvaged = _Salvage(data, unusable, Source(document))
    kind = data.get("kind")
    if kind == "indicator":
        return salvaged.indicator()
    if kind == "admission":
        return salvaged.admission()
    if kind == "recommendations":
        return salvaged.recommendations()
    if kind == "targets":
        return salvaged.targets()
    return None


class _Salvage:
    def __init__(self, data: dict[str, Any], unusable: set[Path], source: Source) -> None:
        self.data, self.unusable, self.source = data, unusable, source

    def bad(self, path: Path) -> bool:
        return any(path[:len(u)] == u for u in self.unusable)

    def text(self, raw: Any, path: Path) -> str | None:
        """The text at ``path`` inside ``raw``, unless the schema refused it."""
        value = raw.get(path[-1]) if isinstance(raw, dict) else None
        return value if isinstance(value, str) and value and not self.bad(path) else None

    def usable(self, key: str) -> bool:
        """Whether an optional top-level mapping is absent or usable as a whole."""
        return not self.bad((key,)) and isinstance(self.data.get(key, {}), dict)

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) and not self.bad((key,)) else {}

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        return value if isinstance(value, list) and not self.bad((key,)) else []

    def id(self) -> str:
        return self.text(self.data, ("id",)) or ""

    def indicator(self) -> Indicator:
        variables = {}
        for name, raw in self.mapping("variables").items():
            path: Path = ("variables", name)
            found = [a for a in AGGREGATIONS if isinstance(raw, dict) and a in raw]
            dataset = self.text(raw, (*path, found[0])) if len(found) == 1 else None
            if dataset is None or self.bad(path):  # a stand-in: known by name only
                variables[name] = Variable(name, "count", "", None, None, None, path)
                continue
            variables[name] = Variable(name, found[0], dataset, self.text(raw, (*path, "of")),
                                       self.text(raw, (*path, "where")), None, path)
        # Without its variables a formula would only give knock-on "unknown name" errors.
        formula = self.text(self.data, ("formula",)) if self.usable("variables") else None
        return Indicator(id=self.id(), title="", unit="number", variables=Frozen(variables),
                         formula=formula or "0", rounding=Rounding(), source=self.source)

    def admission(self) -> Admission | None:
        dataset = self.text(self.data, ("dataset",))
        if dataset is None:
            return None
        derive = {name: self.text(self.data["derive"], ("derive", name)) or "0"
                  for name in self.mapping("derive")}
        criteria = []
        names_known = self.usable("derive")  # else rules would name unknown derived values
        for index, raw in enumerate(self.items("criteria") if names_known else []):
            path: Path = ("criteria", index)
            criteria.append(Criterion(
                id=self.text(raw, (*path, "id")) or f"K{index + 1}", title="",
                rule=self.text(raw, (*path, "rule")) or "true",
                explain=self.text(raw, (*path, "explain")), basis=None, index=index))
        decision: str | int = "all"
        raw_decision = self.data.get("decision")
        if not self.bad(("decision",)) and not self.bad(("criteria",)) and not any(
                self.bad(("criteria", c.index)) for c in criteria):
            if isinstance(raw_decision, str):
                decision = raw_decision
            elif isinstance(raw_decision, dict) and isinstance(raw_decision.get("at_least"), int):
                decision = raw_decision["at_least"]
        summary = self.mapping("summary")
        return Admission(id=self.id(), title="", dataset=dataset, derive=Frozen(derive),
                         criteria=tuple(criteria), decision=decision, outcomes=Frozen({}),
                         summary_by=self.text(summary, ("summary", "by")),
                         population=self.text(summary, ("summary", "population")),
                         source=self.source)

    def recommendations(self) -> Recommendations | None:
        indicator = self.text(self.data, ("indicator",))
        if indicator is None:
            return None
        values = {name: self.text(self.data["values"], ("values", name)) or "0"
                  for name in self.mapping("values")}
        # A rule's own id where it is usable, else a stand-in no spec can write («#2»):
        # two stand-ins are no repeated id.
        rules = tuple(RecommendationRule(
            id=self.text(raw, ("rules", index, "id")) or f"#{index + 1}",
            when=self.text(raw, ("rules", index, "when")) or "true",
            text=self.text(raw, ("rules", index, "text")) or "", audience=None, index=index)
            for index, raw in enumerate(self.items("rules") if self.usable("values") else []))
        return Recommendations(id=self.id(), title="", indicator=indicator,
                               level=self.text(self.data, ("level",)) or "total", audience="",
                               values=Frozen(values), rules=rules, source=self.source)

    def targets(self) -> Targets | None:
        """The entries the schema accepted whole: their indicators and planned values are
        still checked (a misspelt field elsewhere must not hide a misspelt indicator)."""
        kept = {}
        for name, raw in self.mapping("targets").items():
            if any(u[:2] == ("targets", name) for u in self.unusable):
                continue
            try:
                kept[name] = target_of(name, raw)
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # a shape the schema would have refused: nothing to check
        if not kept:
            return None
        return Targets(id=self.id(), title="", period=None, targets=Frozen(kept),
                       source=self.source)
