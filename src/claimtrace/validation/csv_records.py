"""The shape of a CSV file, found without trusting it: logical records and their cell counts.

``polars.read_csv`` raises on a row with too many cells and silently pads a row with too few, so
the shape is measured first, vectorised with numpy over the raw bytes: a line break ends a record
when an even number of ``"`` precede it (an escaped ``""`` keeps the parity), and a record holds
one cell more than its commas outside the quoted sections (pairs of consecutive quotes). Only
sorted searches over the positions of quotes, commas and line breaks are needed.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import polars as pl

NL, QUOTE, COMMA, CR = 10, 34, 44, 13
STEP = 1 << 24
"""Bytes compared at a time: a file-sized boolean mask would double the memory of a read."""


def positions(buf: np.ndarray, byte: int) -> np.ndarray:
    """Sorted offsets of ``byte`` in ``buf``, found one ``STEP`` at a time.

    Offsets are 32-bit below 4 GiB (half the memory of int64); every position array of a file
    has the same type, so searches between them never convert one.
    """
    kind = np.uint32 if len(buf) < 1 << 32 else np.int64
    parts = [
        (np.flatnonzero(buf[i : i + STEP] == byte) + i).astype(kind)
        for i in range(0, len(buf), STEP)
    ]
    return np.concatenate(parts) if parts else np.empty(0, dtype=kind)


def split_records(data: bytes | str) -> pl.DataFrame:
    """Logical records of a CSV file: ``row`` (header = 1), ``line``, ``start``, ``end``, ``cells``.

    ``line`` is the physical line a record starts on; ``start``/``end`` are its byte offsets
    (line break excluded); ``cells`` is 0 for a blank record. A trailing line break ends the last
    record; it does not add an empty one.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    buf = np.frombuffer(raw, dtype=np.uint8)
    size = len(buf)
    newlines = positions(buf, NL)
    commas = positions(buf, COMMA)
    quotes = positions(buf, QUOTE)
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    if size and (len(ends) == 0 or ends[-1] != size - 1):
        ends = np.append(ends, ends.dtype.type(size))  # the last record has no line break
    starts = np.concatenate([[0], ends[:-1] + 1]) if len(ends) else ends
    starts = starts.astype(np.int64)
    # commas per record, minus those inside quoted sections [quotes[2k], quotes[2k+1]]
    per_record = np.diff(np.searchsorted(commas, ends), prepend=0)
    if len(quotes):
        bounds = np.append(quotes, quotes.dtype.type(size)) if len(quotes) % 2 else quotes
        opens, closes = bounds[0::2], bounds[1::2]
        inside = np.searchsorted(commas, closes) - np.searchsorted(commas, opens)
        per_record = per_record - np.bincount(
            np.searchsorted(ends, opens), weights=inside, minlength=len(ends)
        )[: len(ends)].astype(np.int64)
    length = ends - starts
    blank = (length == 0) | ((length == 1) & (buf[np.minimum(starts, size - 1)] == CR))
    cells = np.where(blank, 0, per_record + 1)
    line = np.searchsorted(newlines, starts) + 1
    return pl.DataFrame(
        {
            "row": np.arange(1, len(ends) + 1, dtype=np.int64),
            "line": line.astype(np.int64),
            "start": starts.astype(np.int64),
            "end": ends.astype(np.int64),
            "cells": cells.astype(np.int64),
        }
    )


def record_texts(raw: bytes, records: pl.DataFrame) -> pl.Series:
    """The text of each of ``records`` (meant for the few bad ones), CR dropped, as a Series."""
    texts = [
        raw[s:e].decode("utf-8", "replace").removesuffix("\r")
        for s, e in zip(records["start"], records["end"], strict=True)
    ]
    return pl.Series("text", texts, dtype=pl.String)


def without_records(raw: bytes, body_start: int, drop: pl.DataFrame) -> bytes:
    """The bytes from ``body_start`` with the records of ``drop`` cut out (one slice per record)."""
    pieces, at = [], body_start
    for s, e in zip(drop["start"], drop["end"], strict=True):
        pieces.append(raw[at:s])
        at = e + 1
    pieces.append(raw[at:])
    return b"".join(pieces)


def parse_labels(header: str) -> list[str | None]:
    """The header record's labels as written (an empty label is None)."""
    frame = pl.read_csv(io.StringIO(header + "\n"), has_header=False, infer_schema=False)
    return [None if v is None or v == "" else v for v in frame.row(0)]


def parse_rows(data: bytes | Path, width: int, rows: int, skip: int = 0) -> pl.DataFrame:
    """Parse ``rows`` CSV records of ``width`` cells each, as strings c0..cN.

    ``data`` is the records' bytes, or a file whose first ``skip`` records (the header) are
    skipped: polars then maps the file itself, and no copy of it is held in Python.
    """
    names = [f"c{i}" for i in range(width)]
    if rows == 0:
        return pl.DataFrame(schema=dict.fromkeys(names, pl.String))
    return pl.read_csv(
        data, has_header=False, new_columns=names, infer_schema=False, skip_rows=skip
    )


RECORD_SCHEMA = {name: pl.Int64 for name in ("row", "line", "start", "end", "cells")}


