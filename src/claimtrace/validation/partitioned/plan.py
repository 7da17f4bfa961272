"""Which partition each row goes to: connected components of the ids rows share.

Every table names *nodes*, derived from its Table Schema (nothing is declared twice): its
primary key, each field with a ``unique`` constraint, and each foreign key, each in the
namespace of the fields it identifies (``claims(claim_id)`` for a claim's id and for every
foreign key that references it). A row joins its nodes; rows that share a node are in one
component, and a component is never split between partitions. So the two rows of a repeated
key, a foreign key and the row it names, and every row a corpus rule relates (a claim, its
source and lineage, its proposition's other claims, its parent claim, figures and actor links)
meet in the same partition.

A table without foreign keys (the actors) is *broadcast*: read whole and given to every
partition, so links to it are no node and do not merge components.

Nodes are 64-bit hashes. Two ids with one hash merge their components, which is harmless
(partitions grow); no hash can split a component, so results stay exact. Components come from
``scipy.sparse.csgraph.connected_components`` (a library union of the edge list), and are
packed in order into partitions of about ``size`` bytes of CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from claimtrace.metadata import Package, Resource

ANCHOR = "_anchor"
PART = "_part"


@dataclass(frozen=True)
class Node:
    """Fields of a table that identify one thing, in the namespace ``space``."""

    fields: tuple[str, ...]
    space: str


def broadcast_tables(package: Package) -> set[str]:
    """Tables read whole into every partition: those with no foreign key."""
    return {r.name for r in package.resources if not r.schema.foreign_keys}


def nodes(resource: Resource, broadcast: set[str]) -> list[Node]:
    """The nodes of ``resource``'s rows, its primary key first."""
    schema = resource.schema
    found: list[Node] = []

    def add(fields: tuple[str, ...], table: str) -> None:
        node = Node(tuple(fields), f"{table}({','.join(fields)})")
        if node.fields and node not in found:
            found.append(node)

    pk = tuple(schema.primary_key)
    singles = {f.name for f in schema.fields if f.unique}
    singles |= {fk.fields[0] for fk in schema.foreign_keys if len(fk.fields) == 1}
    if len(pk) == 1 or (pk and not set(pk) & singles):
        add(pk, resource.name)
    for field in schema.fields:
        if field.unique:
            add((field.name,), resource.name)
    for fk in schema.foreign_keys:
        if fk.resource not in broadcast:
            # a referenced key is a node of the referenced table: same namespace
            node = Node(tuple(fk.fields), f"{fk.resource}({','.join(fk.reference_fields)})")
            if node not in found:
                found.append(node)
    return found


def node_hashes(frame: pl.DataFrame, node_list: list[Node]) -> list[pl.Expr]:
    """One u64 expression per node present in ``frame`` (null when a field is null)."""
    out = []
    for node in node_list:
        if not set(node.fields) <= set(frame.columns):
            continue
        parts = [pl.lit(node.space), *(pl.col(f).cast(pl.String) for f in node.fields)]
        joined = pl.concat_str(parts, separator="\x1f")  # null when a field is null
        # polars hashes null to a constant: keep it null, or every empty reference would meet
        out.append(pl.when(joined.is_not_null()).then(joined.hash(seed=0x5EED)))
    return out


def anchor_and_edges(frame: pl.DataFrame, node_list: list[Node]) -> tuple[pl.Series, np.ndarray]:
    """Each row's anchor (its first non-null node; null if none) and the edges its nodes make."""
    exprs = node_hashes(frame, node_list)
    if not exprs:
        return pl.Series(ANCHOR, [None] * frame.height, dtype=pl.UInt64), np.empty((0, 2), "u8")
    hashed = frame.select(*(e.alias(f"_n{i}") for i, e in enumerate(exprs)))
    anchor = hashed.select(pl.coalesce(hashed.columns).alias(ANCHOR)).to_series()
    pairs = [
        hashed.select(a=anchor, b=pl.col(c)).filter(
            pl.col("a").is_not_null() & pl.col("b").is_not_null() & (pl.col("a") != pl.col("b"))
        )
        for c in hashed.columns[1:]
    ]
    edges = pl.concat(pairs).unique() if pairs else None
    if edges is None or edges.height == 0:
        return anchor, np.empty((0, 2), "u8")
    return anchor, edges.to_numpy().astype("u8", copy=False)


