"""Typed tables: cast the text cells of a table to the types its Table Schema declares.

Casting is vectorised and never raises: a cell that does not parse becomes null in the typed frame
and is returned as a type problem, so one bad cell costs one report line, not the whole table.
"""

from __future__ import annotations

import polars as pl

from claimtrace.metadata import Field, TableSchema

ROW = "_row"
"""Column holding each row's position in the CSV file as frictionless counts it (header = 1)."""

TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
_PATTERNS = {
    "integer": r"^[+-]?[0-9]+$",
    "number": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "year": r"^[0-9]{4}$",
}


def polars_dtype(field: Field) -> pl.DataType:
    """The polars dtype a Table Schema field is read as."""
    return {
        "string": pl.String(),
        "integer": pl.Int64(),
        "number": pl.Float64(),
        "boolean": pl.Boolean(),
        "date": pl.Date(),
        "year": pl.Int64(),
        "datetime": pl.Datetime("us", "UTC"),
        "list": pl.List(pl.String()),
    }[field.type]


def _cast(field: Field) -> pl.Expr:
    col = pl.col(field.name)
    kind = field.type
    if kind == "string":
        return col
    if kind == "list":
        return col.str.split(field.delimiter)
    if kind == "boolean":
        return (
            pl.when(col.is_in(TRUE_VALUES))
            .then(True)
            .when(col.is_in(FALSE_VALUES))
            .then(False)
            .otherwise(None)
        )
    if kind == "datetime":
        return col.str.to_datetime(time_zone="UTC", strict=False)
    ok = col.str.contains(_PATTERNS[kind])
    if kind == "date":
        return pl.when(ok).then(col.str.strptime(pl.Date, "%Y-%m-%d", strict=False))
    return pl.when(ok).then(col.cast(polars_dtype(field), strict=False))


def empty_to_null(frame: pl.DataFrame, schema: TableSchema) -> pl.DataFrame:
    """Turn every declared missing value (by default the empty string) into null."""
    missing = list(schema.missing_values)
    names = [n for n in schema.field_names if n in frame.columns]
    if not names or frame.height == 0:
        return frame
    # Only columns that hold a missing value are rewritten: the others are not copied.
    holds = frame.select(pl.col(n).is_in(missing).any() for n in names).row(0)
    return frame.with_columns(
        pl.when(pl.col(n).is_in(missing)).then(None).otherwise(pl.col(n)).alias(n)
        for n, hit in zip(names, holds, strict=True)
        if hit
    )


def cast_typed(text: pl.DataFrame, schema: TableSchema) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cast a frame of text cells to the schema's types.

    ``text`` holds the declared fields as strings (missing values already null) plus ``_row``.
    Returns the typed frame (same rows, unparsable cells null) and one row per unparsable cell
    with columns ``_row``, ``field``, ``type`` and ``value``.
    """
    fields = [f for f in schema.fields if f.name in text.columns]
    typed = text.with_columns(
        _cast(f).cast(polars_dtype(f), strict=False).alias(f.name) for f in fields
    )
    bad = [
        text.filter(text[f.name].is_not_null() & typed[f.name].is_null()).select(
            ROW, field=pl.lit(f.name), type=pl.lit(f.type), value=pl.col(f.name)
        )
        for f in fields
        if f.type not in ("string", "list")
    ]
    empty = {ROW: pl.Int64, "field": pl.String, "type": pl.String, "value": pl.String}
    return typed, pl.concat(bad) if bad else pl.DataFrame(schema=empty)
