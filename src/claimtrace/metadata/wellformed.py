"""Descriptors and Table Schemas are well formed before any data is checked against them.

A malformed schema must never switch a check off in silence (a primary key naming no field, a
pattern that does not compile, a constraint of the wrong JSON type) nor surface later as a
crash. Each defect raises a ``SchemaDefect`` naming the field (or property) at fault; the
package reader reports it as ``structure.descriptor`` with the file, so validation stops (exit 2)
before it reads a table.
"""

from __future__ import annotations

import re
from typing import Any

from claimtrace.metadata.schema import SUPPORTED_TYPES

RESOURCE_STRINGS = ("name", "path", "type", "format")
"""Resource properties that must be present as non-empty strings."""
NUMERIC = ("integer", "number")
BOOLEAN_CONSTRAINTS = ("required", "unique")
LENGTH_CONSTRAINTS = ("minLength", "maxLength")
BOUND_CONSTRAINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
KNOWN_CONSTRAINTS = (
    *BOOLEAN_CONSTRAINTS,
    *LENGTH_CONSTRAINTS,
    *BOUND_CONSTRAINTS,
    "enum",
    "pattern",
)


class SchemaDefect(ValueError):
    """A descriptor or schema property that is malformed; ``field`` names the field, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _names(value: Any, what: str) -> list[str]:
    """A field list given as one name or a list of names."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise SchemaDefect(f"{what} must be a field name or a non-empty list of field names")
    return names


def check_pattern(pattern: Any, field: str) -> None:
    """A pattern is a string both Python's ``re`` and the vectorised engine (polars) compile."""
    if not isinstance(pattern, str):
        raise SchemaDefect(f"field {field!r}: constraint pattern must be a string", field)
    try:
        re.compile(pattern)
    except re.error as exc:
        message = f"field {field!r}: pattern {pattern!r} does not compile: {exc}"
        raise SchemaDefect(message, field) from None
    import polars as pl  # the checks run the pattern in polars (Rust regex syntax)

    try:
        pl.Series([""], dtype=pl.String).str.contains(f"^(?:{pattern})$")
    except pl.exceptions.PolarsError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SchemaDefect(
            f"field {field!r}: pattern {pattern!r} does not compile: {reason}", field
        ) from None


def _check_constraints(field: dict[str, Any], name: str) -> None:
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        raise SchemaDefect(f"field {name!r}: constraints must be an object", name)
    kind = field.get("type", "string")
    for key, value in constraints.items():
        where = f"field {name!r}: constraint {key}"
        if key not in KNOWN_CONSTRAINTS:
            raise SchemaDefect(f"{where} is not a Table Schema constraint", name)
        if key in BOOLEAN_CONSTRAINTS and not isinstance(value, bool):
            raise SchemaDefect(f"{where} must be true or false, got {value!r}", name)
        if key in LENGTH_CONSTRAINTS and not (
            isinstance(value, int) and not isinstance(value, bool) and value >= 0
        ):
            raise SchemaDefect(f"{where} must be a whole number >= 0, got {value!r}", name)
        if key in BOUND_CONSTRAINTS:
            ok = _is_number(value) if kind in NUMERIC else isinstance(value, (str, int, float))
            if not ok or isinstance(value, bool):
                raise SchemaDefect(f"{where} must be a number for a {kind} field", name)
        if key == "enum" and (not isinstance(value, list) or not value):
            raise SchemaDefect(f"{where} must be a non-empty list", name)
        if key == "enum" and not all(isinstance(v, (str, int, float)) for v in value):
            raise SchemaDefect(f"{where} must list strings or numbers", name)
        if key == "pattern":
            check_pattern(value, name)


def _check_field(field: Any, position: int, seen: set[str]) -> None:
    if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
        raise SchemaDefect(f"field {position} must be an object with a name (a string)")
    name = field["name"]
    if name in seen:
        raise SchemaDefect(f"field {name!r} is declared twice; field names must be unique", name)
    seen.add(name)
    kind = field.get("type", "string")
    if kind not in SUPPORTED_TYPES:
        raise SchemaDefect(f"field {name!r} has unknown type {kind!r}", name)
    for key in ("title", "description", "format", "delimiter", "itemType"):
        if key in field and not isinstance(field[key], str):
            raise SchemaDefect(f"field {name!r}: {key} must be a string", name)
    if field.get("itemType", "string") not in SUPPORTED_TYPES - {"list"}:
        raise SchemaDefect(f"field {name!r} has unknown itemType {field['itemType']!r}", name)
    if "delimiter" in field and len(field["delimiter"]) != 1:
        raise SchemaDefect(f"field {name!r}: delimiter must be one character", name)
    _check_constraints(field, name)


