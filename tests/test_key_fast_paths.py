"""Key checks skip the exact test when 64-bit hashes prove every key distinct: nothing lost."""

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from claimtrace.metadata import read_package
from claimtrace.tables.typed import ROW
from claimtrace.validation import keys
from claimtrace.validation.reader import TableRead
from corpus_helpers import ROOT

BOUNDED = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PART = st.none() | st.sampled_from(["a", "b", "c.c01", ""])
ROWS = st.lists(st.tuples(PART, PART, st.sampled_from(["claimant", "subject"])), max_size=25)


@pytest.fixture(scope="module")
def claim_actors():
    return read_package(ROOT).resource("claim_actors")


def _read(resource, rows) -> TableRead:
    frame = pl.DataFrame(
        rows,
        schema={"claim_id": pl.String, "actor_id": pl.String, "role": pl.String},
        orient="row",
    ).with_columns(pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias(ROW))
    return TableRead(resource, typed=frame, present=["claim_id", "actor_id", "role"])


@BOUNDED
@given(rows=ROWS)
def test_primary_key_problems_with_and_without_the_hash_test_agree(claim_actors, rows):
    read = _read(claim_actors, rows)
    fast = keys.primary_key_problems(read)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keys, "may_repeat", lambda frame, fields: True)
        exact = keys.primary_key_problems(read)
    assert_frame_equal(fast, exact)
    assert fast.height == len(rows) - len(set(rows))


@BOUNDED
@given(rows=ROWS)
def test_may_repeat_is_false_only_for_distinct_keys(claim_actors, rows):
    read = _read(claim_actors, rows)
    for fields in (["claim_id"], ["claim_id", "actor_id", "role"]):
        keyed = [tuple(row[read.typed.columns.index(f)] for f in fields) for row in rows]
        if not keys.may_repeat(read.typed, fields):
            assert len(set(keyed)) == len(keyed)
        if len(set(keyed)) < len(keyed):
            assert keys.may_repeat(read.typed, fields)
