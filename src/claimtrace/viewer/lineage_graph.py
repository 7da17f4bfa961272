"""The lineage graph: sources as nodes in generations, derivations as edges labelled with drift.

Each edge parent -> copy counts the copy's claims by drift and groups them into what the copy
carried (verbatim, paraphrase), changed (every other comparing label), invented (added) and
dropped (the parent's article claims the copy does not carry). Where claims name the claim they
were made from (``parent_claim_id``), that link decides which edge a claim belongs to and what
was dropped; without it, a parent's claim counts as dropped when the copy states nothing of its
proposition.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from claimtrace.report.lineage import ancestors
from claimtrace.viewer.drift import CARRIED, INVENTED, UNCOMPARED

NODE_W, NODE_H, GAP_X, GAP_Y, MARGIN = 200, 46, 60, 130, 12
LABEL_AT = 0.78
"""Where along an edge its label stands (0 parent, 1 copy): apart for edges from one parent."""


@dataclass(frozen=True)
class Graph:
    """Node and edge dicts with SVG coordinates, and the drawing's size."""

    nodes: list[dict]
    edges: list[dict]
    width: int
    height: int


def _edge_counts(claims: pl.DataFrame, edges: pl.DataFrame, linked: bool) -> pl.DataFrame:
    """parent, child, drift, claims: the copy's claims on each edge, by drift label."""
    child_claims = claims.select("claim_id", child="source_id", drift="drift")
    if linked:
        sources = claims.select(parent_claim_id="claim_id", claim_parent="source_id")
        child_claims = claims.select(
            "claim_id", "parent_claim_id", child="source_id", drift="drift"
        ).join(sources, on="parent_claim_id", how="left")
    on_edge = edges.join(child_claims, on="child")
    if linked:
        on_edge = on_edge.filter(
            pl.col("claim_parent").is_null() | (pl.col("claim_parent") == pl.col("parent"))
        )
    return on_edge.group_by("parent", "child", "drift").agg(claims=pl.len())


def _dropped(claims: pl.DataFrame, edges: pl.DataFrame, linked: bool) -> pl.DataFrame:
    """parent, child, dropped: the parent's article claims the copy does not carry."""
    content = claims.filter(pl.col("is_furniture").not_().fill_null(True))
    if linked:
        carried = claims.select(child="source_id", claim_id="parent_claim_id").drop_nulls()
        parent_claims = content.select(parent="source_id", claim_id="claim_id")
        key = ["child", "claim_id"]
    else:
        carried = claims.select(child="source_id", proposition_id="proposition_id").drop_nulls()
        parent_claims = content.select(parent="source_id", proposition_id="proposition_id")
        key = ["child", "proposition_id"]
    return (
        edges.join(parent_claims, on="parent")
        .join(carried.unique(), on=key, how="anti")
        .group_by("parent", "child")
        .agg(dropped=pl.len())
    )


def _summary(by_drift: list[dict], dropped: int) -> dict:
    counts = {"carried": 0, "changed": 0, "dropped": dropped, "invented": 0}
    for row in by_drift:
        if row["drift"] in CARRIED:
            counts["carried"] += row["claims"]
        elif row["drift"] in INVENTED:
            counts["invented"] += row["claims"]
        elif row["drift"] not in UNCOMPARED:
            counts["changed"] += row["claims"]
    return counts


def lineage_graph(
    order: pl.DataFrame, lineage: pl.DataFrame, claims: pl.DataFrame, drift_labels: tuple
) -> Graph:
    """Lay out ``order`` (source_order's frame) by generation and label every lineage edge."""
    linked = "parent_claim_id" in claims.columns
    edges = (
        lineage.select(child="source_id", parent="parent_source_id")
        .drop_nulls()
        .filter(pl.col("child") != pl.col("parent"))
        .unique(maintain_order=True)
    )
    depth = ancestors(lineage).group_by("source_id").agg(depth=pl.len())
    nodes = (
        order.join(depth, on="source_id", how="left")
        .with_columns(pl.col("depth").fill_null(0))
        .sort("depth", "position")
        .with_columns(slot=pl.int_range(pl.len()).over("depth"))
    )
    per_layer = nodes.group_by("depth").agg(pl.len()).get_column("len").max() or 1
    width = MARGIN * 2 + per_layer * NODE_W + (per_layer - 1) * GAP_X
    layers = (nodes.get_column("depth").max() or 0) + 1
    height = MARGIN * 2 + layers * NODE_H + (layers - 1) * GAP_Y
    place = {}
    node_list = []
    for row in nodes.iter_rows(named=True):  # one per source: a drawing, not a check
        x = MARGIN + row["slot"] * (NODE_W + GAP_X)
        y = MARGIN + row["depth"] * (NODE_H + GAP_Y)
        place[row["source_id"]] = (x, y)
        node_list.append({**row, "x": x, "y": y, "w": NODE_W, "h": NODE_H})
    counts = _edge_counts(claims, edges, linked)
    dropped = _dropped(claims, edges, linked)
    rank = {d: i for i, d in enumerate(drift_labels)}
    edge_list = []
    for parent, child in edges.select("parent", "child").iter_rows():
        if parent not in place or child not in place:
            continue
        mine = counts.filter((pl.col("parent") == parent) & (pl.col("child") == child))
        by_drift = sorted(
            mine.select("drift", "claims").to_dicts(), key=lambda r: rank.get(r["drift"], len(rank))
        )
        lost = dropped.filter((pl.col("parent") == parent) & (pl.col("child") == child))
        summary = _summary(by_drift, int(lost["dropped"].sum()))
        (px, py), (cx, cy) = place[parent], place[child]
        x1, y1 = px + NODE_W / 2, py + NODE_H
        x2, y2 = cx + NODE_W / 2, cy
        edge_list.append(
            {
                "parent": parent,
                "child": child,
                "x1": x1,
                "y1": y1,
                "x2": x2,
                "y2": y2,
                "lx": x1 + (x2 - x1) * LABEL_AT,
                "ly": y1 + (y2 - y1) * LABEL_AT,
                "summary": summary,
                "by_drift": by_drift,
            }
        )
    return Graph(node_list, edge_list, int(width), int(height))