def check_schema(schema: Any) -> None:
    """Raise SchemaDefect unless ``schema`` is a well-formed Table Schema of supported parts."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise SchemaDefect("a Table Schema must be an object with a list of fields")
    if not schema["fields"]:
        raise SchemaDefect("a Table Schema must declare at least one field")
    seen: set[str] = set()
    for i, field in enumerate(schema["fields"], 1):
        _check_field(field, i, seen)
    if "primaryKey" in schema:
        for name in _names(schema["primaryKey"], "primaryKey"):
            if name not in seen:
                raise SchemaDefect(
                    f"primaryKey names {name!r}, which is not a declared field", name
                )
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        raise SchemaDefect("missingValues must be a list of strings")
    foreign = schema.get("foreignKeys", [])
    if not isinstance(foreign, list):
        raise SchemaDefect("foreignKeys must be a list")
    for fk in foreign:
        _check_foreign_key(fk, seen)


def _check_foreign_key(fk: Any, declared: set[str]) -> None:
    if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
        raise SchemaDefect("a foreign key must be an object with fields and a reference")
    own = _names(fk.get("fields"), "a foreign key's fields")
    for name in own:
        if name not in declared:
            raise SchemaDefect(f"a foreign key names {name!r}, which is not a declared field", name)
    ref = fk["reference"]
    if "resource" in ref and not isinstance(ref["resource"], str):
        raise SchemaDefect("a foreign key's reference resource must be a string", own[0])
    refs = _names(ref.get("fields"), "a foreign key's reference fields")
    if len(refs) != len(own):
        raise SchemaDefect(
            f"a foreign key on {own} references {len(refs)} field(s); the counts must agree", own[0]
        )


def check_references(schemas: dict[str, dict[str, Any]]) -> tuple[str, SchemaDefect] | None:
    """The first foreign key naming a field its referenced table does not declare, if any.

    ``schemas`` maps each table to its (well-formed) Table Schema; a reference to a table the
    package does not declare is left to the validator (``structure.foreign_key_resource``).
    """
    declared = {t: {f["name"] for f in s["fields"]} for t, s in schemas.items()}
    for table, schema in schemas.items():
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"].get("resource") or table
            if target not in declared:
                continue
            for name in _names(fk["reference"]["fields"], "reference fields"):
                if name not in declared[target]:
                    own = _names(fk["fields"], "fields")[0]
                    return table, SchemaDefect(
                        f"a foreign key references {target}.{name}, which {target} does not "
                        "declare",
                        own,
                    )
    return None


def _is_multipart(res: dict[str, Any]) -> bool:
    """Whether a resource's path is a list of parts (a non-CSV resource, e.g. the texts table).

    The list must then be non-empty and hold non-empty strings.
    """
    path = res.get("path")
    if not isinstance(path, list) or res.get("format") == "csv":
        return False
    if not path or not all(isinstance(p, str) and p for p in path):
        raise SchemaDefect(
            f"resource {res.get('name')!r}: a multipart path must be a non-empty list of "
            "non-empty strings",
            "path",
        )
    return True


def check_resources(resources: Any) -> None:
    """Raise SchemaDefect unless ``resources`` is a non-empty list of distinct, named resources."""
    if not isinstance(resources, list) or not resources:
        raise SchemaDefect("a Data Package must have a non-empty list of resources")
    names: set[str] = set()
    paths: set[str] = set()
    for i, res in enumerate(resources, 1):
        if not isinstance(res, dict):
            raise SchemaDefect(f"resource {i} must be an object")
        label = res.get("name") if isinstance(res.get("name"), str) else i
        multipart = _is_multipart(res)
        for key in RESOURCE_STRINGS:
            if key == "path" and multipart:
                continue
            if not isinstance(res.get(key), str) or not res[key]:
                raise SchemaDefect(
                    f"resource {label!r} must have a {key} (a non-empty string), "
                    f"got {res.get(key)!r}",
                    key,
                )
        if res["name"] in names:
            raise SchemaDefect(f"resource name {res['name']!r} is used twice", "name")
        for path in res["path"] if multipart else [res["path"]]:
            if path in paths:
                raise SchemaDefect(f"resource path {path!r} is named twice", "path")
            paths.add(path)
        names.add(res["name"])
        if res["format"] == "csv" and res["type"] != "table":
            raise SchemaDefect(f"resource {label!r}: a csv resource must be of type table", "type")
