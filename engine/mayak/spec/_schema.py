"""JSON Schema validation of spec documents, with errors a methodologist can act on."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from mayak.messages._catalogue import Key
from mayak.messages._problems import Location, Problem
from mayak.messages._suggest import suggestion
from mayak.spec._schema_files import KINDS, schema
from mayak.spec._schema_quick import plainly_valid
from mayak.spec._yaml import Path, YamlDocument

if TYPE_CHECKING:
    import jsonschema

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
               float: "number", type(None): "null"}
_NOT_BLANK = r"\S"  # the pattern of a text that must not be empty or only spaces
_PATTERN_RULES = {"^[a-z][a-z0-9_-]*$": "rule.spec_id",
                  "^[A-Za-z](?!.*__)[A-Za-z0-9_]*$": "rule.identifier"}


@cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    """The validator of one spec kind, built once per process."""
    validator: jsonschema.protocols.Validator = _strict()(_inlined(schema(kind)))
    return validator


@cache
def _strict() -> type[jsonschema.protocols.Validator]:
    """Draft 2020-12 with two corrections: JSON Schema calls 0.0 an integer; here a whole
    number is written without a point, so that `rounding: 0.0` is refused where it is read,
    not taken for 0 and then mishandled. And a pattern's ``$`` is the end of the text, as in
    JSON Schema's regular expressions (ECMA-262), not also the place before a final line
    break, as in Python's: ``id: "rma\\n"`` is refused."""
    import jsonschema  # noqa: PLC0415  (only for a document the quick check does not pass)

    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))
    strict: type[jsonschema.protocols.Validator] = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, validators={"pattern": _pattern},
        type_checker=checker)
    return strict


