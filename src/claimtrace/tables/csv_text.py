"""Tables as text: written sorted by primary key, byte-stable (read by the guarded reader)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.atomic import write_atomic
from claimtrace.metadata import TableSchema


def to_csv_bytes(frame: pl.DataFrame, schema: TableSchema) -> bytes:
    """The canonical CSV form: declared column order, sorted by primary key, LF, minimal quoting."""
    frame = frame.select(schema.field_names)
    if schema.primary_key:
        frame = frame.sort(list(schema.primary_key), maintain_order=True)
    return frame.write_csv(line_terminator="\n", quote_style="necessary").encode("utf-8")


def write_text_table(path: Path, frame: pl.DataFrame, schema: TableSchema) -> None:
    """Write ``frame`` to ``path`` atomically in the canonical CSV form."""
    write_atomic(path, to_csv_bytes(frame, schema))
