"""Unicode tests over a block's bytes, without decoding it: valid UTF-8, and certainly NFC.

``valid_utf8`` is Arrow's UTF-8 validation (SIMD, on the bytes in place): CPython's decode builds
the whole string only to throw it away. The exact error (which bytes, where) still comes from
CPython's decoder, for the one block that fails.

``unicodedata.is_normalized`` (the Unicode quick check) is exact but needs the block decoded and
visits every code point: at a million claims that was half the byte scan. Unicode's quick check
answers YES for a string none of whose code points has a non-zero canonical combining class or
an NFC_Quick_Check value other than Yes; every code point below U+0300 is such a code point, and
in UTF-8 only a lead byte of 0xCC or more starts one at or above it. So a block is certainly NFC
when the code points those lead bytes start (a few, and few distinct: typographic quotes, dashes)
are all *plain*; a block with any other code point goes to ``unicodedata.is_normalized``.

No library gives this test over bytes (ICU's quick check needs a decoded string, pyarrow and
polars have none), so it is written here, from ``unicodedata`` of the running Python (the same
Unicode version as the exact test it stands in front of).
"""

from __future__ import annotations

import unicodedata
from functools import cache

import numpy as np

_OFFSETS = np.array([0, 0], dtype=np.int64)

FIRST_LEAD = 0xCC
"""UTF-8 lead byte of U+0300, the first code point that is not plain."""

_HANGUL_VOWELS = range(0x1161, 0x1176)
_HANGUL_TRAILS = range(0x11A8, 0x11C3)
"""Jamo that compose with a preceding syllable by the Hangul algorithm (NFC_QC = Maybe)."""


@cache
def _second_of_pair() -> frozenset[int]:
    """Code points that end a canonical two-code-point decomposition (NFC_QC = Maybe)."""
    found = set()
    for cp in range(0x110000):
        mapping = unicodedata.decomposition(chr(cp))
        if mapping and not mapping.startswith("<"):
            parts = mapping.split()
            if len(parts) == 2:
                found.add(int(parts[1], 16))
    return frozenset(found)


@cache
def plain(cp: int) -> bool:
    """Whether code point ``cp`` can never make a string non-NFC (ccc 0 and NFC_QC Yes)."""
    ch = chr(cp)
    if unicodedata.combining(ch) or unicodedata.normalize("NFC", ch) != ch:
        return False
    if cp in _HANGUL_VOWELS or cp in _HANGUL_TRAILS:
        return False
    return cp not in _second_of_pair()


def valid_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 (as ``data.decode("utf-8")`` would find)."""
    if data.isascii():
        return True
    import pyarrow as pa

    offsets = _OFFSETS.copy()
    offsets[1] = len(data)
    one = pa.Array.from_buffers(
        pa.large_binary(), 1, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )
    try:
        one.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def code_points_from(buf: np.ndarray) -> np.ndarray:
    """The distinct code points at or above U+0300 in ``buf`` (valid UTF-8 bytes, uint8)."""
    at = np.flatnonzero(buf >= FIRST_LEAD)
    if len(at) == 0:
        return at
    last = len(buf) - 1
    lead = buf[at].astype(np.uint32)

    def cont(k: int) -> np.ndarray:
        return buf[np.minimum(at + k, last)].astype(np.uint32) & 0x3F

    two = ((lead & 0x1F) << 6) | cont(1)
    three = ((lead & 0x0F) << 12) | (cont(1) << 6) | cont(2)
    four = ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3)
    points = np.where(lead < 0xE0, two, np.where(lead < 0xF0, three, four))
    return np.unique(points)


def certainly_nfc(data: bytes) -> bool:
    """True when the valid UTF-8 ``data`` is certainly NFC; False: decide with the exact test."""
    if data.isascii():
        return True
    points = code_points_from(np.frombuffer(data, dtype=np.uint8))
    return all(plain(int(cp)) for cp in points)
