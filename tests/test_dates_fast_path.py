"""Plain years, months and days get their bounds without the EDTF parser, and the same ones."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.dates.bounds import edtf_bounds, parsed_bounds, plain_bounds

YEARS = st.sampled_from(["0000", "0001", "1900", "2000", "2023", "2024", "2100", "9999"])
PARTS = st.integers(0, 32).map(lambda n: f"{n:02d}")
VALUES = st.builds(
    lambda y, m, d, shape: [y, f"{y}-{m}", f"{y}-{m}-{d}"][shape],
    YEARS,
    PARTS,
    PARTS,
    st.integers(0, 2),
)


@settings(max_examples=60, deadline=None)
@given(value=VALUES)
def test_plain_bounds_are_the_parsers_bounds(value):
    fast = plain_bounds(value)
    if fast is not None:
        assert fast == parsed_bounds(value)
    assert edtf_bounds(value) == parsed_bounds(value)


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        ("2024", True),
        ("2024-02", True),
        ("2023-02-28", True),
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2024-13", False),
        ("2024-21", False),  # a season: the parser's bounds
        ("0000", False),
        ("2024-02-03/2024-02-05", False),
    ],
)
def test_only_real_years_months_and_days_take_the_fast_path(value, plain):
    assert (plain_bounds(value) is not None) is plain
    assert edtf_bounds(value) == parsed_bounds(value)
