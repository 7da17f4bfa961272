"""The one normalisation an archived text gets: UTF-8, NFC, LF line endings, no BOM."""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_text(raw: bytes) -> str:
    """Decode ``raw`` as UTF-8 and normalise it: BOM dropped, CRLF and CR to LF, NFC.

    Raises UnicodeDecodeError for bytes that are not UTF-8: a text is never guessed at.
    """
    text = raw.decode("utf-8")
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def sha256_hex(text: str) -> str:
    """Lower-case hex SHA-256 of the text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
