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
    # anon_decree_rewrite states only the signing date (changed); it drops the Kyiv Independent's
    # monthly recruits and decree-in-force claims. byai carries the recruits claim but drops its
    # attribution, and drops the signing date and the decree in force.
    anon = edges[("kyivindependent_decree", "anon_decree_rewrite")]
    assert anon["summary"] == {"carried": 0, "changed": 1, "dropped": 2, "invented": 0}
    assert anon["by_drift"] == [{"drift": "date_changed", "claims": 1}]
    byai = edges[("kyivindependent_decree", "byai_decree_rewrite")]
    assert byai["summary"] == {"carried": 0, "changed": 1, "dropped": 2, "invented": 0}
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
