"""Origins and the per-proposition status, on small frames built for each rule."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.semantics import origins, proposition_semantics
from claimtrace.semantics.status import _compatible_or_equal

LINEAGE = pl.DataFrame(
    {"source_id": ["copy1", "copy2", "copy_of_copy"], "parent_source_id": ["root", "root", "copy1"]}
)


def _claims(rows):
    names = ["claim_id", "source_id", "proposition_id", "proposition_value", "parent_claim_id"]
    return pl.DataFrame(
        [dict(zip(names, r, strict=True)) for r in rows], schema=dict.fromkeys(names, pl.String)
    )


def _status(rows, kinds=None, lineage=LINEAGE):
    claims = _claims(rows)
    props = (
        claims.select("proposition_id")
        .unique()
        .with_columns(value_kind=pl.col("proposition_id").replace_strict(kinds or {}, default=None))
    )
    out = proposition_semantics(claims, lineage, props)
    return {r["proposition_id"]: r for r in out.to_dicts()}


def test_origins_follow_parents_to_every_root():
    lineage = pl.DataFrame({"source_id": ["b", "c", "c"], "parent_source_id": ["a", "b", "d"]})
    found = origins(pl.Series(["a", "b", "c", "d", "lone"]), lineage)
    assert sorted(found.iter_rows()) == [
        ("a", "a"), ("b", "a"), ("c", "a"), ("c", "d"), ("d", "d"), ("lone", "lone")
    ]  # fmt: skip


def test_a_cycle_ends_without_an_origin():
    lineage = pl.DataFrame({"source_id": ["x", "y"], "parent_source_id": ["y", "x"]})
    assert origins(pl.Series(["x", "y", "z"]), lineage)["source_id"].to_list() == ["z"]


def test_each_status_by_its_first_rule():
    got = _status(
        [
            ("root.c01", "root", "p_single", None, None),
            ("copy1.c01", "copy1", "p_invented", "5", None),
            ("copy2.c01", "copy2", "p_invented", "6", None),
            ("root.c02", "root", "p_echoed", None, None),
            ("copy1.c02", "copy1", "p_echoed", None, "root.c02"),
            ("copy_of_copy.c01", "copy_of_copy", "p_echoed", None, "copy1.c02"),
            ("root.c03", "root", "p_corroborated", "~30000", None),
            ("other.c01", "other", "p_corroborated", "30000..40000", None),
            ("root.c04", "root", "p_conflicting", "XXXX-07-07", None),
            ("other.c02", "other", "p_conflicting", "XXXX-07-08", None),
        ],
        kinds={"p_corroborated": "number", "p_conflicting": "date", "p_invented": "number"},
    )
    assert {k: v["status"] for k, v in got.items()} == {
        "p_single": "single_source",
        "p_invented": "unsupported",
        "p_echoed": "echoed",
        "p_corroborated": "corroborated",
        "p_conflicting": "conflicting",
    }
    assert (got["p_echoed"]["source_count"], got["p_echoed"]["origin_count"]) == (3, 1)
    assert (got["p_invented"]["source_count"], got["p_invented"]["origin_count"]) == (2, 1)
    assert got["p_corroborated"]["origin_count"] == 2


def test_a_copy_that_changes_its_parents_value_is_drift_not_conflict():
    got = _status(
        [
            ("root.c01", "root", "p", "XXXX-07-07", None),
            ("copy1.c01", "copy1", "p", "2024-07-08", "root.c01"),
            ("copy2.c01", "copy2", "p", None, "root.c01"),  # dropped: not an altered value
            ("other.c01", "other", "p", "2025-07-07", None),
        ],
        kinds={"p": "date"},
    )["p"]
    assert got["status"] == "corroborated"
    assert got["altered_copy_count"] == 1
    assert (got["source_count"], got["origin_count"], got["attesting_count"]) == (4, 2, 2)


def test_one_origin_with_several_values_conflicts_when_any_pair_does():
    rows = [
        ("root.c01", "root", "p", "30000", None),
        ("root.c02", "root", "p", "90000", None),
        ("other.c01", "other", "p", "~30000", None),
    ]
    assert _status(rows, kinds={"p": "number"})["p"]["status"] == "conflicting"
    assert _status(rows[:1] + rows[2:], kinds={"p": "number"})["p"]["status"] == "corroborated"


def test_a_value_that_does_not_parse_is_compared_as_text():
    rows = [("root.c01", "root", "p", "30,000", None), ("other.c01", "other", "p", "30000", None)]
    assert _status(rows, kinds={"p": "number"})["p"]["status"] == "conflicting"


def _reference(claims, edges, kinds):
    """The module docstring's definitions, row by row in Python: the oracle for the frames."""
    parents: dict[str, set[str]] = {}
    for child, parent in edges:
        if child and parent and child != parent:
            parents.setdefault(child, set()).add(parent)

    def roots(source):
        seen, todo, found = set(), [source], set()
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo += parents.get(node, ())
                found |= set() if node in parents else {node}
        return found

    claims = [c for c in claims if c[1] is not None and c[2] is not None]
    out = {}
    for prop, kind in kinds.items():
        mine = [c for c in claims if c[2] == prop]
        sources = {c[1] for c in mine}
        attesting = {s for s in sources if s not in parents}
        altered = {
            c[1]
            for c in mine
            for p in claims
            if c[4] is not None and p[0] == c[4] and p[2] == prop and c[3] is not None
            if c[3] != p[3]
        }
        stated = {(c[1], c[3]) for c in mine if c[1] in attesting and c[3] is not None}
        clash = any(
            a < b and va != vb and not _compatible_or_equal(va, vb, kind)
            for a, va in stated
            for b, vb in stated
        )
        counts = (len(sources), len(set().union(*map(roots, sources))), len(altered))
        if not sources:
            status = None
        elif not attesting:
            status = "unsupported"
        elif len(sources) == 1:
            status = "single_source"
        else:
            status = (
                "echoed" if len(attesting) == 1 else ("conflicting" if clash else "corroborated")
            )
        out[prop] = (*counts, len(attesting), status)
    return out


