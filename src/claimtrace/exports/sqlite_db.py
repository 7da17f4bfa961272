"""A single-file SQLite database of the package: every table, its keys and foreign keys, the texts.

Columns follow the Table Schemas: integer and year as INTEGER, number as REAL, boolean as INTEGER
0/1, date and datetime as ISO 8601 TEXT, list as a JSON array in TEXT, string as TEXT; required
fields are NOT NULL, primary keys and foreign keys are declared (``PRAGMA foreign_keys=ON`` in a
client enforces them). A ``texts`` table holds each source's archived text, so that
``substr(text, start + 1, "end" - start)`` is a claim's quote (SQLite counts code points).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import polars as pl

from claimtrace.metadata import TableSchema
from claimtrace.valid import ValidPackage

SQL_TYPES = {"integer": "INTEGER", "year": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
TEXTS_TABLE = "texts"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(keys: list[str] | tuple[str, ...]) -> str:
    return ", ".join(_quote(k) for k in keys)


def create_statement(name: str, schema: TableSchema, descriptor: dict) -> str:
    """``CREATE TABLE`` of one table, with NOT NULL, primary and foreign keys."""
    lines = [
        f"{_quote(f.name)} {SQL_TYPES.get(f.type, 'TEXT')}" + (" NOT NULL" if f.required else "")
        for f in schema.fields
    ]
    if schema.primary_key:
        lines.append(f"PRIMARY KEY ({_columns(schema.primary_key)})")
    for fk in descriptor.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        targets = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        table = ref.get("resource") or name
        lines.append(
            f"FOREIGN KEY ({_columns(fields)}) REFERENCES {_quote(table)} ({_columns(targets)})"
        )
    return f"CREATE TABLE {_quote(name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _cells(frame: pl.DataFrame, schema: TableSchema) -> pl.DataFrame:
    """The frame with every column as SQLite stores it (see module docstring)."""
    out = []
    for f in schema.fields:
        col = pl.col(f.name)
        if f.type == "list":
            encoded = pl.struct(col.alias("v")).struct.json_encode()  # {"v":[...]}
            col = pl.when(col.is_not_null()).then(
                encoded.str.strip_prefix('{"v":').str.strip_suffix("}")
            )
        elif f.type in ("date", "datetime"):
            col = col.dt.to_string("iso") if f.type == "datetime" else col.cast(pl.String)
        elif f.type == "boolean":
            col = col.cast(pl.Int64)
        out.append(col.alias(f.name))
    return frame.select(out)


def schema_descriptors(package: ValidPackage) -> dict[str, dict]:
    """Each table's Table Schema as a dict, inlined or read from its path."""
    out = {}
    for resource in package.descriptor.get("resources", []):
        name = resource.get("name") if isinstance(resource, dict) else None
        if name not in package.schemas:
            continue
        schema = resource.get("schema")
        if not isinstance(schema, dict):
            schema = json.loads((package.root / schema).read_text(encoding="utf-8"))
        out[name] = schema
    return out


def write_database(package: ValidPackage, path: Path) -> None:
    """Write the database to ``path`` (which must not exist)."""
    descriptors = schema_descriptors(package)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        for name, schema in package.schemas.items():
            db.execute(create_statement(name, schema, descriptors[name]))
            frame = _cells(package.frames[name], schema)
            marks = ", ".join("?" * len(schema.fields))
            db.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", frame.iter_rows())
        db.execute(
            f"CREATE TABLE {TEXTS_TABLE} (source_id TEXT NOT NULL PRIMARY KEY REFERENCES "
            "sources (source_id), text TEXT NOT NULL)"
        )
        db.executemany(f"INSERT INTO {TEXTS_TABLE} VALUES (?, ?)", sorted(package.texts.items()))
        db.commit()
    finally:
        db.close()
