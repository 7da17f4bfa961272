"""Byte-level checks of CSV tables and archived texts, run before anything parses them.

A file is scanned in blocks cut at line ends (never more than ``CHUNK_BYTES`` plus one line in
memory): UTF-8 validity, byte-order mark, NUL bytes, CR line ends, NFC text and blank rows. A
block is first checked whole (byte searches, one NFC test, a regex for blank rows, quote parity
in numpy); only a block where something is found has its lines checked as one polars
series, so every finding names its line and row. CSV quotes are tracked so that a line inside a
quoted multi-line cell is never taken for a row, and every finding names the CSV row
(header = 1) as well as the physical line.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from claimtrace.validation.csv_records import BlockShape, RecordShapes
from claimtrace.validation.limits import (
    CHUNK_BYTES,
    MAX_LINE_BYTES,
    MAX_TABLE_BYTES,
    MAX_TEXT_BYTES,
)
from claimtrace.validation.problems import empty_problems, problems_frame
from claimtrace.validation.rulebook import Rule
from claimtrace.validation.unicode_bytes import certainly_nfc, valid_utf8

LAYER = "structure"
BOM = b"\xef\xbb\xbf"
NL, QUOTE = 10, 34

RULES = (
    Rule("encoding.nul", LAYER, "no CSV table or archived text holds a NUL byte"),
    Rule("encoding.nfc", LAYER, "the text of every CSV cell is in Unicode normalisation form NFC"),
    Rule("encoding.empty_file", "corpus", "an archived text is not empty"),
    Rule(
        "structure.unclosed_quote",
        LAYER,
        'every quotation mark that opens a CSV cell is closed ("" inside a quoted cell)',
    ),
)
RULE_IDS = {
    # (defect, is a CSV table): the rule id it is reported under, shared with the reader and
    # the corpus layer, which report the same defects without a line when the scan did not run
    ("encoding.utf8", True): "structure.encoding",
    ("encoding.bom", True): "structure.bom",
    ("encoding.crlf", True): "structure.line_ending",
    ("encoding.bare_cr", True): "structure.line_ending",
    ("encoding.blank_row", True): "structure.blank_row",
    ("encoding.empty_file", True): "structure.missing_header",
    ("encoding.unreadable", True): "structure.unreadable_file",
    ("encoding.utf8", False): "corpus.text_utf8",
    ("encoding.bom", False): "corpus.text_normal_form",
    ("encoding.crlf", False): "corpus.text_normal_form",
    ("encoding.bare_cr", False): "corpus.text_normal_form",
    ("encoding.nfc", False): "corpus.text_normal_form",
    ("encoding.unreadable", False): "corpus.text_exists",
    ("limits.file_too_large", False): "corpus.text_readable",
}
FATAL = frozenset(
    {
        "structure.encoding",
        "structure.unclosed_quote",
        "limits.file_too_large",
        "limits.line_too_long",
    }
)
"""Rules after which a file is not parsed at all."""

_SPACE = (
    rb"[,\t\x0b\x0c\x1c-\x20]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]"
    rb"|\xe2\x81\x9f|\xe3\x80\x80"
)
"""A comma or a white-space character in UTF-8 (every one ``\\s`` matches, and more)."""
_BLANK_AT = re.compile(rb"(?:" + _SPACE + rb")*\n")
"""A line of nothing but commas and white space (matched where a row starts)."""
_MAY_START_BLANK = np.zeros(256, dtype=bool)
_MAY_START_BLANK[[NL, *b",\t\x0b\x0c\x1c\x1d\x1e\x1f ", 0xC2, 0xE1, 0xE2, 0xE3]] = True
"""First bytes of a line ``_BLANK_AT`` can match: LF (an empty line) and those of ``_SPACE``."""


@dataclass(frozen=True)
class Place:
    """Where findings about one file are reported."""

    table: str
    file: str
    row: int | None = None
    key: str | None = None
    field: str | None = None
    primary_key: tuple[str, ...] = ()


@dataclass
class _Scan:
    """Running state of one file's scan."""

    place: Place
    csv: bool
    line: int = 1  # physical line number of the next block's first line
    records: int = 0  # CSV rows started before the next block
    in_quotes: bool = False
    record_line: int = 1  # physical line where the latest CSV row starts
    header: str = ""  # the first line, to name the key of a row that cannot be decoded
    shapes: RecordShapes | None = None  # a CSV table's records, as the reader needs them
    complete: bool = False  # the whole file was read
    found: list[dict] = field(default_factory=list)
    firsts: dict[str, tuple[int, int | None, int]] = field(default_factory=dict)

    def report(
        self,
        defect: str,
        message: str,
        row: int | None = None,
        value: str | None = None,
        key: str | None = None,
        line: int | None = None,
    ):
        p = self.place
        rule = RULE_IDS.get((defect, self.csv), defect)
        self.found.append(
            {
                "layer": "corpus" if rule.startswith("corpus.") else LAYER,
                "table": p.table,
                "row": row if self.csv else p.row,
                "line": line if self.csv else None,
                "key": key if self.csv else p.key,
                "field": p.field,
                "rule": rule,
                "value": value,
                "message": f"{p.file}: {message}",
            }
        )

    def tally(self, rule: str, line: int, row: int | None, count: int) -> None:
        """Count a file-level finding, keeping where it first occurs."""
        first = self.firsts.get(rule)
        self.firsts[rule] = (first[0], first[1], first[2] + count) if first else (line, row, count)


