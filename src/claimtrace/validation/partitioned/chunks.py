"""A CSV table cut into chunks of whole records, each read with the file's row and line numbers.

A record ends at a line break preceded by an even number of quotation marks (as in
``csv_records.split_records``); a chunk is the header record followed by the whole records of
about ``size`` bytes, so the one typed reader (``reader.read_records``) reads every chunk, and
no more than one chunk of a table is held at a time.
"""

from __future__ import annotations

import itertools
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


def chunks_of(
    path: Path, records: pl.DataFrame, size: int = CHUNK_BYTES
) -> Iterator[tuple[bytes, Offset, pl.DataFrame]]:
    """``record_chunks`` of a file whose records the byte scan measured (``scan_table``).

    Each chunk comes with its records as ``split_records`` would find them in it, so neither the
    cuts nor the records are searched for again. ``records`` holds the header first.
    """
    header_end = int(records["end"][0]) + 1
    body = records.slice(1)
    if body.height == 0:
        return
    starts = body["start"].to_numpy()
    # a chunk starts at the first record beginning at least ``size`` bytes after the last cut
    cuts, at = [0], int(starts[0])
    while True:
        nxt = int(np.searchsorted(starts, at + size))
        if nxt >= len(starts):
            break
        cuts.append(nxt)
        at = int(starts[nxt])
    cuts.append(len(starts))
    with path.open("rb") as fh:
        header = fh.read(header_end)
        for first, stop in itertools.pairwise(cuts):
            part = body.slice(first, stop - first)
            begin = int(part["start"][0])
            fh.seek(begin)
            raw = header + fh.read(int(part["end"][-1]) + 1 - begin)
            rows = int(part["row"][0]) - 2
            lines = int(part["line"][0]) - 2 if rows else 0  # the first chunk: the file's own
            local = pl.concat(
                [
                    records.slice(0, 1),
                    part.with_columns(
                        row=pl.col("row") - rows,
                        line=pl.col("line") - lines,
                        start=pl.col("start") - begin + header_end,
                        end=pl.col("end") - begin + header_end,
                    ),
                ]
            )
            yield raw, Offset(rows=rows, lines=lines), local
