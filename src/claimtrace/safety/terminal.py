r"""Text for a terminal: data can never move the cursor, recolour, retitle or forge a line.

Every field a command prints as text goes through ``printable``: control characters (C0, DEL,
C1 including the ESC and OSC that start terminal sequences), line and paragraph separators and
invisible format characters (bidi overrides, zero-width) are written as Python-style escapes, so
a newline in a key prints as ``\n`` and cannot start a line that reads like a verdict. JSON
output is not touched: ``json.dumps`` escapes control characters itself and stays exact.
"""

from __future__ import annotations

import unicodedata

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: object) -> str:
    """``str(text)`` with every character that could act on a terminal escaped."""
    s = str(text)
    if s.isprintable():
        return s
    return "".join(_escape(c) if unicodedata.category(c) in _UNSAFE_CATEGORIES else c for c in s)


def printable_lines(text: str) -> str:
    """``text`` whose own line breaks are kept, each line made ``printable``."""
    return "\n".join(printable(line) for line in text.split("\n"))
