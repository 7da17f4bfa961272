"""Archived texts: each file read once; path, encoding, normal form, hash and length checked."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import polars as pl

from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.texts.archive import TEXTS_DIR
from claimtrace.validation.limits import MAX_TEXT_BYTES

TEXT_SCHEMA = {
    "text_path": pl.String,
    "text": pl.String,
    "actual_sha256": pl.String,
    "actual_chars": pl.Int64,
    "rule": pl.String,
    "message": pl.String,
}


def _inspect(root: Path, rel: str) -> dict:
    """Read one text file and say what, if anything, keeps it from being an archived text."""
    row: dict = dict.fromkeys(TEXT_SCHEMA)
    row["text_path"] = rel
    try:
        path = resolve_inside(root, rel)
    except UnsafePathError as exc:
        return row | {"rule": "corpus.text_path_safe", "message": f"text path refused: {exc}"}
    if path.exists() and (not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES):
        limit = f"{MAX_TEXT_BYTES:,}"
        return row | {
            "rule": "corpus.text_readable",
            "message": f"{rel} is not a regular file of at most {limit} bytes",
        }
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return row | {
            "rule": "corpus.text_exists",
            "message": f"{rel} does not exist; archive the text with add-source",
        }
    except OSError as exc:
        return row | {"rule": "corpus.text_exists", "message": f"{rel}: {exc.strerror}"}
    row["actual_sha256"] = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return row | {
            "rule": "corpus.text_utf8",
            "message": f"{rel} is not UTF-8 (byte {exc.start})",
        }
    row["text"], row["actual_chars"] = text, len(text)
    if text.startswith("\ufeff"):
        return row | {"rule": "corpus.text_normal_form", "message": f"{rel} starts with a BOM"}
    if "\r" in text:
        return row | {
            "rule": "corpus.text_normal_form",
            "message": f"{rel} has CR line endings; archived texts use LF",
        }
    if not unicodedata.is_normalized("NFC", text):
        return row | {
            "rule": "corpus.text_normal_form",
            "message": f"{rel} is not in Unicode NFC; normalise it with add-source",
        }
    return row


def read_texts(root: Path, paths: list[str]) -> pl.DataFrame:
    """One row per distinct text path: its text (null when unusable) and what is wrong with it.

    One read per file is inherent; everything per row of claims is done on this frame by joins.
    """
    rows = [_inspect(root, p) for p in sorted(set(paths))]
    return pl.DataFrame(rows, schema=TEXT_SCHEMA)


def texts_on_disk(root: Path) -> list[str]:
    """Package-relative paths of every ``*.txt`` name in the (contained) texts directory."""
    from claimtrace.safety.files import ContainedFileError, contained_dir

    try:
        folder = contained_dir(root, TEXTS_DIR)
    except ContainedFileError:  # a texts folder leading out is never listed; each text is refused
        return []
    if folder is None:
        return []
    return sorted(f"{TEXTS_DIR}/{p.name}" for p in folder.iterdir() if p.suffix == ".txt")
