"""Lineage as a graph, in linear time: cycles, and the origins (roots) of every source.

Cycles: an edge ``child -> parent`` lies on a cycle exactly when ``parent`` also reaches
``child``, that is when both are in the same strongly connected component. The components come
from scipy's compiled Tarjan/Pearce pass (``scipy.sparse.csgraph.connected_components``, linear
in sources plus edges); ids become integers and the edges are kept by a join, so nothing loops in
Python per row. The transitive closure this replaces grew by one join per generation: cubic on a
long chain.

Origins: the roots (sources without a parent) a source reaches by following its parents. Runs
of single-parent links are collapsed by pointer doubling in numpy (log2 of the depth passes); only
sources with two or more parents are then resolved, by joins, one per level of such sources. A
walk per generation (one join per generation over every source) is quadratic on a long chain.
"""

from __future__ import annotations

import polars as pl

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


def origins(source_ids: pl.Series, lineage: pl.DataFrame) -> pl.DataFrame:
    """``source_id``, ``origin_id``: every lineage root each of ``source_ids`` reaches.

    A source without a parent is its own origin; one with two parents has every root it reaches.
    A cycle holds no root, so a source whose every path runs into a cycle has no origin.
    ``lineage`` has ``source_id`` and ``parent_source_id``.
    """
    import numpy as np

    edges = (
        lineage.select(child="source_id", parent="parent_source_id")
        .drop_nulls()
        .filter(pl.col("child") != pl.col("parent"))
        .unique()
    )
    wanted = source_ids.cast(pl.String).drop_nulls().unique()
    ids = pl.concat([wanted, edges["child"], edges["parent"]]).unique().sort()
    index = ids.to_frame("id").with_row_index("n").with_columns(pl.col("n").cast(pl.Int64))
    coded = edges.join(index.rename({"id": "child", "n": "c"}), on="child").join(
        index.rename({"id": "parent", "n": "p"}), on="parent"
    )
    size = ids.len()
    parents = np.bincount(coded["c"].to_numpy(), minlength=size)
    jump = np.arange(size)  # a root or a source with several parents is its own jump target
    single = coded.filter(pl.Series(parents[coded["c"].to_numpy()] == 1))
    jump[single["c"].to_numpy()] = single["p"].to_numpy()
    for _ in range(max(1, int(size).bit_length() + 1)):  # pointer doubling: log2(depth) passes
        jump = jump[jump]
    stable = jump[jump] == jump  # else the run of single parents ends in a loop: no root
    merge = parents >= 2
    known = pl.DataFrame({"node": np.flatnonzero(parents == 0)}).with_columns(origin=pl.col("node"))
    reach = np.where(stable, jump, -1)  # where a source's run of single parents ends
    fan = (
        coded.select(node="c", target=pl.Series(reach[coded["p"].to_numpy()]))
        .filter(pl.Series(merge[coded["c"].to_numpy()]))
        .filter(pl.col("target") >= 0)
    )
    while True:  # one pass per level of sources with several parents
        grown = pl.concat(
            [known, fan.join(known, left_on="target", right_on="node").select("node", "origin")]
        ).unique()
        if grown.height == known.height:
            break
        known = grown
    asked = index.filter(pl.col("id").is_in(wanted.implode()))
    targets = pl.Series(reach[asked["n"].to_numpy()])
    found = asked.with_columns(node=targets).join(known, on="node")
    names = index.rename({"n": "origin", "id": "origin_id"})
    return (
        found.join(names, on="origin")
        .select(source_id="id", origin_id="origin_id")
        .unique()
        .sort("source_id", "origin_id")
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
    edges = (
        lineage.select(child="source_id", parent="parent_source_id")
        .drop_nulls()
        .filter(pl.col("child") != pl.col("parent"))
        .unique()
    )
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
