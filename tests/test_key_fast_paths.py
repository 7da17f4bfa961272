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


ID = st.none() | st.sampled_from(["a.c01", "a.c02", "b.c01", "x"])


def _frame(columns: dict[str, list]) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)).with_columns(
        pl.int_range(2, n + 2, dtype=pl.Int64).alias(ROW)
    )


@BOUNDED
@given(
    claims=st.lists(st.tuples(ID, ID), max_size=8),
    figures=st.lists(st.tuples(ID, ID), max_size=8),
    links=ROWS,
)
def test_foreign_keys_looked_up_together_are_those_looked_up_one_by_one(claims, figures, links):
    package = read_package(ROOT)
    tables = {
        "claims": {"claim_id": [c for c, _ in claims], "parent_claim_id": [p for _, p in claims]},
        "figures": {"figure_id": [f for f, _ in figures], "claim_id": [c for _, c in figures]},
        "claim_actors": {
            k: [r[i] for r in links] for i, k in enumerate(("claim_id", "actor_id", "role"))
        },
    }
    reads = {
        name: TableRead(package.resource(name), typed=_frame(cols), present=list(cols))
        for name, cols in tables.items()
    }
    together = keys.foreign_key_problems(reads)
    one_by_one = keys._dangling
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            keys, "_dangling", lambda r, checks: [x for c in checks for x in one_by_one(r, [c])]
        )
        alone = keys.foreign_key_problems(reads)
    assert_frame_equal(together, alone)
    assert together.filter(pl.col("rule") == "structure.foreign_key").height > 0 or not (
        {c for _, c in figures} - {c for c, _ in claims} - {None}
    )
