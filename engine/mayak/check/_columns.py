"""Checks of a dataset's columns: options that do not fit the type or contradict each other.

Headers and values are compared the way the reader compares them (``normalise_word``:
case, spacing, ё/е and Unicode form folded), so two spellings that the reader cannot tell
apart are refused here instead of being silently mixed up in the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mayak.io._coerce import normalise_word, normalise_words
from mayak.messages._catalogue import Number
from mayak.messages._problems import Problem
from mayak.messages._suggest import suggestion
from mayak.spec._model import TOTAL_LEVEL, Column, Dataset
from mayak.spec._yaml import Path, YamlDocument

_OPTIONS_BY_TYPE = {"values": ("category",), "ordered": ("category",),
                    "synonyms": ("category",), "min": ("integer", "number"),
                    "max": ("integer", "number"), "true_values": ("boolean",),
                    "false_values": ("boolean",), "formats": ("date",), "not_after": ("date",)}
# A date format must name the year, the month and the day (strftime directives).
_DATE_PARTS = (r"%[YyG]", r"%[mbBh]", r"%[de]")


def check_columns(dataset: Dataset) -> Iterator[Problem]:
    """Contradictions in a dataset's column specs (min above max, one header for two, …)."""
    document = dataset.source.document
    raw_columns: dict[str, Any] = document.data.get("columns", {})
    for name, raw in raw_columns.items():
        at: Path = ("columns", name)
        if name == TOTAL_LEVEL:
            yield Problem("ref.reserved_column", {"name": name}, document.location(at, key=True))
        for option, types in _OPTIONS_BY_TYPE.items():
            if option in raw and raw["type"] not in types:
                yield Problem("ref.column_option", {"option": option, "type": raw["type"]},
                              document.location((*at, option), key=True))
        column = dataset.columns[name]
        if column.type in ("integer", "number"):
            yield from _min_max(column, document, at)
        elif column.type == "category":
            yield from _categories(column, raw, document, at)
        elif column.type == "boolean":
            yield from _booleans(column, raw, document, at)
        elif column.type == "date":
            for index, fmt in enumerate(raw.get("formats", ())):
                if not all(re.search(part, fmt) for part in _DATE_PARTS):
                    yield Problem("ref.date_format", {"value": fmt},
                                  document.location((*at, "formats", index)))
            yield from _not_after(column, dataset, document, at)
        yield from _markers(raw.get("missing", ()), [column], document, (*at, "missing"))
    yield from _markers(document.data.get("missing", ()), list(dataset.columns.values()),
                        document, ("missing",))
    yield from _headers(raw_columns, document)


def _markers(markers: list[Any], columns: list[Column], document: YamlDocument,
             at: Path) -> Iterator[Problem]:
    """A ``missing`` list: no empty marker, no repeat, none that a column reads as a value
    (a yes/no word, a category value or synonym: the cell would mean two things)."""
    written = [str(marker).strip() for marker in markers]
    folded = normalise_words(tuple(written)) if written else ()
    values = [(column, field, word) for column in columns
              for field, words in _vocabulary(column)
              for word in normalise_words(words) if words]
    seen: set[str] = set()
    for index, (marker, word) in enumerate(zip(written, folded, strict=True)):
        where = document.location((*at, index))
        if not marker:
            yield Problem("ref.missing_empty", {}, where)
        elif marker.lower() in seen:
            yield Problem("ref.missing_repeats", {"value": marker}, where)
        else:
            clash = next(((c, f) for c, f, value in values if value == word), None)
            if clash is not None:
                yield Problem("ref.missing_clash", {"value": marker, "column": clash[0].name,
                                                    "field": clash[1]}, where)
        seen.add(marker.lower())


def _vocabulary(column: Column) -> list[tuple[str, tuple[str, ...]]]:
    """The words a column reads as values, by the field that gives them."""
    if column.type == "boolean":
        return [("true_values", column.true_values), ("false_values", column.false_values)]
    if column.type == "category":
        return [("values", column.values), ("synonyms", tuple(column.synonyms))]
    return []


def _not_after(column: Column, dataset: Dataset, document: YamlDocument,
               at: Path) -> Iterator[Problem]:
    other = column.not_after
    if other is None:
        return
    dates = [name for name, c in dataset.columns.items()
             if c.type == "date" and name != column.name]
    if other not in dates:
        yield Problem("ref.not_after", {"name": other, "hint": suggestion(other, dates),
                                        "dates": ", ".join(dates) or "—"},
                      document.location((*at, "not_after")))


def _min_max(column: Column, document: YamlDocument, at: Path) -> Iterator[Problem]:
    if column.min is not None and column.max is not None and column.min > column.max:
        yield Problem("ref.min_above_max", {"min": Number(column.min), "max": Number(column.max)},
                      document.location((*at, "max")))


def _categories(column: Column, raw: dict[str, Any], document: YamlDocument,
                at: Path) -> Iterator[Problem]:
    meaning: dict[str, str] = {}  # normalised spelling -> the value it is read as
    words = normalise_words(tuple(column.values))
    for index, (value, word) in enumerate(zip(column.values, words, strict=True)):
        if word in meaning:
            yield Problem("ref.values_alike", {"value": value, "other": meaning[word]},
                          document.location((*at, "values", index)))
        meaning.setdefault(word, value)
    values = [str(v) for v in column.values]
    for word, meant in (raw.get("synonyms") or {}).items():
        where = document.location((*at, "synonyms", word), key=True)
        if values and str(meant) not in values:
            yield Problem("ref.synonym_target",
                          {"word": word, "value": meant, "hint": suggestion(str(meant), values),
                           "values": ", ".join(values)},
                          document.location((*at, "synonyms", word)))
            continue
        read_as = meaning.setdefault(normalise_word(str(word)), str(meant))
        if read_as != meant:
            yield Problem("ref.synonym_clash", {"word": word, "value": meant, "other": read_as},
                          where)


def _booleans(column: Column, raw: dict[str, Any], document: YamlDocument,
              at: Path) -> Iterator[Problem]:
    no = set(normalise_words(tuple(column.false_values)))
    field = "true_values" if "true_values" in raw else "false_values"
    for value, word in zip(column.true_values, normalise_words(tuple(column.true_values)),
                           strict=True):
        if word in no:
            yield Problem("ref.true_and_false", {"value": value}, document.location((*at, field)))


def _headers(raw_columns: dict[str, Any], document: YamlDocument) -> Iterator[Problem]:
    """A header (name, title or alias) that two columns share: a file's column could be
    either."""
    spellings: list[tuple[str, str, Path, bool]] = []  # column, header, where, is a key
    for name, raw in raw_columns.items():
        spellings.append((name, name, ("columns", name), True))
        if isinstance(raw.get("title"), str):
            spellings.append((name, raw["title"], ("columns", name, "title"), False))
        spellings += [(name, str(alias), ("columns", name, "aliases", index), False)
                      for index, alias in enumerate(raw.get("aliases", ()))]
    owner: dict[str, str] = {}
    words = normalise_words(tuple(header for _, header, _, _ in spellings))
    for (name, header, path, is_key), word in zip(spellings, words, strict=True):
        other = owner.get(word)
        if other is not None and other != name:
            yield Problem("ref.header_clash", {"header": header, "other": other},
                          document.location(path, key=is_key))
        owner.setdefault(word, name)
