"""Rows between Spark and the default engine's polars code on executors, as Arrow batches.

A table travels as ``_row`` (the CSV row, header = 1) and ``_cells``, an array of its present
fields' cells as strings (declared missing values null) in declared order: one Spark schema for
every table, so one job reads them all. On an executor the cells become the polars frame the
default engine's reader makes (``TableRead``), and problems go back in ``PROBLEM_SCHEMA``'s shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import polars as pl
import pyarrow as pa

from claimtrace.metadata import Resource
from claimtrace.tables.typed import ROW, cast_typed
from claimtrace.validation.problems import PROBLEM_SCHEMA, problems_frame
from claimtrace.validation.reader import TableRead

PROBLEM_DDL = ", ".join(
    f"`{name}` {'bigint' if dtype == pl.Int64 else 'string'}"
    for name, dtype in PROBLEM_SCHEMA.items()
)
"""``PROBLEM_SCHEMA`` as a Spark schema: every Spark job reports in the default engine's shape."""
BATCH_ROWS = 20_000
"""Rows per Arrow batch sent back to Spark (bounded memory per batch)."""


def to_batches(frame: pl.DataFrame, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """``frame`` as Arrow batches of exactly ``schema`` (plain, not large, strings and lists)."""
    table = frame.to_arrow(compat_level=pl.CompatLevel.oldest()).select(schema.names)
    yield from table.cast(schema).to_batches(max_chunksize=BATCH_ROWS)


def problem_batches(problems: pl.DataFrame) -> Iterator[pa.RecordBatch]:
    """A problems frame as Arrow batches of ``PROBLEM_SCHEMA``."""
    frame = problems_frame(problems)
    if frame.height:
        yield from to_batches(frame, problem_arrow_schema())


def problem_arrow_schema() -> pa.Schema:
    """``PROBLEM_SCHEMA`` in Arrow."""
    return pa.schema(
        [
            (name, pa.int64() if dtype == pl.Int64 else pa.string())
            for name, dtype in PROBLEM_SCHEMA.items()
        ]
    )


def cells_frame(rows: pl.DataFrame, present: list[str]) -> pl.DataFrame:
    """``_row`` and one string column per present field, from ``_row`` and ``_cells`` rows."""
    cells = pl.col("_cells")
    return rows.select(
        pl.col("_row").alias(ROW),
        *(cells.list.get(i, null_on_oob=True).alias(f) for i, f in enumerate(present)),
    )


def table_read(resource: Resource, text: pl.DataFrame, present: list[str]) -> TableRead:
    """The ``TableRead`` the default engine's reader makes of these string cells."""
    text = text.sort(ROW)
    typed, bad = cast_typed(text, resource.schema)
    return TableRead(
        resource,
        typed=typed,
        text=text,
        present=list(present),
        type_cells=bad.select(ROW, "field"),
    )


def reads_of(
    rows: pl.DataFrame, resources: dict[str, Resource], present: dict[str, list[str]]
) -> dict[str, TableRead]:
    """Every table's ``TableRead`` from a frame of ``_table``, ``_row``, ``_cells`` rows.

    Tables the read job parsed but that have no row here get an empty frame, as a read of an
    empty table does; tables it could not parse are absent, as ``reads[t].typed`` is None.
    """
    out = {}
    for name, fields in present.items():
        mine = rows.filter(pl.col("_table") == name)
        out[name] = table_read(resources[name], cells_frame(mine, fields), fields)
    return out


def from_batches(batches: Iterable[pa.RecordBatch]) -> pl.DataFrame | None:
    """The batches as one polars frame (None when there are none)."""
    tables = [pa.Table.from_batches([b]) for b in batches if b.num_rows]
    if not tables:
        return None
    return pl.from_arrow(pa.concat_tables(tables))  # type: ignore[return-value]
