"""Shared helpers of the corpus-layer rule modules: typed frames and problem rows."""

from __future__ import annotations

import polars as pl

from claimtrace.metadata import TableSchema
from claimtrace.tables.typed import ROW
from claimtrace.validation.frames import rows_to_problems
from claimtrace.validation.reader import TableRead

LAYER = "corpus"


def frame(reads: dict[str, TableRead], name: str, fields: list[str]) -> pl.DataFrame | None:
    """The typed frame of ``name`` if it was read with all of ``fields``."""
    read = reads.get(name)
    if read is None or read.typed is None or not set(fields) <= set(read.present):
        return None
    return read.typed


def narrow(reads: dict[str, TableRead], name: str, fields: list[str]) -> pl.DataFrame | None:
    """``frame``, cut to its row number, primary key and ``fields``: all a rule reports.

    A filter or join then moves a few columns, not every column of the table.
    """
    typed = frame(reads, name, fields)
    if typed is None:
        return None
    kept = [c for c in (ROW, *reads[name].schema.primary_key) if c in typed.columns]
    return typed.select(*dict.fromkeys([*kept, *fields]))


def bad(frame: pl.DataFrame, schema: TableSchema, rule: str, field: str, message, value=None):
    """One corpus problem per row of ``frame`` (already filtered to the offending rows)."""
    return rows_to_problems(
        frame, schema, layer=LAYER, rule=rule, field=field, message=message, value=value
    )