SOURCE = st.sampled_from(["a", "b", "c", "d"])
CLAIM = st.sampled_from(["a.c1", "a.c2", "b.c1", "c.c1", "d.c1"])


@settings(max_examples=80, deadline=None)
@given(
    edges=st.lists(st.tuples(st.none() | SOURCE, st.none() | SOURCE), max_size=5),
    claims=st.lists(
        st.tuples(
            CLAIM,
            st.none() | SOURCE,
            st.none() | st.sampled_from(["p", "q"]),
            st.none() | st.sampled_from(["1", "~1", "5", "x"]),
            st.none() | CLAIM,
        ),
        max_size=8,
    ),
)
def test_the_frames_compute_what_the_definitions_say(edges, claims):
    kinds = {"p": "number", "q": "number", "r": "number"}
    names = ["claim_id", "source_id", "proposition_id", "proposition_value", "parent_claim_id"]
    frame = pl.DataFrame(claims, schema=dict.fromkeys(names, pl.String), orient="row")
    lineage = pl.DataFrame(
        edges, schema={"source_id": pl.String, "parent_source_id": pl.String}, orient="row"
    )
    ids = [*kinds, "p", None]  # a repeated and a missing id get a row each, as given
    props = pl.DataFrame({"proposition_id": ids, "value_kind": ["number"] * len(ids)})
    got = proposition_semantics(frame, lineage, props)
    fields = ["source_count", "origin_count", "altered_copy_count", "attesting_count", "status"]
    expected = {**_reference(claims, edges, kinds), None: (0, 0, 0, 0, None)}
    assert got.select("proposition_id", *fields).rows() == [(i, *expected[i]) for i in ids]
