"""Turn a schema-valid YAML document into its immutable spec object."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from mayak._frozen import Frozen
from mayak.spec._model import (
    AGGREGATIONS,
    DEFAULT_DATE_FORMATS,
    DEFAULT_FALSE,
    DEFAULT_TRUE,
    Admission,
    Audit,
    AuditColumn,
    Basis,
    Classification,
    ClassRule,
    Column,
    Criterion,
    Dataset,
    Dated,
    DatedMax,
    FormulaVersion,
    Indicator,
    Lookup,
    Manifest,
    RecommendationRule,
    Recommendations,
    Report,
    ReportSection,
    Rounding,
    Scoring,
    Section,
    Source,
    Target,
    Targets,
    Variable,
)
from mayak.spec._period import FIRST_YEAR, LAST_YEAR, Period, parse_period
from mayak.spec._planned import Planned, parse_planned
from mayak.spec._yaml import YamlDocument

# Stands in for a planned value that could not be read; _checks reports it.
UNREADABLE = Planned("==", float("nan"))


def _basis(data: dict[str, Any]) -> Basis | None:
    raw = data.get("basis")
    return Basis(**raw) if raw else None


def _markers(raw: dict[str, Any]) -> tuple[str, ...]:
    # YAML reads -999 as a number: a marker is the text of a cell, so it is kept as text.
    return tuple(str(marker).strip() for marker in raw.get("missing", ()))


def _column(name: str, raw: dict[str, Any], missing: tuple[str, ...] = ()) -> Column:
    def lowered(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.strip().lower() for v in raw[key]) if key in raw else default

    return Column(
        name=name, type=raw["type"], title=raw.get("title"),
        aliases=tuple(raw.get("aliases", ())), required=raw.get("required", False),
        values=tuple(raw.get("values", ())), ordered=raw.get("ordered", False),
        synonyms=Frozen(raw.get("synonyms", {})), min=raw.get("min"), max=raw.get("max"),
        true_values=lowered("true_values", DEFAULT_TRUE),
        false_values=lowered("false_values", DEFAULT_FALSE),
        formats=tuple(raw.get("formats", DEFAULT_DATE_FORMATS)),
        not_after=raw.get("not_after"),
        missing=tuple(dict.fromkeys((*missing, *_markers(raw)))),
    )


def _dataset(data: dict[str, Any], source: Source) -> Dataset:
    missing = _markers(data)
    columns = {name: _column(name, raw, missing) for name, raw in data["columns"].items()}
    year = columns.get(data.get("period", ""))
    if year is not None and year.type == "integer":
        # A year no period can name (25 for 2025) is a slip: read as unknown, so that its
        # row is reported as naming no period rather than left out of every report unsaid.
        columns[year.name] = replace(year, min=FIRST_YEAR if year.min is None else year.min,
                                     max=LAST_YEAR if year.max is None else year.max)
    return Dataset(id=data["id"], title=data["title"], columns=Frozen(columns),
                   file=data.get("file", data["id"]), key=data.get("key"), source=source,
                   description=data.get("description"), basis=_basis(data),
                   sheet=data.get("sheet"), missing=missing, period=data.get("period"),
                   lookups=tuple(_lookup(raw, index)
                                 for index, raw in enumerate(data.get("lookup", ()))),
                   derive=Frozen(data.get("derive", {})))


def _lookup(raw: dict[str, Any], index: int) -> Lookup:
    return Lookup(dataset=raw["dataset"], on=raw.get("on"), take=tuple(raw["take"]),
                  synonyms=Frozen(raw.get("synonyms", {})), index=index)


def _variable(name: str, raw: dict[str, Any]) -> Variable:
    aggregation = next(a for a in AGGREGATIONS if a in raw)
    return Variable(name=name, aggregation=aggregation, dataset=raw[aggregation],
                    of=raw.get("of"), where=raw.get("where"), title=raw.get("title"),
                    path=("variables", name), skip_unknown=raw.get("unknown") == "skip",
                    previous=raw.get("period") == "previous")


def _rounding(raw: int | dict[str, Any] | None) -> Rounding:
    if raw is None:
        return Rounding()
    if isinstance(raw, int):
        return Rounding(digits=raw)
    return Rounding(digits=raw.get("digits"), mode=raw.get("mode", "half_up"))


def _indicator(data: dict[str, Any], source: Source) -> Indicator:
    variables = {name: _variable(name, raw) for name, raw in data["variables"].items()}
    written = data["formula"]
    versions = tuple(FormulaVersion(formula=item["formula"], start=_period(item.get("from")),
                                    end=_period(item.get("to")), index=index)
                     for index, item in enumerate(written)) if isinstance(written, list) else ()
    return Indicator(id=data["id"], title=data["title"], unit=data["unit"],
                     variables=Frozen(variables),
                     formula=versions[0].formula if versions else written,
                     versions=versions,
                     rounding=_rounding(data.get("rounding")), source=source,
                     data_source=data.get("source"), description=data.get("description"),
                     basis=_basis(data))


def _period(raw: object) -> Period | None:
    """A period label as written (None when absent; an unreadable one is reported by the
    checks, which read the label again)."""
    return None if raw is None else parse_period(raw)


def _published(entry: dict[str, Any]) -> float | None:
    return None if entry.get("published") is None else float(entry["published"])


def _target(indicator: str, raw: str | dict[str, Any] | list[dict[str, Any]]) -> Target:
    if isinstance(raw, list):  # several norms: the first, with the others as ``also``
        norms = [replace(_target(indicator, item), index=index)
                 for index, item in enumerate(raw)]
        return replace(norms[0], also=tuple(norms[1:]))
    entry = {"planned": raw} if isinstance(raw, str) else raw
    levels = entry.get("levels")
    dated = tuple(Dated(planned=parse_planned(item["planned"]) or UNREADABLE,
                        start=_period(item.get("from")), end=_period(item.get("to")),
                        published=_published(item), note=item.get("note"), index=index)
                  for index, item in enumerate(entry.get("periods", ())))
    planned = dated[0].planned if dated else parse_planned(entry["planned"]) or UNREADABLE
    return Target(indicator=indicator, planned=planned,
                  levels=tuple(levels) if levels else None,
                  published=_published(entry), note=entry.get("note"), dated=dated,
                  norm=entry.get("norm"))


def target_of(indicator: str, raw: Any) -> Target:
    """The target of ``indicator`` as one entry of a targets file writes it."""
    return _target(indicator, raw)


def _targets(data: dict[str, Any], source: Source) -> Targets:
    targets = {name: _target(name, raw) for name, raw in data["targets"].items()}
    return Targets(id=data["id"], title=data["title"], period=_period(data.get("period")),
                   targets=Frozen(targets), source=source, description=data.get("description"),
                   basis=_basis(data))


def _manifest(data: dict[str, Any], source: Source) -> Manifest:
    chosen = data.get("indicators")
    return Manifest(id=data["id"], title=data["title"], include=tuple(data.get("include", ())),
                    source=source, extends=data.get("extends"),
                    indicators=None if chosen is None else tuple(chosen),
                    period=_period(data.get("period")), compare=_compare(data.get("compare")))


def _compare(raw: object) -> Period | bool:
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    return parse_period(raw) or False


def _admission(data: dict[str, Any], source: Source) -> Admission:
    criteria = tuple(Criterion(id=raw["id"], title=raw["title"], rule=raw["rule"],
                               explain=raw.get("explain"), basis=_basis(raw), index=index)
                     for index, raw in enumerate(data["criteria"]))
    decision = data["decision"]
    summary = data.get("summary", {})
    return Admission(id=data["id"], title=data["title"], dataset=data["dataset"],
                     derive=Frozen(data.get("derive", {})), criteria=criteria,
                     decision=decision["at_least"] if isinstance(decision, dict) else decision,
                     outcomes=Frozen(data.get("outcomes", {})), summary_by=summary.get("by"),
                     population=summary.get("population"), source=source,
                     description=data.get("description"), basis=_basis(data))


def _recommendations(data: dict[str, Any], source: Source) -> Recommendations:
    rules = tuple(RecommendationRule(id=raw["id"], when=raw["when"], text=raw["text"],
                                     audience=raw.get("audience"), index=index)
                  for index, raw in enumerate(data["rules"]))
    return Recommendations(id=data["id"], title=data["title"], indicator=data.get("indicator"),
                           level=data["level"], audience=data["audience"],
                           values=Frozen(data.get("values", {})), rules=rules, source=source,
                           scoring=data.get("scoring"), by=data.get("by"),
                           classification=data.get("classification"))


def _class(raw: dict[str, Any], index: int) -> ClassRule:
    low = raw.get("from", raw.get("above"))
    high = raw.get("to", raw.get("below"))
    return ClassRule(id=str(raw["id"]), title=raw.get("title"),
                     values=tuple(_as_text(v) for v in raw.get("values", ())),
                     low=None if low is None else float(low), low_inclusive="above" not in raw,
                     high=None if high is None else float(high),
                     high_inclusive="below" not in raw, index=index)


def _as_text(value: object) -> str:
    """A listed attribute value as the text a cell would hold (YAML reads 1 as a number)."""
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value).strip()


def _classification(data: dict[str, Any], source: Source) -> Classification:
    return Classification(id=data["id"], title=data["title"], dataset=data["dataset"],
                          unit=data.get("unit"), attribute=data.get("attribute"),
                          value=data.get("value"), rounding=data.get("round", "none"),
                          classes=tuple(_class(raw, n) for n, raw in enumerate(data["classes"])),
                          source=source, description=data.get("description"),
                          basis=_basis(data))


def _section(raw: dict[str, Any], index: int) -> Section:
    written = raw["max"]
    dated = tuple(DatedMax(max=float(item["max"]), start=_period(item.get("from")),
                           end=_period(item.get("to")), index=n)
                  for n, item in enumerate(written)) if isinstance(written, list) else ()
    return Section(id=raw["id"], title=raw["title"], column=raw.get("column", raw["id"]),
                   name=str(raw.get("name", raw["id"])),
                   max=None if dated else float(written), dated=dated, index=index)


def _scoring(data: dict[str, Any], source: Source) -> Scoring:
    return Scoring(id=data["id"], title=data["title"], dataset=data["dataset"],
                   unit=data.get("unit"), units=data.get("units"),
                   classes=tuple(data.get("classes", ())), missing=data.get("missing", "exclude"),
                   section_column=data.get("section"), score_column=data.get("score"),
                   sections=tuple(_section(raw, n) for n, raw in enumerate(data["sections"])),
                   source=source, description=data.get("description"), basis=_basis(data))


def _audit(data: dict[str, Any], source: Source) -> Audit:
    digits = data.get("digits", 1)
    columns = tuple(AuditColumn(column=name, show=raw if isinstance(raw, str) else raw["show"],
                                digits=digits if isinstance(raw, str) else raw.get("digits",
                                                                                    digits))
                    for name, raw in data["columns"].items())
    averages = {str(label): None if not isinstance(raw, dict) else
                next((str(k), str(v)) for k, v in raw.items())
                for label, raw in data.get("averages", {}).items()}
    return Audit(id=data["id"], title=data["title"], scoring=data.get("scoring"),
                 level=data.get("level"),
                 dataset=data["dataset"], unit=data.get("unit"),
                 period=_period(data.get("period")), columns=columns, averages=Frozen(averages),
                 source=source, description=data.get("description"), basis=_basis(data))


def _report(data: dict[str, Any], source: Source) -> Report:
    sections = tuple(
        ReportSection(type=raw["type"], index=n, title=raw.get("title"),
                      text=" ".join(raw["text"].split()) if "text" in raw else None,
                      level=raw.get("level"),
                      indicators=tuple(raw["indicators"]) if "indicators" in raw else None,
                      columns=tuple(raw.get("columns", ())), scoring=raw.get("scoring"),
                      classification=raw.get("classification"),
                      audience=tuple(raw["audience"]) if "audience" in raw else None,
                      top=raw.get("top"), chart=raw.get("chart", True))
        for n, raw in enumerate(data["sections"]))
    compare = data.get("compare")
    return Report(id=data["id"], title=data["title"], sections=sections, source=source,
                  region=data.get("region"), author=data.get("author"),
                  targets=data.get("targets"), period=_period(data.get("period")),
                  compare=None if compare is None else _compare(compare),
                  description=data.get("description"), basis=_basis(data))


_BUILDERS = {"dataset": _dataset, "indicator": _indicator, "targets": _targets,
             "ruleset": _manifest, "admission": _admission,
             "recommendations": _recommendations, "classification": _classification,
             "scoring": _scoring, "audit": _audit, "report": _report}


def build_spec(document: YamlDocument) -> Any:
    """The spec object of a document its JSON Schema accepted."""
    data = document.data
    return _BUILDERS[data["kind"]](data, Source(document))
