"""Tables as text: read every cell as a string, write sorted by primary key, byte-stable."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.atomic import write_atomic
from claimtrace.metadata import TableSchema


def read_text_table(path: Path, schema: TableSchema) -> pl.DataFrame:
    """Read a CSV table with every cell as a string (empty cells as null), columns as declared."""
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    return frame.select(schema.field_names)


def to_csv_bytes(frame: pl.DataFrame, schema: TableSchema) -> bytes:
    """The canonical CSV form: declared column order, sorted by primary key, LF, minimal quoting."""
    frame = frame.select(schema.field_names)
    if schema.primary_key:
        frame = frame.sort(list(schema.primary_key), maintain_order=True)
    return frame.write_csv(line_terminator="\n", quote_style="necessary").encode("utf-8")


def write_text_table(path: Path, frame: pl.DataFrame, schema: TableSchema) -> None:
    """Write ``frame`` to ``path`` atomically in the canonical CSV form."""
    write_atomic(path, to_csv_bytes(frame, schema))
