"""Tables as text: read every cell as a string, write sorted by primary key, byte-stable."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.atomic import write_atomic
from claimtrace.metadata import TableSchema


class UnsafeTableError(OSError):
    """A table file refused before parsing; the message names the file and where.

    Refused: not a regular file, too large, a line beyond the limit, not UTF-8, an unclosed quote.
    """


def refuse_unsafe(path: Path, schema: TableSchema, shown: str) -> None:
    """UnsafeTableError when the validator's byte scan would not let ``path`` be parsed.

    The scan reads in blocks of bounded size, so it never blocks or exhausts memory; ``shown``
    is how the file is named in the message (its path inside the package).
    """
    from claimtrace.validation.encoding import FATAL, Place, scan_file  # validation reads tables

    if path.exists() and not path.is_file():
        raise UnsafeTableError(f"{shown} is not a regular file")
    place = Place(schema.name, shown, primary_key=schema.primary_key)
    fatal = scan_file(path, place, csv=True).filter(pl.col("rule").is_in(list(FATAL)))
    if fatal.height:
        raise UnsafeTableError(fatal["message"][0])


def read_text_table(path: Path, schema: TableSchema, shown: str | None = None) -> pl.DataFrame:
    """Read a CSV table with every cell as a string (empty cells as null), columns as declared.

    The file is scanned first (``refuse_unsafe``); ``shown`` names it in messages (default: its
    file name).
    """
    refuse_unsafe(path, schema, shown or path.name)
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