def _pattern(validator: jsonschema.protocols.Validator, pattern: str, instance: Any,
             _schema: Any) -> Iterator[jsonschema.ValidationError]:
    """The ``pattern`` keyword, its final ``$`` read as the end of the text (``\\Z``)."""
    import jsonschema  # noqa: PLC0415  (imported already: this validator is jsonschema's)

    if validator.is_type(instance, "string") and re.search(_ending(pattern), instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _ending(pattern: str) -> str:
    """``pattern`` for Python's ``re`` with a final ``$`` as ``\\Z`` (the schemas' patterns
    end with that anchor or with none)."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") \
        else pattern


_LOCAL = "#/$defs/"


def _inlined(root: Mapping[str, Any]) -> dict[str, Any]:
    """``root`` with every ``{"$ref": "#/$defs/x"}`` replaced by the definition itself: the
    same errors, in the same order, without resolving a reference each time one is met
    (most of the validation's cost). A definition that refers to itself stays a reference."""
    definitions: Mapping[str, Any] = root.get("$defs", {})

    def inline(node: Any, open_refs: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [inline(item, open_refs) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if (len(node) == 1 and isinstance(ref, str) and ref.startswith(_LOCAL)
                and ref.removeprefix(_LOCAL) in definitions and ref not in open_refs):
            return inline(definitions[ref.removeprefix(_LOCAL)], open_refs | {ref})
        return {key: inline(value, open_refs) for key, value in node.items()}

    inlined: dict[str, Any] = inline(root, frozenset())
    return inlined




def _number_in(instance: object, expected: object) -> str | None:
    """A number written so that YAML reads it as text (a decimal comma «180,5», an exponent
    without its sign «2.88e1»), as it should be written; None for anything else."""
    wanted = expected if isinstance(expected, list) else [expected]
    if not isinstance(instance, str) or not {"number", "integer"} & set(wanted):
        return None
    try:
        number = float(instance.strip().replace(",", ".", 1).replace(" ", ""))
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    written = repr(number)
    return written.removesuffix(".0")


def _type_names(expected: Any) -> Key:
    names = expected if isinstance(expected, list) else [expected]
    return Key(*(f"type.{n}" for n in names))  # translated when the message is shown


def validate_document(doc: YamlDocument) -> list[Problem]:
    """Every schema problem of one document; empty when it is valid."""
    return check_document(doc)[0]


def check_document(doc: YamlDocument) -> tuple[list[Problem], set[Path]]:
    """Every schema problem of one document, and the paths the problems make unusable
    (``()`` when nothing of the document can be used)."""
    data = doc.data
    if not isinstance(data, dict):
        return [Problem("schema.type", {"expected": _type_names("object"),
                                        "got": _type_names(_JSON_TYPES.get(type(data), "?"))},
                        doc.location(()))], {()}
    kind = data.get("kind")
    if kind is None:
        return [Problem("schema.required", {"field": "kind"}, doc.location(()))], {()}
    if not isinstance(kind, str):
        return [Problem("schema.type", {"expected": _type_names("string"),
                                        "got": _type_names(_JSON_TYPES.get(type(kind), "?"))},
                        doc.location(("kind",)))], {()}
    if kind not in KINDS:
        return [Problem("schema.unknown_kind", {"value": kind, "hint": suggestion(kind, KINDS),
                                                "allowed": ", ".join(KINDS)},
                        doc.location(("kind",)))], {()}
    if plainly_valid(kind, data):
        return [], set()
    errors = sorted(_validator(kind).iter_errors(data), key=lambda e: list(map(str, e.path)))
    # One error per missing field lists every missing one: each is said once.
    said = {(p.code, p.location, repr(sorted(p.params.items()))): p
            for error in errors for p in _explain(error, doc)}
    return list(said.values()), {path for error in errors for path in _unusable(error, doc)}


def _unusable(error: jsonschema.ValidationError, doc: YamlDocument) -> Iterator[Path]:
    """The paths an error makes unusable: the unknown or missing fields themselves, not the
    mapping holding them."""
    path = tuple(error.absolute_path)
    instance: Any = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        yield from ((*path, key) for key in instance if key not in allowed)
    elif error.validator == "required" and isinstance(error.validator_value, list):
        # Only the fields missing: the error lists every required one, present or not.
        yield from ((*path, field) for field in error.validator_value
                    if not (isinstance(instance, dict) and field in instance))
    elif error.validator == "pattern" and isinstance(instance, str) and (
            *path, instance) in doc.key_positions:
        yield (*path, instance)  # a bad key (propertyNames)
    else:
        yield path


def _explain(error: jsonschema.ValidationError, doc: YamlDocument) -> Iterator[Problem]:
    """What a schema error means, in the methodologist's words, at the right place."""
    path = tuple(error.absolute_path)
    where = doc.location(path)
    instance: Any = error.instance
    value: Any = error.validator_value
    rules: Any = error.schema
    match error.validator:
        case "required":
            for field in value:
                if isinstance(instance, dict) and field not in instance:
                    yield Problem("schema.required", {"field": field}, where)
        case "additionalProperties":
            allowed = sorted(rules.get("properties", {}))
            for key in instance:
                if key not in allowed:
                    yield Problem("schema.unknown_key",
                                  {"field": key, "hint": suggestion(key, allowed),
                                   "allowed": ", ".join(allowed)},
                                  doc.location((*path, key), key=True))
        case "type" if (number := _number_in(instance, value)) is not None:
            yield Problem("schema.number_as_text", {"value": instance, "number": number}, where)
        case "type":
            yield Problem("schema.type", {"expected": _type_names(value),
                                          "got": _type_names(_JSON_TYPES.get(type(instance), "?"))},
                          where)
        case "enum" | "const":
            options = [str(v) for v in (value if error.validator == "enum" else [value])]
            yield Problem("schema.enum", {"value": instance, "hint": suggestion(instance, options),
                                          "allowed": ", ".join(options)}, where)
        case "pattern" if value == _NOT_BLANK:  # only spaces: as good as empty
            yield Problem("schema.empty_text", {}, where)
        case "pattern":
            rule = Key(_PATTERN_RULES[value]) if value in _PATTERN_RULES else value
            # propertyNames errors point at the mapping; the instance is the bad key itself
            at = doc.location((*path, instance), key=True) if isinstance(instance, str) and (
                *path, instance) in doc.key_positions else where
            yield Problem("schema.pattern", {"value": instance, "rule": rule}, at)
        case _:
            yield _explain_limit(error, where)


def _explain_limit(error: jsonschema.ValidationError, where: Location) -> Problem:
    """A value out of its bounds, an empty list, mapping or text, a repeat, a choice."""
    instance: Any = error.instance
    value: Any = error.validator_value
    match error.validator:
        case "minimum" | "maximum":
            return Problem(f"schema.{error.validator}", {"value": instance, "limit": value},
                           where)
        case "minItems":
            return Problem("schema.min_items", {}, where)
        case "minProperties":
            return Problem("schema.empty_mapping", {}, where)
        case "minLength":
            return Problem("schema.empty_text", {}, where)
        case "uniqueItems":
            items = [str(item) for item in instance]
            repeated = next((item for n, item in enumerate(items) if item in items[:n]), "?")
            return Problem("schema.unique", {"value": repeated}, where)
        case "oneOf":
            options = [next(iter(o.get("required", ["?"]))) for o in value]
            return Problem("schema.one_of", {"options": ", ".join(options)}, where)
    return Problem("schema.other", {"detail": error.message}, where)


def editor_schemas() -> dict[str, str]:
    """The schema files to give an editor: one per kind, plus ``mayak.schema.json`` that picks
    the right one by ``kind`` (point the YAML language server at it)."""
    files = {f"{kind}.schema.json": json.dumps(schema(kind), ensure_ascii=False, indent=2)
             for kind in KINDS}
    combined = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "mayak.schema.json",
        "title": "Mayak spec",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(KINDS)}},
        "allOf": [{"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                   "then": {"$ref": f"{kind}.schema.json"}} for kind in KINDS],
    }
    files["mayak.schema.json"] = json.dumps(combined, ensure_ascii=False, indent=2)
    return {name: body + "\n" for name, body in files.items()}