class RecordShapes:
    """``split_records`` of a file fed block by block (the byte scan's blocks), in one pass.

    Each block holds whole lines (it ends with LF; the last block of a file without a final line
    break is given one, at the offset where ``split_records`` ends the last record). A record
    open at the end of a block (inside a quoted cell) is carried to the next. The byte scan finds
    the records while it reads each block anyway, so the reader need not read the file again to
    measure its shape.
    """

    def __init__(self, cut: int | None = None) -> None:
        """``cut``: keep only the header and the first record starting in each ``cut`` bytes.

        Those are where a file read in chunks of about ``cut`` bytes is cut (``partitioned``):
        a few records, whatever the file's size, instead of every one.
        """
        self._parts: list[tuple[np.ndarray, ...]] = []
        self._open: tuple[int, int, int] | None = None  # start, line, commas outside quotes
        self._cut = cut
        self._rows = 0  # finished records so far
        self._bucket = -1  # the ``cut``-sized span of the latest record kept
        self.offset = 0  # bytes fed so far

    def feed(self, data: bytes, line: int, in_quotes: bool) -> BlockShape:
        """The shape of the next block, which starts on physical ``line``, not yet recorded."""
        return BlockShape.of(data, self.offset, line, in_quotes, self._open)

    def commit(self, shape: BlockShape) -> None:
        """Record a block's finished records and carry its open one."""
        start, line, end, cells = shape.rows
        row = np.arange(self._rows + 1, self._rows + len(start) + 1, dtype=np.int64)
        self._rows += len(start)
        if self._cut is not None and len(start):
            bucket = start // self._cut
            keep = (np.diff(bucket, prepend=self._bucket) > 0) | (row <= 2)
            self._bucket = int(bucket[-1])
            row, start, line, end, cells = (a[keep] for a in (row, start, line, end, cells))
        if len(start):
            self._parts.append((row, line, start, end, cells))
        self._open = shape.open
        self.offset += shape.size

    def frame(self) -> pl.DataFrame:
        """The records kept, as ``split_records`` gives them (``row``: header = 1)."""
        if not self._parts:
            return pl.DataFrame(schema=RECORD_SCHEMA)
        columns = (np.concatenate(c) for c in zip(*self._parts, strict=True))
        return pl.DataFrame(dict(zip(RECORD_SCHEMA, columns, strict=True)), schema=RECORD_SCHEMA)


class BlockShape:
    """The records one block starts or ends: see ``RecordShapes``."""

    __slots__ = ("in_quotes", "line_starts", "newlines", "open", "record_lines", "rows", "size")

    @classmethod
    def of(
        cls,
        data: bytes,
        base: int,
        line: int,
        in_quotes: bool,
        carried: tuple[int, int, int] | None,
    ) -> BlockShape:
        """Measure ``data`` (whole lines) that starts at byte ``base`` of its file."""
        buf = np.frombuffer(data, dtype=np.uint8)
        newlines = np.flatnonzero(buf == NL)
        quotes = np.flatnonzero(buf == QUOTE)
        commas = np.flatnonzero(buf == COMMA)
        q = int(in_quotes)
        ends_mask = (np.searchsorted(quotes, newlines) + q) % 2 == 0
        ends = newlines[ends_mask]
        # records begin at 0 (outside a quoted cell) and after each end but the block's last LF
        after = np.flatnonzero(ends_mask[:-1]) + 1
        begin_lines = np.concatenate(([0], after)) if not q else after
        begins = newlines[after - 1] + 1
        if not q:
            begins = np.concatenate(([0], begins))
        # commas per record (slot 0: the carried record), less those inside quoted sections
        bounds = np.concatenate(([0], begins, [len(buf)]))
        counts = np.diff(np.searchsorted(commas, bounds)).astype(np.int64)
        marks = np.concatenate(([0], quotes)) if q else quotes  # a section open at the start
        if len(marks):
            if len(marks) % 2:
                marks = np.append(marks, len(buf))  # a section still open at the end
            opens, closes = marks[0::2], marks[1::2]
            inside = np.searchsorted(commas, closes) - np.searchsorted(commas, opens)
            owner = np.searchsorted(begins, opens, side="right")
            counts -= np.bincount(owner, weights=inside, minlength=len(begins) + 1).astype(np.int64)
        # the k-th record of the block ends at the k-th end (the carried record first)
        starts = begins.astype(np.int64) + base
        lines = begin_lines.astype(np.int64) + line
        commas_of = counts[1:]
        if carried is not None:
            starts = np.concatenate(([carried[0]], starts))
            lines = np.concatenate(([carried[1]], lines))
            commas_of = np.concatenate(([carried[2] + counts[0]], commas_of))
        done = len(ends)
        finished_ends = ends.astype(np.int64) + base
        length = finished_ends - starts[:done]
        local = starts[:done] - base
        cr_only = (length == 1) & (buf[np.clip(local, 0, len(buf) - 1)] == CR) & (local >= 0)
        blank = (length == 0) | cr_only
        cells = np.where(blank, 0, commas_of[:done] + 1)
        shape = cls()
        shape.rows = (starts[:done], lines[:done], finished_ends, cells)
        shape.open = (
            (int(starts[done]), int(lines[done]), int(commas_of[done]))
            if len(starts) > done
            else None
        )
        shape.in_quotes = bool((len(quotes) + q) % 2)
        shape.newlines = newlines
        shape.line_starts = begins
        shape.record_lines = begin_lines
        shape.size = len(data)
        return shape
