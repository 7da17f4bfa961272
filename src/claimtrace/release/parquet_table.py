"""A CSV table of a release as the Arrow table its Parquet file holds, key-value metadata included.

One pipeline for the build and for ``claimtrace validate`` on a release, which rebuilds the Arrow
table from the release's CSV and compares it with the Parquet file: rows in primary-key order,
cells typed by the Table Schema, the computed date columns (``claimtrace.dates.columns``)
appended, and metadata that makes the file explain itself to any Parquet reader:

- schema metadata ``claimtrace:table``, ``claimtrace:description``, ``claimtrace:version``,
  ``claimtrace:license`` and ``claimtrace:table_schema`` (the Parquet resource's Table Schema as
  JSON with sorted keys);
- every field's ``description`` as field metadata.

Everything is derived from the descriptor and written with sorted keys, so the bytes stay
deterministic.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pyarrow as pa

from claimtrace.dates.columns import computed_fields, with_date_bounds
from claimtrace.metadata import TableSchema
from claimtrace.release.arrow_table import to_arrow
from claimtrace.release.corpus import CsvTable, sort_by_key, typed

META_PREFIX = "claimtrace:"


def arrow_table_schema(table: CsvTable) -> TableSchema:
    """The schema of the Parquet table: the CSV schema plus the computed date columns."""
    descriptor = dict(table.schema_descriptor)
    descriptor["fields"] = [
        *table.schema_descriptor["fields"],
        *computed_fields(table.name, table.schema_descriptor),
    ]
    return TableSchema.from_descriptor(descriptor, table.name)


def annotation_licence(descriptor: dict[str, Any]) -> str:
    """The licence of the tables: the first licence of the package (its ``name`` or ``path``)."""
    licences = descriptor.get("licenses") or []
    first = licences[0] if licences and isinstance(licences[0], dict) else {}
    return str(first.get("name") or first.get("path") or "")


def kv_metadata(
    table: CsvTable, resource_schema: dict[str, Any], package: dict[str, Any]
) -> dict[str, str]:
    """The schema-level key-value metadata of ``table``'s Parquet file."""
    return {
        META_PREFIX + "table": table.name,
        META_PREFIX + "description": str(table.schema_descriptor.get("description", "")),
        META_PREFIX + "version": str(package.get("version", "")),
        META_PREFIX + "license": annotation_licence(package),
        META_PREFIX + "table_schema": json.dumps(
            resource_schema, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ),
    }


def with_metadata(arrow: pa.Table, schema: TableSchema, metadata: dict[str, str]) -> pa.Table:
    """``arrow`` carrying ``metadata`` and each field's description."""
    described = {f.name: f.description for f in schema.fields}
    fields = [
        f.with_metadata({"description": described[f.name]}) if described.get(f.name) else f
        for f in arrow.schema
    ]
    return pa.Table.from_arrays(arrow.columns, schema=pa.schema(fields, metadata=metadata))


def release_arrow(text: pl.DataFrame, table: CsvTable, metadata: dict[str, str]) -> pa.Table:
    """The Arrow table of the Parquet file built from the CSV cells ``text`` of ``table``."""
    schema = arrow_table_schema(table)
    frame = with_date_bounds(typed(sort_by_key(text, table.schema), table), table.name)
    return with_metadata(to_arrow(frame, schema), schema, metadata)
