"""Corpus rules that skip a join or a sort when they can report exactly what it would give."""

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from claimtrace.metadata import read_package
from claimtrace.tables.typed import ROW
from claimtrace.validation import claim_rules, corpus, proposition_rules
from claimtrace.validation.reader import TableRead
from corpus_helpers import ROOT

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


@pytest.fixture(scope="module")
def claims_resource():
    return read_package(ROOT).resource("claims")


SPANS = st.lists(
    st.tuples(
        st.sampled_from(["s1", "s2", "s3"]),
        st.sampled_from(["c1", "c2", "c3", "c10", "x", "c"]),
        st.none() | st.integers(0, 4),
        st.integers(0, 4),
    ),
    max_size=12,
)


@BOUNDED
@given(spans=SPANS, group=st.sampled_from([1 << 20, 4, 1 << 63]))
def test_id_order_without_ranking_reports_what_ranking_reports(claims_resource, spans, group):
    """``group`` 4 sends numbers past the key's room to the ranking; 2**63 leaves one bit of
    the hash, so most sources share a key."""
    rows = [(f"{s}.{n}", s, a, None if a is None else a + k) for s, n, a, k in spans]
    frame = pl.DataFrame(
        rows,
        schema={"claim_id": pl.String, "source_id": pl.String, "start": pl.Int64, "end": pl.Int64},
        orient="row",
    ).with_columns(pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias(ROW))
    reads = {"claims": TableRead(claims_resource, typed=frame, present=frame.columns[:4])}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(claim_rules, "_GROUP", group)
        fast = claim_rules.id_order_problems(reads)
        mp.setattr(claim_rules, "in_text_order", lambda numbered: False)
        exact = claim_rules.id_order_problems(reads)
    assert_frame_equal(fast, exact)


TEXTS = st.sampled_from(["Kyiv said 30 died.", "Київ: 30 загиблих.", "naïve café", "", "e\u0301"])


@BOUNDED
@given(
    spans=st.lists(
        st.tuples(
            TEXTS, st.integers(0, 20), st.integers(0, 20), st.sampled_from(["", "30", "Київ"])
        ),
        max_size=12,
    )
)
def test_quotes_compared_by_bytes_in_ascii_texts_are_those_compared_by_code_points(spans):
    frame = pl.DataFrame(
        spans,
        schema={"text": pl.String, "start": pl.Int64, "end": pl.Int64, "quote": pl.String},
        orient="row",
    ).with_columns(
        end=pl.min_horizontal(pl.col("start") + pl.col("end"), pl.col("text").str.len_chars()),
        _ascii=pl.col("text").str.len_bytes() == pl.col("text").str.len_chars(),
    )
    frame = frame.filter(pl.col("start") < pl.col("end"))  # as span_problems calls it
    frame = frame.with_columns(
        # half the quotes are the true slice, so both outcomes are tested
        quote=pl.when(pl.int_range(pl.len()) % 2 == 0)
        .then(pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start")))
        .otherwise("quote")
    )
    exact = frame.filter(
        pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
        != pl.col("quote")
    )
    assert_frame_equal(corpus.misquoted(frame), exact)
