"""Values compared by meaning: examples of the spec, and property tests of ``compatible``."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.semantics import TOLERANCE, compatible, figure_interval, interval

T = TOLERANCE


@pytest.mark.parametrize(
    "a, b, kind, expected",
    [
        ("~30000", "30000..40000", "number", True),  # audit C-03: compatible estimates
        ("~30000", "35000..40000", "number", False),
        ("<~1000000", "950000", "number", True),
        ("<~1000000", "1000001", "number", False),
        (">16000", "20000", "number", True),
        (">=16000", "<16000", "number", True),  # both hold 16,000
        ("<100", "200", "number", False),
        ("30000", "30000..40000", "number", True),
        ("XXXX-07-07", "2025-07-07", "date", True),
        ("XXXX-07-07", "XXXX-07-07", "date", True),
        ("XXXX-07-07", "XXXX-07-08", "date", False),
        ("XXXX-07-07", "2025-07-08", "date", False),
        ("2024-22", "XXXX-05", "date", False),  # summer 2024 against some May
        ("2024-22", "XXXX-06-07", "date", True),
        ("2024-22", "2024-07", "date", True),
        ("2025", "XXXX-02-29", "date", False),  # 2025 has no 29 February
        ("2024", "XXXX-02-29", "date", True),
        ("XXXX-07", "2025-07-31", "date", True),
        ("emergency+martial_law", "martial_law+emergency", "set", True),
        ("emergency+martial_law", "emergency+martial_law+armed_conflict", "set", False),
        ("service_age_limit", "service_age_limit", "category", True),
        ("service_age_limit", "mandatory_military_service_age_limit", "category", False),
    ],
)
def test_compatible_examples(a, b, kind, expected):
    assert compatible(a, b, kind) is expected
    assert compatible(b, a, kind) is expected


def test_number_encodings_are_the_tolerance_table():
    assert (interval("30000", "number").low, interval("30000", "number").high) == (30000, 30000)
    approx = interval("~30000", "number")
    assert (approx.low, approx.high) == pytest.approx((30000 * (1 - T), 30000 * (1 + T)))
    nearly = interval("<~1000000", "number")
    assert (nearly.low, nearly.high) == pytest.approx((1000000 * (1 - T), 1000000))
    assert (interval("<5", "number").low, interval("<5", "number").high) == (0, 5)
    assert interval(">5", "number").high == math.inf == interval(">=5", "number").high
    assert (interval("1..2", "number").low, interval("1..2", "number").high) == (1, 2)


@pytest.mark.parametrize(
    "value, kind, says",
    [
        ("30,000", "number", "no thousands separators"),
        ("40000..30000", "number", "low > high"),
        ("about 5", "number", "not a number value"),
        ("2025-13-01", "date", "not a valid EDTF date"),
        ("July 7", "date", "not a date value"),
        ("XXXX-02-30", "date", "not a valid EDTF date"),
        ("a+a", "set", "repeats a label"),
        ("Martial law", "set", "snake_case labels"),
        ("x", "colour", "unknown value_kind"),
        (" 5", "number", "padded"),
    ],
)
def test_a_value_that_does_not_parse_says_why(value, kind, says):
    with pytest.raises(ValueError, match=says):
        interval(value, kind)


@pytest.mark.parametrize(
    "row, expected",
    [
        (("exact", 160000, None, None), (160000, 160000)),
        (("approximately", 30000, None, None), (27000, 33000)),
        (("nearly", None, None, 1000000), (900000, 1000000)),
        (("up_to", None, None, 50), (0, 50)),
        (("less_than", None, None, 50), (0, 50)),
        (("more_than", None, 16000, None), (16000, math.inf)),
        (("at_least", None, 16000, None), (16000, math.inf)),
        (("range", None, 30000, 40000), (30000, 40000)),
    ],
)
def test_figure_interval_uses_the_same_table(row, expected):
    assert figure_interval(*row) == pytest.approx(expected)


def test_figure_interval_refuses_a_missing_bound():
    with pytest.raises(ValueError, match="needs high"):
        figure_interval("nearly", 5, None, None)


# --- properties -------------------------------------------------------------------------------

numbers = st.integers(0, 10**7)
HEDGES = ("", "~", "<~", "<", ">", ">=")


@st.composite
def number_values(draw) -> str:
    if draw(st.booleans()):
        low, high = sorted((draw(numbers), draw(numbers)))
        return f"{low}..{high}"
    return f"{draw(st.sampled_from(HEDGES))}{draw(numbers)}"


@st.composite
def date_values(draw) -> str:
    year = draw(st.sampled_from(["XXXX", "2023", "2024", "2025"]))
    shape = draw(st.sampled_from(["year", "month", "day", "season"]))
    if shape == "year":
        return "2024" if year == "XXXX" else year
    if shape == "season":
        return f"{'2024' if year == 'XXXX' else year}-{draw(st.integers(21, 24))}"
    month = draw(st.integers(1, 12))
    if shape == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{draw(st.integers(1, 28)):02d}"


labels = st.sampled_from(["emergency", "martial_law", "armed_conflict", "wartime"])
set_values = st.lists(labels, min_size=1, max_size=4, unique=True).map("+".join)
KINDS = {
    "number": number_values(),
    "date": date_values(),
    "set": set_values,
    "category": labels,
}
kinds_and_values = st.sampled_from(sorted(KINDS)).flatmap(
    lambda k: st.tuples(st.just(k), KINDS[k], KINDS[k])
)


@settings(deadline=None)  # the first date parsed imports edtf's grammar
@given(kinds_and_values)
def test_compatible_is_reflexive_and_symmetric(kab):
    kind, a, b = kab
    assert compatible(a, a, kind)
    assert compatible(a, b, kind) == compatible(b, a, kind)


@given(number_values(), number_values())
def test_numbers_are_compatible_exactly_when_their_intervals_overlap(a, b):
    x, y = interval(a, "number"), interval(b, "number")
    assert compatible(a, b, "number") == (max(x.low, y.low) <= min(x.high, y.high))


@given(numbers, numbers, numbers)
def test_an_exact_value_inside_a_range_is_compatible_with_it(n, p, q):
    low, high = sorted((p, q))
    assert compatible(str(n), f"{low}..{high}", "number") == (low <= n <= high)


@given(numbers, number_values())
def test_widening_a_hedge_never_breaks_compatibility(n, other):
    # exact is inside approximately; nearly is inside approximately and less-than
    for narrow, wide in (("", "~"), ("<~", "~"), ("<~", "<"), ("", "<"), ("", ">="), (">", ">=")):
        if compatible(f"{narrow}{n}", other, "number"):
            assert compatible(f"{wide}{n}", other, "number"), (narrow, wide, n, other)


@settings(deadline=None)
@given(st.integers(1, 12), st.integers(1, 28), st.integers(1900, 2100))
def test_an_unknown_year_matches_the_same_day_of_every_year(month, day, year):
    wildcard = f"XXXX-{month:02d}-{day:02d}"
    assert compatible(wildcard, f"{year}-{month:02d}-{day:02d}", "date")
    other = day % 28 + 1
    assert not compatible(wildcard, f"{year}-{month:02d}-{other:02d}", "date")