_SUMMARY = {
    "encoding.nul": ("NUL byte", "remove it: a NUL byte is never text"),
    "encoding.crlf": ("CR LF line end", "save the file with LF (Unix) line ends"),
    "encoding.bare_cr": ("bare carriage return (CR)", "replace it with LF or remove it"),
    "encoding.nfc": (
        "line not in Unicode NFC",
        "normalise the file to NFC (e.g. unicodedata.normalize('NFC', text))",
    ),
}


def _where(scan: _Scan, line: int, row: int | None) -> str:
    return f"line {line}, row {row}" if scan.csv and row is not None else f"line {line}"


def _lines(scan: _Scan, text: str) -> pl.DataFrame:
    """One row per line of ``text`` (which ends with LF): number, CSV row and checks."""
    lines = pl.Series("text", [text[:-1]]).str.split("\n").explode()
    frame = pl.DataFrame(lines).with_row_index("i").with_columns(line=pl.col("i") + scan.line)
    if not scan.csv:
        return frame.with_columns(row=pl.lit(None, pl.Int64), starts=pl.lit(True))
    quotes = pl.col("text").str.count_matches('"', literal=True).cast(pl.Int64)
    before = quotes.cum_sum() - quotes + int(scan.in_quotes)
    frame = frame.with_columns(quotes=quotes, starts=before % 2 == 0)
    return frame.with_columns(row=pl.col("starts").cum_sum().cast(pl.Int64) + scan.records)


def _advance(scan: _Scan, data: bytes, shape: BlockShape | None) -> None:
    """Move the scan past a checked block: lines, CSV rows started, quote state, records."""
    if shape is None:
        scan.line += data.count(b"\n")
        return
    begun = shape.record_lines
    if len(begun):
        scan.record_line = scan.line + int(begun[-1])
    scan.records += len(begun)
    scan.in_quotes = shape.in_quotes
    scan.line += len(shape.newlines)
    scan.shapes.commit(shape)


def _advance_if_clean(
    scan: _Scan, data: bytes, shape: BlockShape | None, line_limit: int | None
) -> bool:
    """Check the block whole; when it certainly holds no finding, advance the scan past it.

    ``data`` is the block (whole lines, ending with LF, valid UTF-8) and ``shape`` its records
    (None for a text). Every test here catches at least what a per-line check of ``_block``
    catches: a block that fails one is analysed line by line, so each finding keeps its line,
    row and message.
    """
    if b"\x00" in data or b"\r" in data:
        return False
    if not (certainly_nfc(data) or unicodedata.is_normalized("NFC", data.decode("utf-8"))):
        return False
    if shape is not None:
        if line_limit is not None and _has_long_line(data, line_limit):
            return False
        if _maybe_blank_row(data, shape):
            return False
    _advance(scan, data, shape)
    return True


