"""Helpers that turn rows of a table into problem rows, with the row's position and primary key."""

from __future__ import annotations

import polars as pl

from claimtrace.metadata import TableSchema
from claimtrace.tables.typed import ROW
from claimtrace.validation.problems import empty_problems, problems_frame


def key_expr(schema: TableSchema, columns: list[str]) -> pl.Expr:
    """``"claim_id=x"`` (or ``"a=x, b=y"``) naming each row by the primary-key fields present."""
    parts: list[pl.Expr] = []
    for name in schema.primary_key:
        if name not in columns:
            continue
        if parts:
            parts.append(pl.lit(", "))
        parts += [pl.lit(f"{name}="), pl.col(name).cast(pl.String).fill_null("(empty)")]
    return pl.concat_str(parts) if parts else pl.lit(None, pl.String)


def cell_text(name: str) -> pl.Expr:
    """A cell as text for reports: lists joined with ``|``, null as null."""
    return pl.col(name).cast(pl.String)


def rows_to_problems(
    frame: pl.DataFrame,
    schema: TableSchema,
    *,
    layer: str,
    rule: str | pl.Expr,
    message: pl.Expr | str,
    field: str | None = None,
    value: pl.Expr | None = None,
    table: str | None = None,
) -> pl.DataFrame:
    """One problem per row of ``frame`` (already filtered to the offending rows)."""
    if frame.height == 0:
        return empty_problems()
    if value is None:
        value = cell_text(field) if field and field in frame.columns else pl.lit(None, pl.String)
    msg = pl.lit(message) if isinstance(message, str) else message
    out = frame.select(
        layer=pl.lit(layer),
        table=pl.lit(table or schema.name),
        row=pl.col(ROW) if ROW in frame.columns else pl.lit(None, pl.Int64),
        key=key_expr(schema, frame.columns),
        field=pl.lit(field, pl.String),
        rule=pl.lit(rule) if isinstance(rule, str) else rule,
        value=value,
        message=msg,
    )
    return problems_frame(out)


def concat_problems(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Concatenate problem frames (an empty list gives an empty frame)."""
    frames = [f for f in frames if f.height]
    return pl.concat(frames) if frames else empty_problems()
