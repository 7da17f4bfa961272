"""The CSV tables of a package (the working corpus or a release), read as text and as typed frames.

Reads ``datapackage.json`` as plain JSON so that it works on both: the working corpus names its
Table Schemas by path, a release inlines them and also lists Parquet and text resources, which are
skipped here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from claimtrace.metadata import TableSchema
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.release.errors import ReleaseError
from claimtrace.tables.csv_text import UnsafeTableError, read_text_table
from claimtrace.tables.typed import ROW, cast_typed, empty_to_null

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class CsvTable:
    """One tabular CSV resource: where it is and the Table Schema it follows."""

    name: str
    path: Path
    relpath: str
    schema: TableSchema
    schema_descriptor: dict[str, Any]


def read_json(path: Path, where: str) -> Any:
    """Parse the JSON file at ``path``; a ReleaseError naming ``where`` if it cannot be."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReleaseError(f"{where} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{where} cannot be read: {exc}") from None


def package_root(path: Path | str) -> Path:
    """The directory of a package given it or its datapackage.json."""
    path = Path(path)
    return path.parent if path.name == DESCRIPTOR and path.is_file() else path


def read_descriptor(root: Path) -> dict[str, Any]:
    """``root``/datapackage.json as a dict with a list of resources."""
    descriptor = read_json(root / DESCRIPTOR, f"{root / DESCRIPTOR}")
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise ReleaseError(f"{root / DESCRIPTOR}: a Data Package needs a list of resources")
    return descriptor


def inside(root: Path, rel: str, where: str) -> Path:
    """``resolve_inside``, refusing an unsafe path with a ReleaseError that says ``where``."""
    try:
        return resolve_inside(root, rel)
    except UnsafePathError as exc:
        raise ReleaseError(f"{where}: {exc}") from None


def file_inside(root: Path, rel: str, where: str) -> Path:
    """``inside``, and the path must be an existing regular file."""
    path = inside(root, rel, where)
    if not path.is_file():
        raise ReleaseError(f"{where}: {rel!r} does not exist")
    return path


def is_csv(resource: dict[str, Any]) -> bool:
    """Whether a resource is a CSV table (by format, else by path suffix)."""
    path = resource.get("path")
    fmt = resource.get("format") or (path.rsplit(".", 1)[-1] if isinstance(path, str) else "")
    return fmt == "csv" and resource.get("type", "table") == "table"


def csv_tables(root: Path) -> dict[str, CsvTable]:
    """The CSV table resources of the package at ``root``, by name, in declared order."""
    tables: dict[str, CsvTable] = {}
    for i, res in enumerate(read_descriptor(root)["resources"]):
        if not isinstance(res, dict) or not is_csv(res):
            continue
        name, rel = res.get("name"), res.get("path")
        where = f"{DESCRIPTOR}: resource {name or i + 1!r}"
        if not isinstance(name, str) or not isinstance(rel, str):
            raise ReleaseError(f"{where} needs a name and a single path")
        schema = res.get("schema")
        if isinstance(schema, str):
            schema = read_json(inside(root, schema, where), schema)
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            raise ReleaseError(f"{where}: its Table Schema has no list of fields")
        tables[name] = CsvTable(
            name, inside(root, rel, where), rel, TableSchema.from_descriptor(schema, name), schema
        )
    return tables


def read_text(table: CsvTable) -> pl.DataFrame:
    """The table's cells as strings, declared missing values as null, in file order.

    The file is scanned before it is parsed, so no input can block, raise or exhaust memory.
    """
    try:
        frame = read_text_table(table.path, table.schema, table.relpath)
    except FileNotFoundError:
        raise ReleaseError(f"table {table.name}: {table.relpath} does not exist") from None
    except UnsafeTableError as exc:
        raise ReleaseError(f"table {table.name}: {exc}") from None
    except (pl.exceptions.PolarsError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReleaseError(f"table {table.name}: {table.relpath} cannot be read: {first}") from None
    return empty_to_null(frame, table.schema)


def sort_by_key(frame: pl.DataFrame, schema: TableSchema) -> pl.DataFrame:
    """Rows in primary-key order (text order of the key cells), ties in file order."""
    if not schema.primary_key:
        return frame
    return frame.sort(list(schema.primary_key), maintain_order=True, nulls_last=True)


def typed(text: pl.DataFrame, table: CsvTable) -> pl.DataFrame:
    """Cast text cells to declared types; a ReleaseError lists the first cells that do not parse."""
    frame, bad = cast_typed(text.with_row_index(ROW, offset=2), table.schema)
    if bad.height:
        shown = "; ".join(
            f"row {r[ROW]} field {r['field']}: {r['value']!r} is not of type {r['type']}"
            for r in bad.sort(ROW).head(5).iter_rows(named=True)
        )
        more = f" (and {bad.height - 5} more)" if bad.height > 5 else ""
        raise ReleaseError(f"table {table.name}: cells of the wrong type: {shown}{more}")
    return frame.drop(ROW)