def bucket_bounds(ids: np.ndarray) -> tuple[np.ndarray, np.uint64]:
    """Where each bucket of the top bits starts in the sorted hashes ``ids`` (and the shift).

    Some 16 ids a bucket: see ``positions``.
    """
    bits = max(1, min(32, int(len(ids) // 16).bit_length()))
    shift = np.uint64(64 - bits)
    starts = np.searchsorted(ids, np.arange(1 << bits, dtype=np.uint64) << shift)
    return np.append(starts, len(ids)), shift


def positions(ids: np.ndarray, values: np.ndarray, bounds: tuple | None = None) -> np.ndarray:
    """``np.searchsorted(ids, values)`` for sorted 64-bit hashes, searched bucket by bucket.

    A plain search probes the whole of ``ids`` for every value: some 25 probes that miss the
    cache at tens of millions of nodes. Hashes spread evenly, so the top bits of a value name a
    bucket of a few ids (``bucket_bounds``), and a few vectorised halving steps finish the
    search inside it. Uneven hashes only take more steps, never another result.
    """
    starts, shift = bounds if bounds is not None else bucket_bounds(ids)
    flat = values.ravel().astype(np.uint64, copy=False)
    bucket = (flat >> shift).astype(np.int64)
    lo, hi = starts[bucket], starts[bucket + 1]
    last = len(ids) - 1
    while True:
        open_ = lo < hi
        if not open_.any():
            break
        mid = (lo + hi) // 2
        below = open_ & (ids[np.minimum(mid, last)] < flat)
        lo = np.where(below, mid + 1, lo)
        hi = np.where(open_ & ~below, mid, hi)
    return lo.reshape(values.shape)


class Planner:
    """Collects anchors (with their bytes) and edges chunk by chunk, then packs partitions.

    Memory is what a graph of some tens of millions of nodes needs: edges are kept as 64-bit
    hashes only until every node is known, then turned into 32-bit dense ids (at 10M claims the
    plan peaks near 2 GiB).
    """

    def __init__(self) -> None:
        self.edges: list[np.ndarray] = []
        self.weights: list[pl.DataFrame] = []
        self.nodes: list[np.ndarray] = []

    def add(self, anchor: pl.Series, edges: np.ndarray, row_bytes: float) -> None:
        """Record one chunk: each row weighs ``row_bytes`` (its table's bytes per row)."""
        weights = (
            anchor.drop_nulls()
            .to_frame()
            .group_by(ANCHOR)
            .len()
            .select(ANCHOR, w=(pl.col("len") * row_bytes).cast(pl.Float32))
        )
        ends = pl.Series(ANCHOR, edges.ravel(), dtype=pl.UInt64)
        self.nodes.append(pl.concat([weights[ANCHOR], ends]).unique().to_numpy())
        self.edges.append(edges)
        self.weights.append(weights)

    def partitions(self, size: int) -> tuple[Partitioning, int]:
        """The partition of every node seen, and the number of partitions."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        every = np.concatenate(self.nodes) if self.nodes else np.empty(0, np.uint64)
        self.nodes = []
        ids = pl.Series(ANCHOR, every, dtype=pl.UInt64).unique().sort().to_numpy()
        del every
        n = len(ids)
        if n == 0:
            self.edges, self.weights = [], []
            return Partitioning(ids, np.empty(0, np.uint32)), 1
        # hash joins, not binary searches: at tens of millions of nodes a search misses the
        # cache at every step
        index = pl.DataFrame({ANCHOR: ids, "_i": np.arange(n, dtype=np.int32)})
        edges = pl.DataFrame(
            np.concatenate(self.edges) if self.edges else np.empty((0, 2), np.uint64),
            schema={"a": pl.UInt64, "b": pl.UInt64},
            orient="row",
        )
        self.edges = []
        pairs = (
            edges.join(index.rename({ANCHOR: "a", "_i": "ia"}), on="a")
            .join(index.rename({ANCHOR: "b", "_i": "ib"}), on="b")
            .select("ia", "ib")
        )
        del edges
        ones = np.ones(pairs.height, dtype=np.int8)
        graph = coo_matrix(
            (ones, (pairs["ia"].to_numpy(), pairs["ib"].to_numpy())), shape=(n, n)
        ).tocsr()
        del pairs, ones
        _, label = connected_components(graph, directed=False)
        del graph
        weights = pl.concat(self.weights).join(index, on=ANCHOR)
        self.weights = []
        w = np.bincount(weights["_i"].to_numpy(), weights=weights["w"].to_numpy(), minlength=n)
        del weights, index
        per_component = np.bincount(label, weights=w)
        before = np.cumsum(per_component) - per_component  # components packed in order
        part_of_component = (before // max(size, 1)).astype(np.int64)
        # renumber so partitions are 0..P-1 with no gap (a huge component skips numbers)
        used, part_of_component = np.unique(part_of_component, return_inverse=True)
        return Partitioning(ids, part_of_component[label].astype(np.uint32)), len(used)


@dataclass(frozen=True)
class Partitioning:
    """Sorted node hashes and the partition of each."""

    ids: np.ndarray
    parts: np.ndarray

    @cached_property
    def _bounds(self) -> tuple[np.ndarray, np.uint64]:
        return bucket_bounds(self.ids)

    def of(self, anchor: pl.Series) -> np.ndarray:
        """The partition of each anchor (0 for a row without one): a binary search each."""
        out = np.zeros(len(anchor), dtype=np.uint32)
        if not len(self.ids):
            return out
        values = anchor.fill_null(0).to_numpy()
        at = np.minimum(positions(self.ids, values, self._bounds), len(self.ids) - 1)
        hit = anchor.is_not_null().to_numpy() & (self.ids[at] == values)
        out[hit] = self.parts[at[hit]]
        return out
