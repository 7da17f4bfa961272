"""Source order and ancestry from the lineage edges, by iterated joins (one per generation)."""

from __future__ import annotations

import polars as pl

from claimtrace.semantics.origins import lineage_edges

KIND_ORDER = ("original_report", "independent_report", "related_report", "copy", "ai_rewrite")
"""How sources with no parent are ordered: the original report first, independent reports next,
then related reports (stories of other or earlier events)."""
CONFIDENCE_ORDER = ("high", "medium", "low")


def _rank(column: str, order: tuple[str, ...]) -> pl.Expr:
    return pl.col(column).replace_strict(
        {v: i for i, v in enumerate(order)}, default=len(order), return_dtype=pl.Int64
    )


def _edges(lineage: pl.DataFrame) -> pl.DataFrame:
    """Derivation edges with all their columns (the source order needs confidence).

    The rows ``lineage_edges`` keeps: no self-loops, no nulls.
    """
    return lineage.join(lineage_edges(lineage), on=["source_id", "parent_source_id"], how="semi")


def source_order(sources: pl.DataFrame, lineage: pl.DataFrame) -> pl.DataFrame:
    """Sources in reading order: each after its parent, roots by kind then id.

    A source with several parents is placed under its most confident one. Returns source_id,
    title, source_kind, parent_source_id, path (the sort key) and position (0-based).
    """
    parents = (
        _edges(lineage)
        .sort(_rank("confidence", CONFIDENCE_ORDER), "parent_source_id")
        .unique("source_id", keep="first", maintain_order=True)
        .select("source_id", "parent_source_id")
    )
    nodes = (
        sources.filter(pl.col("source_id").is_not_null())
        .unique("source_id", keep="first", maintain_order=True)
        .join(parents, on="source_id", how="left")
        .with_columns(
            segment=pl.format(
                "{}:{}", _rank("source_kind", KIND_ORDER).cast(pl.String), pl.col("source_id")
            )
        )
    )
    step = nodes.select(up="source_id", up_segment="segment", next_up="parent_source_id")
    walk = nodes.select("source_id", path="segment", up="parent_source_id")
    # One join per generation; a cycle stops after as many steps as there are sources.
    for _ in range(nodes.height):
        if walk["up"].is_null().all():
            break
        walk = (
            walk.join(step, on="up", how="left")
            .with_columns(
                path=pl.when(pl.col("up_segment").is_not_null())
                .then(pl.format("{}/{}", "up_segment", "path"))
                .otherwise("path"),
                up=pl.col("next_up"),
            )
            .drop("up_segment", "next_up")
        )
    return (
        nodes.join(walk.select("source_id", "path"), on="source_id")
        .sort("path", "source_id")
        .with_row_index("position")
        .select(
            "source_id",
            "title",
            "source_kind",
            "parent_source_id",
            "path",
            pl.col("position").cast(pl.Int64),
        )
    )


def ancestors(lineage: pl.DataFrame) -> pl.DataFrame:
    """Every (ancestor_id, source_id) pair the lineage implies, transitively."""
    edges = lineage_edges(lineage).select("source_id", ancestor_id="parent_source_id")
    closure = edges
    for _ in range(edges.height):
        longer = closure.join(
            edges.rename({"source_id": "via", "ancestor_id": "far"}),
            left_on="ancestor_id",
            right_on="via",
        ).select("source_id", ancestor_id="far")
        grown = pl.concat([closure, longer]).unique()
        if grown.height == closure.height:
            break
        closure = grown
    return (
        closure.filter(pl.col("source_id") != pl.col("ancestor_id"))
        .select("ancestor_id", "source_id")
        .sort("source_id", "ancestor_id")
    )
