"""Origins and the per-proposition status, on small frames built for each rule."""

import polars as pl

from claimtrace.semantics import origins, proposition_semantics

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
