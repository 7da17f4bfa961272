"""The byte-level Unicode tests agree with CPython's exact ones (decode, is_normalized)."""

import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.validation.unicode_bytes import certainly_nfc, code_points_from, plain, valid_utf8

# code points that make NFC hard: combining marks, composable pairs (Latin, Indic, Hangul),
# singletons and exclusions, next to plain ones (typographic quotes, emoji, CJK)
HARD = [
    "a", "e", "o", "A", " ", "\u00e9", "\u00c5", "\u2019", "\u201c", "\u2014", "\U0001f600",
    "\u4e00", "\u0301", "\u0308", "\u0327", "\u0316", "\u0345", "\u0b47", "\u0b3e", "\u0b56",
    "\u0cc6", "\u0cd5", "\u0dd9", "\u0dcf", "\u1025", "\u102e", "\u1100", "\u1161", "\u11a8",
    "\uac00", "\u212b", "\u2126", "\u0958", "\u0344", "\u0340", "\u0f73", "\u1b05", "\u1b35",
    "\U00011131", "\U00011127", "\U0001d15e", "\uf900", "\u30ab", "\u3099",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(HARD), max_size=12).map("".join))
def test_certainly_nfc_never_passes_a_string_that_is_not_nfc(text):
    if certainly_nfc(text.encode()):
        assert unicodedata.is_normalized("NFC", text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_certainly_nfc_on_any_text(text):
    if certainly_nfc(text.encode("utf-8", "surrogatepass")) and not any(
        0xD800 <= ord(c) < 0xE000 for c in text
    ):
        assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    "text", ["e\u0301", "\u1100\u1161", "\u0b47\u0b3e", "\u212b", "a\u0316\u0301", "\u0958"]
)
def test_each_kind_of_non_nfc_leaves_the_fast_test(text):
    assert not unicodedata.is_normalized("NFC", text)
    assert not certainly_nfc(text.encode())


def test_typographic_text_is_decided_without_decoding():
    """The fast test really passes what the corpus is made of (else it would prove nothing)."""
    text = "Putin\u2019s \u201cdecree\u201d \u2014 caf\u00e9, \u4e00 \U0001f600 \uac00"
    assert certainly_nfc(text.encode())
    found = code_points_from(np.frombuffer(text.encode(), "uint8"))
    assert sorted(found) == sorted({ord(c) for c in text if ord(c) >= 0x300})


def test_plain_code_points():
    assert plain(0x2019) and plain(0xAC00) and plain(0x1F600)
    assert not plain(0x0301) and not plain(0x1161) and not plain(0x0B3E) and not plain(0x212B)


BYTES = [
    b"a", b"\xc3\xa9", b"\xe2\x80\x99", b"\xf0\x9f\x98\x80", b"\xff", b"\xc3", b"\x80",
    b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x80", b"\xc0\xaf",
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(BYTES), max_size=10).map(b"".join))
def test_valid_utf8_is_what_the_decoder_accepts(data):
    try:
        data.decode("utf-8")
        expected = True
    except UnicodeDecodeError:
        expected = False
    assert valid_utf8(data) is expected
