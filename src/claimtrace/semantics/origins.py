"""Origins: a source's lineage roots, found by joins (one join per generation, no row loop).

origin(source) follows parent_source_id until a source with no parent; a source with no parent is
its own origin, and a source with two parents has every root it reaches as an origin.
"""

from __future__ import annotations

import polars as pl

col = pl.col


def lineage_edges(lineage: pl.DataFrame) -> pl.DataFrame:
    """Distinct edges ``source_id`` -> ``parent_source_id``, without nulls and self-loops."""
    return (
        lineage.select("source_id", "parent_source_id")
        .drop_nulls()
        .filter(col("source_id") != col("parent_source_id"))
        .unique()
    )


def origins(source_ids: pl.Series, lineage: pl.DataFrame) -> pl.DataFrame:
    """``source_id``, ``origin_id``: every lineage root of each of ``source_ids``.

    Each generation replaces the ancestors that still have a parent by their parents; it stops
    when every row has reached a root. A cycle (reported by ``corpus.lineage_acyclic``) has no
    root: an ancestor reached twice is not followed again, so the walk ends and the members of a
    cycle are left without an origin.
    """
    edges = lineage_edges(lineage).rename({"source_id": "_at", "parent_source_id": "_up"})
    done = []
    frontier = (
        pl.DataFrame({"source_id": source_ids.cast(pl.String)})
        .drop_nulls()
        .unique()
        .with_columns(_at=col("source_id"))
    )
    seen = frontier
    while frontier.height:
        stepped = frontier.join(edges, on="_at", how="left")
        roots = stepped.filter(col("_up").is_null())
        done.append(roots.select("source_id", origin_id="_at"))
        frontier = (
            stepped.filter(col("_up").is_not_null())
            .select("source_id", _at="_up")
            .unique()
            .join(seen, on=["source_id", "_at"], how="anti")
        )
        seen = pl.concat([seen, frontier])
    if not done:
        return pl.DataFrame(schema={"source_id": pl.String, "origin_id": pl.String})
    return pl.concat(done).unique().sort("source_id", "origin_id")
