"""File digests in the two forms a release carries them: ``sha256:<hex>`` and SHA256SUMS lines."""

from __future__ import annotations

import hashlib
from pathlib import Path

SUMS_NAME = "SHA256SUMS"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the file at ``path``, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def release_files(root: Path) -> list[str]:
    """Every file under ``root`` as a sorted POSIX relative path, SHA256SUMS excluded."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != SUMS_NAME
    )


def sha256sums(root: Path) -> bytes:
    """SHA256SUMS of ``root``: ``<hex>  <path>`` lines sorted by path, for ``sha256sum -c``."""
    lines = [f"{sha256_file(root / rel)}  {rel}\n" for rel in release_files(root)]
    return "".join(lines).encode("utf-8")
