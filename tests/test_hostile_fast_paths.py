"""The hostile-cell checks test only cells a cheap test lets through; that loses no finding.

Formula injection tests only cells whose first character can start a formula (``FIRST``),
oversized cells only those with more bytes than the limit has characters, and impossible dates
are tested once per distinct value. Each fast path is compared with the exact test on every row.
"""

import sys

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from claimtrace.metadata import read_package
from claimtrace.tables.typed import ROW
from claimtrace.validation import injection
from claimtrace.validation.calendar import _impossible, _seasons_allowed, calendar_problems
from claimtrace.validation.frames import rows_to_problems
from claimtrace.validation.reader import TableRead
from corpus_helpers import ROOT

pytestmark = pytest.mark.timeout(120)
BOUNDED = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = [
    "",
    "a",
    "Zelensky said",
    "=1+1",
    "+3",
    "-5",
    "-1,200 %",
    "+cmd|' /C calc'!A0",
    "＝A1",
    "＠SUM(1)",
    " ",
    "\u00a0",
    "\u3000",
    "\u200b",
    "\ufeff",
    "\t",
    "\r",
    "\x1f",
    "é",
    "«",
    "2025-02-30",
    "2025-13",
    "2025-21",
    "XXXX-02-29",
    "2024-02-29",
]
CELLS = st.none() | st.lists(st.sampled_from(PIECES), max_size=4).map("".join)


@pytest.fixture(scope="module")
def sources():
    return read_package(ROOT).resource("sources")


def _read(resource, titles, authors, dates) -> TableRead:
    n = len(titles)
    frame = pl.DataFrame(
        {
            ROW: pl.int_range(2, n + 2, eager=True),
            "source_id": [f"s{i}" for i in range(n)],
            "title": titles,
            "authors": authors,
            "date_published": dates,
        },
        schema={
            ROW: pl.Int64,
            "source_id": pl.String,
            "title": pl.String,
            "authors": pl.List(pl.String),
            "date_published": pl.String,
        },
    )
    return TableRead(resource, typed=frame, present=list(frame.columns[1:]))


def test_first_is_exactly_what_a_formula_can_start_with():
    """A code point matches ``FIRST`` exactly when a cell it starts can be a formula, and
    ``FIRST_BYTES`` are the first bytes of those code points."""
    points = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    cells = pl.Series(points, dtype=pl.String)
    first = pl.select(pl.lit(cells).str.contains(injection.FIRST)).to_series()
    formula = pl.select(injection.formula_expr(pl.lit(cells + "=x"))).to_series()
    assert first.to_list() == formula.to_list()
    assert first.sum() > 100  # the blanks, the prefixes and the signs
    lead = cells.filter(first).cast(pl.Binary).bin.get(0).unique().sort()
    assert lead.to_list() == injection.FIRST_BYTES.sort().to_list()


@BOUNDED
@given(
    rows=st.lists(st.tuples(CELLS, st.none() | st.lists(CELLS, max_size=3), CELLS), max_size=30),
    limit=st.sampled_from([1, 3, 8]),
)
def test_offending_cells_with_and_without_the_cheap_test_agree(sources, rows, limit):
    titles, authors, dates = (list(c) for c in zip(*rows, strict=True)) if rows else ([], [], [])
    read = _read(sources, titles, authors, dates)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(injection, "MAX_CELL_CHARS", limit)
        for hit, may in (
            (injection._formula, injection._may_formula),
            (injection._length, injection._may_be_long),
        ):
            fast = injection._offending_cells(read, hit, may)
            exact = injection._offending_cells(read, hit)
            assert_frame_equal(fast, exact)


@BOUNDED
@given(dates=st.lists(CELLS, max_size=30))
def test_impossible_dates_found_per_distinct_value_are_those_of_every_row(sources, dates):
    read = _read(sources, ["t"] * len(dates), [None] * len(dates), dates)
    pattern = str(sources.schema.field("date_published").constraints["pattern"])
    bad = read.typed.filter(
        _impossible("date_published", _seasons_allowed(pattern)).fill_null(False)
    )
    exact = rows_to_problems(
        bad,
        sources.schema,
        layer="table",
        rule="date.calendar",
        field="date_published",
        message="",
    )
    fast = calendar_problems(read)
    assert_frame_equal(fast.select("row", "key", "value"), exact.select("row", "key", "value"))
