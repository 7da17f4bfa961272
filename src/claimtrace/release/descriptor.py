"""The release's datapackage.json: every file described with size and hash, schemas inlined.

Each table appears twice: ``<table>`` (CSV, its Table Schema as in ``schemas/``) and
``<table>_parquet`` (Parquet). frictionless 5.21 reads Parquet through pandas, which hands list
columns over as arrays that its ``list`` type rejects, so in the Parquet resources list fields are
declared ``any`` (the Parquet column itself is ``list<string>``); foreign keys there point at the
Parquet resources. frictionless also never reads a Parquet file's bytes (it opens it through
pyarrow), so it would report standard ``bytes``/``hash`` on a Parquet resource as mismatched: there
they sit under ``integrity`` (same form), checked by ``claimtrace.load`` and covered by SHA256SUMS.
The Parquet resources also declare the computed date columns (``claimtrace.dates.columns``).
Archived texts are non-tabular ``text`` resources.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from claimtrace.dates.columns import computed_fields
from claimtrace.release.checksums import sha256_file
from claimtrace.release.corpus import CsvTable

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PARQUET_SUFFIX = "_parquet"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
LIST_NOTE = (
    "Stored as Parquet list<string>; declared 'any' here because frictionless 5.21 cannot "
    "type-check Parquet lists."
)


def file_facts(root: Path, rel: str) -> dict[str, Any]:
    """``bytes`` and ``hash`` of the release file ``rel``."""
    path = root / rel
    return {"bytes": path.stat().st_size, "hash": f"sha256:{sha256_file(path)}"}


def parquet_schema(table: CsvTable) -> dict[str, Any]:
    """The Table Schema of a table's Parquet resource (see the module docstring)."""
    out = copy.deepcopy(table.schema_descriptor)
    out["fields"] += computed_fields(table.name, table.schema_descriptor)
    for field in out["fields"]:
        if field.get("type") == "list":
            for key in ("itemType", "delimiter"):
                field.pop(key, None)
            field["type"] = "any"
            field["description"] = f"{field.get('description', '')} ({LIST_NOTE})".lstrip()
    for fk in out.get("foreignKeys", []):
        ref = fk.get("reference", {})
        if ref.get("resource"):
            ref["resource"] += PARQUET_SUFFIX
    return out


def csv_resource(root: Path, table: CsvTable) -> dict[str, Any]:
    """The CSV resource of ``table``."""
    return {
        "name": table.name,
        "type": "table",
        "path": table.relpath,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **file_facts(root, table.relpath),
        "schema": table.schema_descriptor,
    }


def parquet_resource(root: Path, table: CsvTable, rel: str) -> dict[str, Any]:
    """The Parquet resource of ``table``, stored at ``rel``."""
    return {
        "name": table.name + PARQUET_SUFFIX,
        "type": "table",
        "path": rel,
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "integrity": file_facts(root, rel),
        "schema": parquet_schema(table),
    }


def text_resource(root: Path, rel: str) -> dict[str, Any]:
    """An archived text as a non-tabular resource."""
    return {
        "name": "text." + Path(rel).stem,
        "type": "text",
        "path": rel,
        "format": "txt",
        "mediatype": "text/plain",
        "encoding": "utf-8",
        **file_facts(root, rel),
    }


def release_descriptor(
    working: dict[str, Any],
    root: Path,
    tables: list[tuple[CsvTable, str]],
    texts: list[str],
    created: str,
    layout: str = "txt",
) -> dict[str, Any]:
    """The release descriptor: the working one's metadata, ``created``, and every file described.

    ``tables`` pairs each CSV table with the relative path of its Parquet file; ``texts`` are the
    relative paths of the archived texts (``layout`` ``txt``) or of the texts table's parts
    (``parquet``: one multipart resource, its schema generated from the sources table's). Files
    must already be written under ``root``.
    """
    head = {k: v for k, v in working.items() if k not in ("resources", "created", "$schema")}
    resources = [csv_resource(root, t) for t, _ in tables]
    resources += [parquet_resource(root, t, rel) for t, rel in tables]
    if layout == "parquet":
        from claimtrace.texts_table.schema import texts_schema
        from claimtrace.texts_table.write import texts_resource_descriptor

        sources = next(t for t, _ in tables if t.name == "sources").schema_descriptor
        facts = [{"path": rel, **file_facts(root, rel)} for rel in texts]
        resources.append(texts_resource_descriptor(texts, texts_schema(sources), facts))
    else:
        resources += [text_resource(root, rel) for rel in texts]
    return {"$schema": PROFILE, **head, "created": created, "resources": resources}
