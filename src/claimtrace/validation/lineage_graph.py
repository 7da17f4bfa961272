"""Lineage cycles in O(V + E): the edges whose two ends share a strongly connected component.

Cycles: an edge ``child -> parent`` lies on a cycle exactly when ``parent`` also reaches
``child``, that is when both are in the same strongly connected component. The components come
from scipy's compiled Tarjan/Pearce pass (``scipy.sparse.csgraph.connected_components``, linear
in sources plus edges); ids become integers and the edges are kept by a join, so nothing loops in
Python per row. The transitive closure this replaces grew by one join per generation: cubic on a
long chain. Origins (lineage roots) are found in linear time too: ``claimtrace.semantics.origins``.
"""

from __future__ import annotations

import polars as pl

from claimtrace.semantics.origins import lineage_edges
from claimtrace.validation.frames import concat_problems, rows_to_problems
from claimtrace.validation.reader import TableRead

LAYER = "corpus"


def cyclic_edges(edges: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``edges`` (``child``, ``parent``: distinct ids) that lie on a cycle."""
    import numpy as np
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    if edges.height == 0:
        return edges
    ids = pl.concat([edges["child"], edges["parent"]]).unique().sort().to_frame("id")
    ids = ids.with_row_index("n")
    coded = edges.join(ids.rename({"id": "child", "n": "c"}), on="child").join(
        ids.rename({"id": "parent", "n": "p"}), on="parent"
    )
    size = ids.height
    graph = coo_array(
        (np.ones(coded.height, dtype=np.int8), (coded["c"].to_numpy(), coded["p"].to_numpy())),
        shape=(size, size),
    ).tocsr()
    _, component = connected_components(graph, directed=True, connection="strong")
    comp = pl.Series("comp", component)
    return (
        coded.with_columns(
            c_comp=comp.gather(coded["c"].cast(pl.Int64)),
            p_comp=comp.gather(coded["p"].cast(pl.Int64)),
        )
        .filter(pl.col("c_comp") == pl.col("p_comp"))
        .select(edges.columns)
    )


def lineage_cycle_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Derivation edges on a cycle (a source that is, through others, its own ancestor)."""
    read = reads.get("lineage")
    if (
        read is None
        or read.typed is None
        or not {"source_id", "parent_source_id"} <= set(read.present)
    ):
        return concat_problems([])
    lineage = read.typed
    edges = lineage_edges(lineage).select(child="source_id", parent="parent_source_id")
    back = cyclic_edges(edges).select(source_id="child", parent_source_id="parent")
    on_cycle = lineage.join(back, on=["source_id", "parent_source_id"], how="semi")
    return rows_to_problems(
        on_cycle,
        read.schema,
        layer=LAYER,
        rule="corpus.lineage_acyclic",
        field="parent_source_id",
        message=pl.format(
            "{} is also derived, through other edges, from {}: lineage must not loop",
            pl.col("parent_source_id"),
            pl.col("source_id"),
        ),
    )
