"""Problems: the one shape every check reports in, as a polars frame (one row per problem)."""

from __future__ import annotations

import polars as pl

PROBLEM_SCHEMA: dict[str, pl.DataType] = {
    "layer": pl.String(),  # structure, table or corpus
    "table": pl.String(),  # resource name, or "datapackage.json" / a file path for package problems
    "row": pl.Int64(),  # CSV row position as frictionless counts it (header = 1), or null
    "line": pl.Int64(),  # physical line of the CSV file: of the defect, else where the row starts
    "key": pl.String(),  # primary key of the row, e.g. "claim_id=kyivindependent_decree.c01"
    "field": pl.String(),  # field name; null for row- or file-level problems
    "rule": pl.String(),  # stable rule id, e.g. "constraint.enum", "corpus.quote_matches_text"
    "value": pl.String(),  # the offending value as text (truncated), null if none
    "message": pl.String(),  # what is wrong and what would be right, for a curator
}
LAYERS = ("structure", "table", "corpus")
VALUE_CHARS = 200


_EMPTY = pl.DataFrame(schema=PROBLEM_SCHEMA)


def empty_problems() -> pl.DataFrame:
    """A new problem frame with no rows (cleared from a template: a hundred times faster)."""
    return _EMPTY.clear()


def problems_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Conform ``frame`` to PROBLEM_SCHEMA: absent columns null, long values cut."""
    cols = []
    for name, dtype in PROBLEM_SCHEMA.items():
        col = pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype)
        if name == "value":
            col = (
                pl.when(col.str.len_chars() > VALUE_CHARS)
                .then(col.str.slice(0, VALUE_CHARS) + pl.lit("…"))
                .otherwise(col)
            )
        cols.append(col.alias(name))
    return frame.select(cols)


def problem(**values: object) -> pl.DataFrame:
    """A frame holding a single problem, for package- and file-level findings."""
    return problems_frame(pl.DataFrame([values]))
