"""``validate_package`` lets go of the columns no rule across tables reads: same report, exactly.

The lean read (``validation.projection``) keeps, after a table's own checks, only its keys, its
foreign keys and the corpus rules' fields; ``validate_and_read`` keeps every column (the drift
report and the release need them). Both must report the same problems in the same order, on
every mutation and every hostile input.
"""

from __future__ import annotations

import random

import polars as pl
import pytest

from claimtrace.metadata import read_package
from claimtrace.validation import projection, validate_package
from claimtrace.validation.validate import validate_and_read
from corpus_factory import REPO, build_corpus
from hostile_factory import build_package
from hostile_mutations import MUTATIONS as HOSTILE
from mutations import MUTATIONS, Mutation


def _same_report(root) -> pl.DataFrame:
    lean = validate_package(root, partitioned=False)
    full = validate_and_read(root)[0]
    assert lean.readable == full.readable
    assert lean.problems.equals(full.problems)
    return lean.problems


def test_the_curated_corpus():
    assert _same_report(REPO).height == 0


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_every_mutation(tmp_path, mutation: Mutation):
    corpus = build_corpus(tmp_path / "pkg")
    expect = mutation.apply(corpus)
    found = _same_report(corpus.root)
    assert found.filter((pl.col("rule") == expect.rule) & (pl.col("table") == expect.table)).height


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_hostile_input(tmp_path, name):
    build_package(tmp_path)
    HOSTILE[name](tmp_path, random.Random(7))
    _same_report(tmp_path)


def test_the_lean_read_keeps_less(tmp_path):
    """The projection really lets columns go (else the equality above would prove nothing)."""
    kept = projection.kept_fields(read_package(REPO))
    assert "claim_text" not in kept["claims"] and "drift_note" not in kept["claims"]
    assert "canonical_text" not in kept["propositions"] and "notes" not in kept["sources"]
    assert {"claim_id", "source_id", "quote", "parent_claim_id"} <= kept["claims"]


def test_a_rule_reading_a_column_let_go_fails_loudly(tmp_path, monkeypatch):
    """A corpus rule never silently skips a column it was not given: it raises."""
    fields = dict(projection.CORPUS_FIELDS)
    fields["claims"] = tuple(f for f in fields["claims"] if f != "quote")
    monkeypatch.setattr(projection, "CORPUS_FIELDS", fields)
    corpus = build_corpus(tmp_path / "pkg")
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        validate_package(corpus.root, partitioned=False)
