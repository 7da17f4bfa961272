"""Where archived texts live in the package, and how they are read."""

from __future__ import annotations

import re
from pathlib import Path

TEXTS_DIR = "data/texts"
SOURCE_ID = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


def text_path(source_id: str) -> str:
    """Package-relative path of a source's archived text."""
    return f"{TEXTS_DIR}/{source_id}.txt"


def read_archived_text(package: Path, source_id: str) -> str:
    """The archived text of ``source_id`` as stored (UTF-8), for anchoring quotes."""
    if not SOURCE_ID.fullmatch(source_id):
        raise ValueError(
            f"{source_id!r} is not a source id (snake_case, e.g. kyivindependent_decree)"
        )
    from claimtrace.safety.files import ContainedFileError, read_contained
    from claimtrace.validation.limits import MAX_TEXT_BYTES

    try:
        raw = read_contained(Path(package), text_path(source_id), MAX_TEXT_BYTES)
    except ContainedFileError as exc:
        if exc.missing:
            raise FileNotFoundError(
                f"no archived text for source {source_id!r} at {text_path(source_id)}"
            ) from None
        raise ValueError(f"archived text of {source_id!r} refused: {exc.message}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{text_path(source_id)} is not UTF-8 (byte {exc.start})") from None
