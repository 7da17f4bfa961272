"""The whole-block fast path of the byte scan reports exactly what the per-line analysis reports."""

import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from claimtrace.validation import encoding
from claimtrace.validation.csv_records import RecordShapes, split_records
from claimtrace.validation.encoding import Place, scan_file, scan_table

BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PLACE = Place("claims", "data/claims.csv", primary_key=("claim_id",))
PIECES = [
    b"claim_id,quote\n",
    b"c1,plain text",
    b"abc",
    b"\n",
    b",",
    b" ",
    b"\t",
    b'"',
    b'""',
    b'"a, b"',
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xef\xbb\xbf",  # BOM
    "e\u0301".encode(),  # not NFC
    "\u00e9".encode(),  # NFC
    "\u00a0".encode(),  # no-break space: white space for the blank-row test
    "\u3000".encode(),
    b"\x1c",
    "\U0001f600".encode(),
    b"\xff",  # not UTF-8
]
BLOCKS = st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join)


def _scan(data: bytes, *, csv: bool, chunk: int, per_line: bool):
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        path = Path(tmp) / "file.csv"
        path.write_bytes(data)
        mp.setattr(encoding, "CHUNK_BYTES", chunk)
        mp.setattr(encoding, "MAX_LINE_BYTES", 24)
        if per_line:
            mp.setattr(encoding, "_advance_if_clean", lambda *args: False)
        return scan_file(path, PLACE, csv=csv)


@BOUNDED
@given(
    data=BLOCKS,
    csv=st.booleans(),
    chunk=st.sampled_from([3, 16, 64, 1 << 20]),
)
def test_fast_path_reports_what_the_per_line_path_reports(data, csv, chunk):
    fast = _scan(data, csv=csv, chunk=chunk, per_line=False)
    slow = _scan(data, csv=csv, chunk=chunk, per_line=True)
    assert_frame_equal(fast, slow)


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\n1,2\n\n",  # blank row
        b'a,b\n1,"x\ny"\n,\n',  # a quoted cell over two lines, then a blank row
        b'a,b\n1,"x\n',  # unclosed quote
        b"a,b\r\n1,2\r\n",
        b"a,b\n1,\x002\n",
        "a,b\n1,e\u0301\n".encode(),
        b"a,b\n1," + b"x" * 40 + b"\n",  # longer than the (patched) line limit
    ],
)
def test_each_defect_leaves_the_fast_path(data):
    """The fast path never swallows a defect: each is found as the per-line path finds it."""
    fast = _scan(data, csv=True, chunk=1 << 20, per_line=False)
    assert fast.height > 0
    assert_frame_equal(fast, _scan(data, csv=True, chunk=1 << 20, per_line=True))


def test_a_clean_block_with_a_cell_over_lines_takes_the_fast_path():
    """The fast path is really used (else the equality above would prove nothing)."""
    data = 'id,quote\nc1,"caf\u00e9\nsecond line"\nc2," x "\n'.encode()
    fast = encoding._Scan(PLACE, csv=True, shapes=RecordShapes())
    shape = fast.shapes.feed(data, fast.line, fast.in_quotes)
    assert encoding._advance_if_clean(fast, data, shape, 1 << 20)
    assert (fast.line, fast.records, fast.record_line, fast.in_quotes) == (5, 3, 4, False)
    assert fast.shapes.frame().equals(split_records(data))


@BOUNDED
@given(data=BLOCKS, chunk=st.sampled_from([3, 16, 64, 1 << 20]))
def test_the_scan_measures_the_records_split_records_measures(data, chunk):
    """The records the scan finds block by block are those the reader would find in the file."""
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        path = Path(tmp) / "file.csv"
        path.write_bytes(data)
        mp.setattr(encoding, "CHUNK_BYTES", chunk)
        problems, records = scan_table(path, PLACE)
    fatal = problems.filter(pl.col("rule").is_in(list(encoding.FATAL))).height > 0
    if records is None:
        assert fatal or not data
    else:
        assert not fatal
        assert_frame_equal(records, split_records(data))


@BOUNDED
@given(data=BLOCKS, chunk=st.sampled_from([3, 16, 64]), cut=st.sampled_from([1, 5, 40]))
def test_a_scan_for_chunks_keeps_the_record_that_starts_each(data, chunk, cut):
    """With ``cut``, the scan keeps the header and the first record starting in each span."""
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        path = Path(tmp) / "file.csv"
        path.write_bytes(data)
        mp.setattr(encoding, "CHUNK_BYTES", chunk)
        _, cuts = scan_table(path, PLACE, cut)
    if cuts is None:
        return
    every = split_records(data)
    bucket = pl.col("start") // cut
    first = every.filter((bucket != bucket.shift()).fill_null(True) | (pl.col("row") <= 2))
    assert_frame_equal(cuts, first)
