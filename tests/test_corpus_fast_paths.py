"""Corpus rules that skip a join or a sort when they can report exactly what it would give."""

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from claimtrace.tables.typed import ROW
from claimtrace.validation import proposition_rules

BOUNDED = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IDS = st.lists(st.none() | st.sampled_from(["p1", "p2", "p3", "p4"]), max_size=8)


@BOUNDED
@given(ids=IDS)
def test_computed_fields_beside_the_propositions_are_the_join(ids):
    props = pl.DataFrame(
        {ROW: range(2, len(ids) + 2), "proposition_id": ids, "status": ["echoed"] * len(ids)},
        schema={ROW: pl.Int64, "proposition_id": pl.String, "status": pl.String},
    )
    computed = props.select("proposition_id", source_count=pl.col("proposition_id").str.len_bytes())
    fast = proposition_rules._beside(props, computed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(proposition_rules, "may_repeat", lambda frame, fields: True)
        exact = proposition_rules._beside(props, computed)
    assert_frame_equal(fast, exact)
