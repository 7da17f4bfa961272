"""Croissant 1.0 metadata (``croissant.json``): the package's CSV tables as record sets.

One FileObject per CSV table (package-relative ``contentUrl`` with its SHA-256), one RecordSet per
table with one Field per Table Schema field, its primary key as ``key`` and its foreign keys as
``references``; the archived texts are a FileSet. mlcroissant (1.1) resolves a reference by
joining the referenced record set, and only when that one has no references of its own (and never
along a cycle such as claims -> propositions -> claims), so ``references`` are declared only
towards tables without foreign keys; every other foreign key is named in its field's
description. ``croissant.json`` belongs at the package root,
as in a release, where its relative paths resolve. The JSON-LD context is Croissant 1.0's, kept in
``croissant_context.json``.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from claimtrace.metadata import TableSchema
from claimtrace.release.checksums import sha256_file
from claimtrace.valid import ValidPackage

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "datetime": "sc:DateTime",
    "year": "sc:Integer",
    "list": "sc:Text",
}
"""Croissant data type of each Table Schema type (a list cell is its delimited text)."""
TEXTS_GLOB = "data/texts/*.txt"


def _context() -> dict[str, Any]:
    text = (files("claimtrace.exports") / "croissant_context.json").read_text(encoding="utf-8")
    return json.loads(text)


def _field_id(table: str, field: str) -> str:
    return f"{table}/{field}"


def _loadable(declared: dict[str, dict[str, tuple[str, str]]]) -> dict[str, dict[str, tuple]]:
    """The foreign keys whose target table has none of its own (see module docstring)."""
    return {
        table: {f: (t, c) for f, (t, c) in keys.items() if t != table and not declared.get(t)}
        for table, keys in declared.items()
    }


def _fields(
    name: str,
    schema: TableSchema,
    foreign: dict[str, tuple[str, str]],
    declared: dict[str, tuple[str, str]],
) -> list[dict]:
    out = []
    for f in schema.fields:
        text = f.description or f.title or f.name
        if f.name in declared and f.name not in foreign:
            text += f" (foreign key to {declared[f.name][0]}.{declared[f.name][1]})"
        node: dict[str, Any] = {
            "@type": "cr:Field",
            "@id": _field_id(name, f.name),
            "name": f.name,
            "description": text,
            "dataType": DATA_TYPES.get(f.type, "sc:Text"),
            "source": {"fileObject": {"@id": f"{name}.csv"}, "extract": {"column": f.name}},
        }
        if f.name in foreign:
            node["references"] = {"field": {"@id": _field_id(*foreign[f.name])}}
        out.append(node)
    return out


def _foreign(name: str, descriptor: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Field -> (table, field) for every single-column foreign key of the table."""
    out = {}
    for fk in descriptor.get("foreignKeys", []):
        fields, ref = fk.get("fields"), fk.get("reference", {})
        fields = [fields] if isinstance(fields, str) else fields
        targets = ref.get("fields")
        targets = [targets] if isinstance(targets, str) else targets
        if fields and targets and len(fields) == len(targets) == 1:
            out[fields[0]] = (ref.get("resource") or name, targets[0])
    return out


def croissant_metadata(package: ValidPackage) -> dict[str, Any]:
    """The Croissant JSON-LD of the package (see module docstring)."""
    desc = package.descriptor
    resources = {
        r["name"]: r
        for r in desc.get("resources", [])
        if isinstance(r, dict) and r.get("name") in package.schemas
    }
    schemas = {}
    for name in package.schemas:
        schema_descriptor = resources[name].get("schema")
        if not isinstance(schema_descriptor, dict):
            schema_descriptor = json.loads((package.root / schema_descriptor).read_text("utf-8"))
        schemas[name] = schema_descriptor
    declared = {name: _foreign(name, d) for name, d in schemas.items()}
    kept = _loadable(declared)
    distribution: list[dict[str, Any]] = []
    record_sets = []
    for name, schema in package.schemas.items():
        resource, schema_descriptor = resources[name], schemas[name]
        distribution.append(
            {
                "@type": "cr:FileObject",
                "@id": f"{name}.csv",
                "name": f"{name}.csv",
                "contentUrl": resource["path"],
                "encodingFormat": "text/csv",
                "sha256": sha256_file(package.root / resource["path"]),
            }
        )
        record = {
            "@type": "cr:RecordSet",
            "@id": name,
            "name": name,
            "description": schema_descriptor.get("description")
            or schema_descriptor.get("title")
            or name,
            "field": _fields(name, schema, kept[name], declared[name]),
        }
        if schema.primary_key:
            keys = [{"@id": _field_id(name, k)} for k in schema.primary_key]
            record["key"] = keys[0] if len(keys) == 1 else keys
        record_sets.append(record)
    distribution.append(
        {
            "@type": "cr:FileSet",
            "@id": "texts",
            "name": "texts",
            "description": "The archived text of each source (UTF-8, NFC, LF); offsets count its "
            "code points.",
            "encodingFormat": "text/plain",
            "includes": TEXTS_GLOB,
        }
    )
    authors = " and ".join(c["title"] for c in desc.get("contributors", []) if c.get("title"))
    cite = (
        f"@misc{{{desc.get('name')}_{str(desc.get('version')).replace('.', '_')},\n"
        f"  title = {{{desc.get('title') or desc.get('name')}}},\n"
        f"  author = {{{authors or desc.get('name')}}},\n"
        f"  version = {{{desc.get('version')}}},\n"
        + (f"  year = {{{str(desc['created'])[:4]}}},\n" if desc.get("created") else "")
        + "}"
    )
    licences = [lic.get("path") or lic.get("name") for lic in desc.get("licenses", [])]
    metadata = {
        "@context": _context(),
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": desc.get("name"),
        "description": desc.get("description") or desc.get("title"),
        "version": desc.get("version"),
        "citeAs": cite,
        "license": [x for x in licences if x],
        "keywords": desc.get("keywords", []),
        "datePublished": desc.get("created"),
        "creator": [
            {"@type": "Organization", "name": c.get("title")}
            for c in desc.get("contributors", [])
            if c.get("title")
        ],
        "distribution": distribution,
        "recordSet": record_sets,
    }
    return {k: v for k, v in metadata.items() if v not in (None, [])}
