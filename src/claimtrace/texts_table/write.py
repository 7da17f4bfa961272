"""Write the texts table: rows sorted by ``source_id``, cut into parts, every byte deterministic."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from claimtrace.metadata import TableSchema
from claimtrace.release.parquet import parquet_bytes
from claimtrace.release.parquet_table import META_PREFIX, with_metadata
from claimtrace.texts_table.layout import (
    FORMAT,
    MAX_PART_BYTES,
    MAX_PART_ROWS,
    RESOURCE,
    part_path,
)
from claimtrace.texts_table.schema import ARROW_SCHEMA

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def cut_parts(
    texts: dict[str, bytes], max_rows: int = MAX_PART_ROWS, max_bytes: int = MAX_PART_BYTES
) -> list[list[str]]:
    """The source ids of each part: sorted, a new part when either bound would be passed."""
    parts: list[list[str]] = [[]]
    size = 0
    for source_id in sorted(texts):
        n = len(texts[source_id])
        if parts[-1] and (len(parts[-1]) >= max_rows or size + n > max_bytes):
            parts.append([])
            size = 0
        parts[-1].append(source_id)
        size += n
    return parts if parts[0] else []


def part_table(ids: list[str], texts: dict[str, bytes], schema: TableSchema) -> pa.Table:
    """One part as an Arrow table with the schema's descriptions and the table's own schema."""
    raw = [texts[i] for i in ids]
    table = pa.Table.from_arrays(
        [
            pa.array(ids, pa.string()),
            pa.array(raw, pa.binary()).view(pa.string()),  # as given: the validator judges it
            pa.array([hashlib.sha256(r).hexdigest() for r in raw], pa.string()),
        ],
        schema=ARROW_SCHEMA,
    )
    descriptor = {
        "fields": [{"name": f.name, "type": f.type} for f in schema.fields],
        "primaryKey": list(schema.primary_key),
    }
    metadata = {
        META_PREFIX + "table": RESOURCE,
        META_PREFIX + "description": schema.description,
        META_PREFIX + "table_schema": json.dumps(descriptor, sort_keys=True, separators=(",", ":")),
    }
    return with_metadata(table, schema, metadata)


def write_parts(
    root: Path, texts: dict[str, bytes], schema: TableSchema, **bounds: int
) -> list[str]:
    """Write every part of the texts table under ``root``; their package-relative paths.

    ``texts`` maps each source id to its text's UTF-8 bytes (as archived, NFC, LF). Texts are
    not dictionary-encoded: each is unique, so a dictionary would only add a page.
    """
    paths = []
    for number, ids in enumerate(cut_parts(texts, **bounds)):
        rel = part_path(number)
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = parquet_bytes(part_table(ids, texts, schema), use_dictionary=["source_id"])
        target.write_bytes(data)
        paths.append(rel)
    return paths


def texts_resource_descriptor(
    paths: list[str], schema: dict[str, Any], facts: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The texts table's resource: a multipart Parquet resource (``path`` lists the parts).

    ``facts`` (a release) gives each part's ``bytes`` and ``hash`` under ``integrity.parts``, as
    the other Parquet resources carry theirs under ``integrity`` (see ``release.descriptor``).
    """
    out: dict[str, Any] = {
        "name": RESOURCE,
        "type": "table",
        "path": paths,
        "format": FORMAT,
        "mediatype": PARQUET_MEDIATYPE,
    }
    if facts is not None:
        out["integrity"] = {"parts": facts}
    out["schema"] = schema
    return out
