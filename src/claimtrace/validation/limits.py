"""Sizes the validator accepts: beyond them a file is reported, never read into memory.

The limits are constants, not settings: no environment variable or option raises them, so a
hostile file cannot make the validator exhaust memory. They sit far above any curated input.
"""

from __future__ import annotations

from claimtrace.validation.rulebook import Rule

MAX_TABLE_BYTES = 4 << 30
"""Largest CSV table read (4 GiB): some tens of millions of rows."""

MAX_TEXT_BYTES = 64 << 20
"""Largest archived text read (64 MiB); a news article is some kilobytes."""

MAX_LINE_BYTES = 1 << 20
"""Longest physical line of a CSV table (1 MiB); a longer one is reported before parsing."""

MAX_CELL_CHARS = 100_000
"""Longest cell, in characters, once a table is parsed (a quote or a note is far shorter)."""

CHUNK_BYTES = 8 << 20
"""Files are scanned in blocks of this size, so memory does not grow with the file."""

RULES = (
    Rule(
        "limits.file_too_large",
        "structure",
        f"a CSV table is at most {MAX_TABLE_BYTES >> 30} GiB and an archived text at most "
        f"{MAX_TEXT_BYTES >> 20} MiB; a larger file is reported and not read",
    ),
    Rule(
        "limits.line_too_long",
        "structure",
        f"no physical line of a CSV table is longer than {MAX_LINE_BYTES >> 20} MiB; the table "
        "is reported and not parsed",
    ),
    Rule("limits.cell_too_long", "table", f"no cell holds more than {MAX_CELL_CHARS:,} characters"),
)