def _maybe_blank_row(data: bytes, shape: BlockShape) -> bool:
    """Whether a row of the block may be blank: only rows whose first byte allows it are tried."""
    begins = shape.line_starts
    if not len(begins):
        return False
    first = np.frombuffer(data, dtype=np.uint8)[begins]
    # only rows that start with LF, a comma or white space are tried
    return any(_BLANK_AT.match(data, int(at)) for at in begins[_MAY_START_BLANK[first]])


def _has_long_line(data: bytes, limit: int) -> bool:
    """Whether a line of ``data`` is longer than ``limit`` bytes, probing windows, not lines.

    A line longer than ``limit`` covers a whole aligned window of ``(limit + 1) // 2`` bytes,
    so only a window without LF needs its line measured.
    """
    width = max(1, (limit + 1) // 2)
    for at in range(0, len(data), width):  # one probe per window, not per line
        if data.find(b"\n", at, at + width) == -1:
            begin = data.rfind(b"\n", 0, at) + 1
            stop = data.find(b"\n", at)
            if (stop if stop != -1 else len(data)) - begin > limit:
                return True
    return False


def _block(scan: _Scan, data: bytes, line_limit: int | None) -> bool:
    """Check one block of whole lines; return False when the file cannot be read further."""
    if not valid_utf8(data):
        return _not_utf8(scan, data)
    shape = scan.shapes.feed(data, scan.line, scan.in_quotes) if scan.shapes else None
    if _advance_if_clean(scan, data, shape, line_limit):
        return True
    frame = _lines(scan, data.decode("utf-8"))
    if line_limit is not None:
        long = frame.filter(pl.col("text").str.len_bytes() > line_limit)
        if long.height:
            _too_long(scan, long["line"][0], long["row"][0], line_limit)
            return False
    checks = {
        "encoding.nul": pl.col("text").str.count_matches("\x00", literal=True),
        "encoding.crlf": pl.col("text").str.ends_with("\r").cast(pl.UInt32),
        "encoding.bare_cr": pl.col("text").str.count_matches("\r", literal=True)
        - pl.col("text").str.ends_with("\r").cast(pl.UInt32),
        "encoding.nfc": (pl.col("text").str.normalize("NFC") != pl.col("text")).cast(pl.UInt32),
    }
    hits = frame.select("line", "row", **checks)
    for rule in checks:
        found = hits.filter(pl.col(rule) > 0)
        if found.height:
            scan.tally(rule, found["line"][0], found["row"][0], int(found[rule].sum()))
    if scan.csv:
        blank = frame.filter(pl.col("starts") & pl.col("text").str.contains(r"^[,\s]*$"))
        for line, row in blank.select("line", "row").iter_rows():  # one report per blank row
            scan.report(
                "encoding.blank_row",
                f"line {line}, row {row} is blank; delete the row",
                row=row,
                line=line,
            )
    _advance(scan, data, shape)
    return True


def _not_utf8(scan: _Scan, data: bytes) -> bool:
    """Report the first bytes of ``data`` that are not UTF-8 (the lines before are checked)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: data.rfind(b"\n", 0, exc.start) + 1]
        if head:
            _block(scan, head, None)
        line, row = scan.line, scan.records + int(not scan.in_quotes)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.end].hex(" ")
        begin = data.rfind(b"\n", 0, exc.start) + 1
        record = data[begin : data.find(b"\n", exc.start) % (len(data) + 1)]
        scan.report(
            "encoding.utf8",
            f"{_where(scan, line, row)}, byte {column}: bytes {bad} are not valid UTF-8; "
            "save the file as UTF-8",
            row=row,
            value=bad,
            key=_key_of(scan, record.decode("utf-8", errors="replace")) if row > 1 else None,
            line=line,
        )
    return False


def scan_file(path: Path, place: Place, *, csv: bool) -> pl.DataFrame:
    """Byte-level problems of one file (a CSV table if ``csv``, else an archived text)."""
    return _finish(_scan_path(path, place, csv))


def scan_table(
    path: Path, place: Place, cut: int | None = None
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The byte-level problems of a CSV table and its records (``csv_records.split_records``).

    The records are None unless the scan read the whole file (it stops at a fatal problem).
    ``cut``: only the records where chunks of about that many bytes start (``RecordShapes``).
    """
    scan = _scan_path(path, place, True, cut)
    records = scan.shapes.frame() if scan.shapes is not None and scan.complete else None
    return _finish(scan), records


def _scan_path(path: Path, place: Place, csv: bool, cut: int | None = None) -> _Scan:
    scan = _Scan(place, csv, shapes=RecordShapes(cut) if csv else None)
    limit, line_limit = (MAX_TABLE_BYTES, MAX_LINE_BYTES) if csv else (MAX_TEXT_BYTES, None)
    try:
        size = path.stat().st_size
        if size == 0:
            what = "has not even a header line; write the header" if csv else "is empty"
            scan.report("encoding.empty_file", f"the file {what}", row=1 if csv else None, line=1)
        elif size > limit:
            scan.report(
                "limits.file_too_large",
                f"the file has {size:,} bytes, more than the {limit:,} the validator reads",
                value=str(size),
            )
        else:
            with path.open("rb") as fh:
                _scan_stream(scan, fh, line_limit)
    except OSError as exc:
        scan.report("encoding.unreadable", f"cannot be read: {exc.strerror}")
    return scan


def _scan_stream(scan: _Scan, fh, line_limit: int | None) -> None:
    carry = b""
    first = True
    while True:
        block = fh.read(CHUNK_BYTES)
        buffer = carry + block
        if first:
            first = False
            scan.header = buffer[: buffer.find(b"\n")].decode("utf-8", errors="replace")
            if buffer.startswith(BOM):
                scan.report(
                    "encoding.bom",
                    "line 1 starts with a byte-order mark (EF BB BF); save as UTF-8 without BOM",
                    row=1,
                    value="EF BB BF",
                    line=1,
                )
        cut = buffer.rfind(b"\n") + 1 if block else len(buffer)
        whole, carry = buffer[:cut], buffer[cut:]
        if line_limit is not None and len(carry) > line_limit:
            if whole and not _block(scan, whole, line_limit):
                return
            _too_long(scan, scan.line, scan.records + int(not scan.in_quotes), line_limit)
            return
        ending = b"" if whole.endswith(b"\n") else b"\n"
        if whole and not _block(scan, whole + ending, line_limit):
            return
        if not block:
            break
    if scan.in_quotes:
        scan.report(
            "structure.unclosed_quote",
            f"the quoted cell opened in row {scan.records} (line {scan.record_line}) is never "
            'closed; close it with " (and write a quotation mark inside a cell as "")',
            row=scan.records,
            line=scan.record_line,
        )
    else:
        scan.complete = True


def _key_of(scan: _Scan, record: str) -> str | None:
    """``"claim_id=x"`` for a record that cannot be decoded, read after replacing bad bytes."""
    pk = scan.place.primary_key
    try:
        frame = pl.read_csv(io.StringIO(f"{scan.header}\n{record}\n"), infer_schema=False)
    except pl.exceptions.PolarsError:
        return None
    if frame.height != 1 or not set(pk) <= set(frame.columns):
        return None
    return ", ".join(f"{k}={frame[k][0] or '(empty)'}" for k in pk) or None


def _too_long(scan: _Scan, line: int, row: int | None, limit: int) -> None:
    scan.report(
        "limits.line_too_long",
        f"line {line} (row {row}) is longer than {limit:,} bytes, the most the validator "
        "reads in one line; the table is not parsed",
        row=row,
        line=line,
    )


def _finish(scan: _Scan) -> pl.DataFrame:
    for rule, (line, row, count) in scan.firsts.items():
        what, fix = _SUMMARY[rule]
        many = f"{count:,} times, first at" if count > 1 else "once, at"
        scan.report(rule, f"{what} {many} {_where(scan, line, row)}; {fix}", row=row, line=line)
    return problems_frame(pl.DataFrame(scan.found)) if scan.found else empty_problems()
