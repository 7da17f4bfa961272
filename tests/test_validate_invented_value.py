"""A value only a copy states, where its origin is silent, makes its proposition unsupported."""

import polars as pl

from claimtrace.validation import validate_package
from corpus_helpers import copy_package, table, write_table


def _set_status(root, proposition_id, status):
    props = table(root, "propositions")
    props = props.with_columns(
        status=pl.when(pl.col("proposition_id") == proposition_id)
        .then(pl.lit(status))
        .otherwise(pl.col("status"))
    )
    write_table(root, "propositions", props)


def _problems(root):
    return validate_package(root).problems.filter(pl.col("rule") == "corpus.proposition_status")


def test_an_invented_effective_date_must_be_marked_unsupported(tmp_path):
    root = copy_package(tmp_path)
    assert _problems(root).height == 0
    _set_status(root, "p_decree_effective_date", "conflicting")
    found = _problems(root)
    assert found["key"].to_list() == ["proposition_id=p_decree_effective_date"]
    assert "status should be unsupported" in found["message"][0]
    assert "0 of them attesting" in found["message"][0]


def test_without_a_parent_source_a_lone_value_is_single_source(tmp_path):
    root = copy_package(tmp_path)
    lineage = table(root, "lineage").filter(pl.col("source_id") != "anon_decree_rewrite")
    write_table(root, "lineage", lineage)
    found = _problems(root).filter(pl.col("key") == "proposition_id=p_decree_effective_date")
    assert found.height == 1
    assert "status should be single_source" in found["message"][0]
