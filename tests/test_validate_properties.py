"""Property tests of the vectorised pieces against plain Python: CSV shape and code-point slices."""

import csv
import io

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.validation.csv_records import split_records

cell = st.text(alphabet=st.sampled_from(list('ab,"\n é😀')), max_size=6)
row = st.lists(cell, min_size=1, max_size=5)


@settings(max_examples=150, deadline=None)
@given(st.lists(row, min_size=1, max_size=8))
def test_split_records_counts_cells_like_the_csv_module(rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    expected = [len(r) for r in csv.reader(io.StringIO(text))]
    got = split_records(text)
    # csv.reader reads an empty line as a row with no cells; a lone empty cell is written as ""
    assert got["cells"].to_list() == [n if n else 0 for n in expected]
    assert got["row"].to_list() == list(range(1, len(expected) + 1))


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("abc é’€😀\n")), min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), min_size=1, max_size=10),
)
def test_quote_check_slices_code_points_like_python(text, spans):
    """The corpus layer's quote check (str.slice over a joined text column) counts code points."""
    spans = [(s, min(s + n, len(text))) for s, n in spans if s < len(text)]
    if not spans:
        return
    frame = pl.DataFrame({"start": [s for s, _ in spans], "end": [e for _, e in spans]})
    sliced = frame.with_columns(text=pl.lit(text)).select(
        pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
    )
    assert sliced["text"].to_list() == [text[s:e] for s, e in spans]
