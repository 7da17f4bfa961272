"""The viewer's lineage edge labels and figure axes on the factory corpus (counts by hand)."""

from __future__ import annotations

from claimtrace.report.lineage import source_order
from claimtrace.valid import load_valid
from claimtrace.viewer.figure_axis import figure_axes
from claimtrace.viewer.lineage_graph import lineage_graph


def test_each_edge_counts_what_the_copy_carried_changed_dropped_and_invented(corpus):
    package = load_valid(corpus.root)
    frames = package.frames
    order = source_order(frames["sources"], frames["lineage"])
    graph = lineage_graph(
        order, frames["lineage"], frames["claims"], package.enum("claims", "drift")
    )
    edges = {(e["parent"], e["child"]): e for e in graph.edges}
    # The Kyiv Independent has four claims. anon_decree_rewrite changes the signing date (c01)
    # and invents an effective date, dropping the other three; byai_decree_rewrite carries the
    # monthly recruits without their attribution and the spring conscription without a detail
    # (both changed), dropping the other two.
    anon = edges[("kyivindependent_decree", "anon_decree_rewrite")]
    assert anon["summary"] == {"carried": 0, "changed": 1, "dropped": 3, "invented": 1}
    assert anon["by_drift"] == [
        {"drift": "date_changed", "claims": 1},
        {"drift": "added", "claims": 1},
    ]
    byai = edges[("kyivindependent_decree", "byai_decree_rewrite")]
    assert byai["summary"] == {"carried": 0, "changed": 2, "dropped": 2, "invented": 0}
    assert len(graph.edges) == frames["lineage"].height
    parent = {n["source_id"]: n for n in graph.nodes}["kyivindependent_decree"]
    child = {n["source_id"]: n for n in graph.nodes}["anon_decree_rewrite"]
    assert parent["y"] < child["y"] and anon["y1"] == parent["y"] + parent["h"]


def test_figures_of_one_proposition_share_one_axis_and_overlap_when_compatible(corpus):
    package = load_valid(corpus.root)
    frames = package.frames
    order = source_order(frames["sources"], frames["lineage"])
    axes = {a["proposition_id"]: a for a in figure_axes(frames["figures"], frames["claims"], order)}
    bars = {b["figure_id"]: b for b in axes["p_monthly_recruits"]["bars"]}
    assert set(bars) == {
        "kyivindependent_decree.f01",
        "byai_decree_rewrite.f01",
        "anon_foreign_nationals_decree.f01",
    }
    ranged, approx = bars["kyivindependent_decree.f01"], bars["anon_foreign_nationals_decree.f01"]
    assert (ranged["lo"], ranged["hi"]) == (30000, 40000)
    assert approx["lo"] <= 30000 <= approx["hi"]
    # approximately 30,000 overlaps 30,000 to 40,000: the bars share x positions
    assert approx["x"] <= ranged["x"] + ranged["w"] and ranged["x"] <= approx["x"] + approx["w"]
    assert [b["source_id"] for b in axes["p_monthly_recruits"]["bars"]] == [
        "kyivindependent_decree",
        "byai_decree_rewrite",
        "anon_foreign_nationals_decree",
    ]


def test_with_parent_claim_links_each_claim_counts_on_the_edge_of_its_parent():
    import polars as pl

    sources = pl.DataFrame(
        {"source_id": ["a", "b", "c"], "title": ["A", "B", "C"], "source_kind": ["original_report",
         "independent_report", "ai_rewrite"]}
    )  # fmt: skip
    lineage = pl.DataFrame(
        {"source_id": ["c", "c"], "parent_source_id": ["a", "b"], "confidence": ["high", "high"]}
    )
    claims = pl.DataFrame(
        {
            "claim_id": ["a.c01", "a.c02", "b.c01", "c.c01", "c.c02", "c.c03"],
            "source_id": ["a", "a", "b", "c", "c", "c"],
            "proposition_id": ["p1", "p2", "p1", "p1", "p3", "p4"],
            "is_furniture": [False] * 6,
            "drift": ["original", "original", "original", "verbatim", "value_changed", "added"],
            "parent_claim_id": [None, None, None, "a.c01", "b.c01", None],
        }
    )
    order = source_order(sources, lineage)
    labels = ("original", "verbatim", "value_changed", "added")
    edges = {
        (e["parent"], e["child"]): e for e in lineage_graph(order, lineage, claims, labels).edges
    }
    # c carries a.c01 and changes b.c01; a.c02 is dropped; the added claim is new to both parents.
    assert edges[("a", "c")]["summary"] == {"carried": 1, "changed": 0, "dropped": 1, "invented": 1}
    assert edges[("b", "c")]["summary"] == {"carried": 0, "changed": 1, "dropped": 0, "invented": 1}
