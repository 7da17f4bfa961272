"""Export the tables' own labels in the shape of a blind annotation (``annotator_a.csv``).

Freezing our labels before adjudication keeps the published agreement reproducible: later
corrections to the tables change the tables, not the measurement.
"""

from __future__ import annotations

import polars as pl

from claimtrace.agreement.annotation import COLUMNS
from claimtrace.agreement.fields import parents_of_sources


def export_annotation(claims: pl.DataFrame, lineage: pl.DataFrame) -> pl.DataFrame:
    """One row per claim in the annotation columns, every cell text ("" where empty).

    parent_source_id is the lineage parent of the claim's source (parents joined by '|'),
    parent_quote the quote of the claim's parent claim, attribution the credited actor's id and
    proposition_group the proposition id.
    """
    parent_quotes = claims.select(
        pl.col("claim_id").alias("parent_claim_id"), pl.col("quote").alias("parent_quote")
    )
    return (
        claims.join(parents_of_sources(lineage), on="source_id", how="left")
        .join(parent_quotes, on="parent_claim_id", how="left")
        .select(
            "claim_id",
            "source_id",
            pl.col("parent_source").alias("parent_source_id"),
            "parent_quote",
            "drift",
            "attribution_kind",
            pl.col("attribution_actor_id").alias("attribution"),
            pl.col("proposition_id").alias("proposition_group"),
        )
        .select(pl.col(c).cast(pl.Utf8).fill_null("") for c in COLUMNS)
        .sort("claim_id")
    )
