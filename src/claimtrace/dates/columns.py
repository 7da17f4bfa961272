"""The computed ``<field>_earliest`` / ``<field>_latest`` date columns of a release's Parquet.

Each EDTF string field (``EDTF_FIELDS``) gets two ``date`` columns holding its bounds (see
``bounds``), so that sorting and filtering by time works without an EDTF parser. They are computed
from the CSV value when a release is built, stored in Parquet only (the CSV files stay as curated),
declared in the Parquet resource's Table Schema, and listed in the data dictionary.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from claimtrace.dates.bounds import edtf_bounds

EDTF_FIELDS: dict[str, tuple[str, ...]] = {
    "sources": ("date_published",),
    "claims": ("event_date", "event_date_inferred"),
    "figures": ("reference_period",),
}
"""The string fields, per table, whose values are EDTF dates or intervals (a test keeps this
list in step with the schemas: every field whose description says EDTF is here)."""

BOUNDS = {
    "earliest": "the first day {field} can mean (EDTF lower bound)",
    "latest": "the last day {field} can mean (EDTF upper bound)",
}
NULL_NOTE = (
    "Computed when the release is built (Parquet only). Empty when {field} is empty, is not an "
    "EDTF date or interval, or leaves the year unknown (XXXX)."
)


def computed_fields(table: str, schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Table Schema descriptors of the computed date columns of ``table`` (declared order)."""
    names = {f.get("name") for f in schema.get("fields", [])}
    out = []
    for source in EDTF_FIELDS.get(table, ()):
        if source not in names:
            continue
        for bound, text in BOUNDS.items():
            what = text.format(field=source)
            out.append(
                {
                    "name": f"{source}_{bound}",
                    "type": "date",
                    "description": f"{what[0].upper()}{what[1:]}. "
                    + NULL_NOTE.format(field=source),
                }
            )
    return out


def with_date_bounds(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """``frame`` with the computed date columns of ``table`` appended.

    The bounds are computed once per distinct value (a corpus repeats few dates) and joined back
    by value, so the cost grows with the number of distinct dates, not of rows.
    """
    columns = []
    for source in EDTF_FIELDS.get(table, ()):
        if source not in frame.columns:
            continue
        values = frame.get_column(source).cast(pl.String).drop_nulls().unique().sort()
        pairs = [edtf_bounds(v) for v in values.to_list()]
        for i, bound in enumerate(BOUNDS):
            lookup = pl.Series([p[i] for p in pairs], dtype=pl.Date)
            columns.append(
                pl.col(source)
                .cast(pl.String)
                .replace_strict(values, lookup, default=None, return_dtype=pl.Date)
                .alias(f"{source}_{bound}")
            )
    return frame.with_columns(columns) if columns else frame
