"""A CSV table cut into chunks of whole records, each read with the file's row and line numbers.

A record ends at a line break preceded by an even number of quotation marks (as in
``csv_records.split_records``); a chunk is the header record followed by the whole records of
about ``size`` bytes, so the one typed reader (``reader.read_records``) reads every chunk, and
no more than one chunk of a table is held at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl

from claimtrace.validation.csv_records import NL, QUOTE
from claimtrace.validation.reader import Offset

CHUNK_BYTES = 64 << 20
"""Bytes of records per chunk (the header aside)."""


def _record_ends(buf: bytes) -> np.ndarray:
    """Offsets of the line breaks of ``buf`` that end a record (``buf`` starts a record)."""
    arr = np.frombuffer(buf, dtype=np.uint8)
    breaks = np.flatnonzero(arr == NL)
    quotes = np.flatnonzero(arr == QUOTE)
    return breaks[np.searchsorted(quotes, breaks) % 2 == 0]


def record_chunks(path: Path, size: int = CHUNK_BYTES) -> Iterator[tuple[bytes, Offset]]:
    """The file's chunks (header + whole records) with the offset of each chunk's body.

    The file has passed the byte scan (no unclosed quote, lines of bounded length), so every
    cut falls between records.
    """
    with path.open("rb") as fh:
        carry = b""
        header = None
        while header is None:
            block = fh.read(size)
            carry += block
            ends = _record_ends(carry)
            if len(ends):
                header, carry = carry[: ends[0] + 1], carry[ends[0] + 1 :]
            elif not block:
                header, carry = carry, b""
        rows = lines = 0
        eof = False
        while True:
            while not eof and len(carry) < size:
                block = fh.read(size)
                eof = not block
                carry += block
            if not carry:
                break
            ends = _record_ends(carry)
            if eof:
                end, records = len(carry), len(ends) + (not carry.endswith(b"\n"))
            elif len(ends):
                end, records = int(ends[-1]) + 1, len(ends)
            else:  # a record longer than what is held: read on
                block = fh.read(size)
                eof = not block
                carry += block
                continue
            body, carry = carry[:end], carry[end:]
            yield header + body, Offset(rows=rows, lines=lines)
            rows += records
            lines += body.count(b"\n")


def chunks_of(path: Path, cuts: pl.DataFrame) -> Iterator[tuple[bytes, Offset]]:
    """``record_chunks`` of a file whose chunks' first records the byte scan kept.

    ``cuts`` is ``encoding.scan_table(..., cut=size)``'s records: the header, then the record
    that starts each chunk. A chunk runs to the next one's start, so no record end is searched
    for again and nothing read is copied twice.
    """
    header_end = int(cuts["end"][0]) + 1
    body = cuts.slice(1)
    starts, rows, lines = (body[c].to_list() for c in ("start", "row", "line"))
    ends = [*starts[1:], path.stat().st_size]
    with path.open("rb") as fh:
        header = fh.read(header_end)
        for begin, end, row, line in zip(starts, ends, rows, lines, strict=True):
            fh.seek(begin)
            before = row - 2  # body records before the chunk
            # the first chunk numbers its lines as the file does (a header may span lines)
            yield (
                header + fh.read(end - begin),
                Offset(rows=before, lines=line - 2 if before else 0),
            )
