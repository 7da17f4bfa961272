"""Typed Arrow tables from Table Schemas: the column types a release's Parquet files carry.

dates -> date32, datetimes -> timestamp[us, UTC], integers and years -> int64, numbers -> float64,
booleans -> bool, lists -> list<string>, strings with an ``enum`` -> dictionary<int32, string> whose
dictionary is the enum in declared order, other strings -> string.
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from claimtrace.metadata import Field, TableSchema

ENUM_TYPE = pa.dictionary(pa.int32(), pa.string())


def is_enum(field: Field) -> bool:
    """Whether the field is stored as a dictionary (a string field with an ``enum`` constraint)."""
    return field.type == "string" and field.enum is not None


def arrow_type(field: Field) -> pa.DataType:
    """The Arrow type of a Table Schema field."""
    if is_enum(field):
        return ENUM_TYPE
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "year": pa.int64(),
        "list": pa.list_(pa.string()),
    }[field.type]


def arrow_schema(schema: TableSchema) -> pa.Schema:
    """The Arrow schema of a table: declared order, required fields not nullable."""
    return pa.schema(
        pa.field(f.name, arrow_type(f), nullable=not f.required) for f in schema.fields
    )


def _column(values: pa.ChunkedArray, field: Field) -> pa.Array:
    values = values.combine_chunks()
    if not is_enum(field):
        return values.cast(arrow_type(field))
    dictionary = pa.array([str(v) for v in field.enum], pa.string())
    indices = pc.index_in(values.cast(pa.string()), value_set=dictionary).cast(pa.int32())
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def to_arrow(frame: pl.DataFrame, schema: TableSchema) -> pa.Table:
    """A typed polars frame (as ``cast_typed`` returns it) as one contiguous Arrow table."""
    source = frame.select(schema.field_names).to_arrow()
    columns = [_column(source.column(f.name), f) for f in schema.fields]
    return pa.Table.from_arrays(columns, schema=arrow_schema(schema))
