"""Put a user's own copies of the archived texts into an annotations-only release.

Each copy is checked before anything is placed: its SHA-256 must be the one the release declares
(a copy that differs only by a byte-order mark, CR line ends or another Unicode normal form is
accepted in its normalised form, which must then match), and every claim's and figure's quote must
equal its ``[start, end)`` slice of that text (one vectorised comparison per table). Only when all
texts pass are they written, into a staging folder that one rename turns into ``data/texts``: the
release gets every text or none.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import polars as pl

from claimtrace.release.archive import TEXTS_DIR
from claimtrace.release.corpus import csv_tables, package_root, read_descriptor, read_text
from claimtrace.release.errors import ReleaseError
from claimtrace.texts.normalise import normalise_text

SPAN_TABLES = ("claims", "figures")


class TextsRejected(Exception):
    """The user's texts do not fit the release; ``problems`` names each file and row at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Placed:
    """What ``rehydrate`` placed: the release's texts folder and its files."""

    folder: Path
    files: list[str]


def _text_resources(descriptor: dict) -> dict[str, str]:
    """Relative path -> declared hex SHA-256 of every archived text of the release."""
    out = {}
    for res in descriptor["resources"]:
        if isinstance(res, dict) and res.get("type") == "text" and isinstance(res.get("path"), str):
            digest = str(res.get("hash", "")).removeprefix("sha256:")
            out[res["path"]] = digest
    return out


def _checked_copy(source: Path, rel: str, digest: str) -> tuple[bytes | None, str | None]:
    """The bytes to place for ``rel`` from the user's ``source``, or None and the problem."""
    name = PurePosixPath(rel).name
    if not source.is_file():
        return None, f"{name}: missing from the texts folder (the release needs it for {rel})"
    raw = source.read_bytes()
    if hashlib.sha256(raw).hexdigest() == digest:
        return raw, None
    try:
        normal = normalise_text(raw).encode("utf-8")
    except UnicodeDecodeError:
        return None, f"{name}: not UTF-8, so not the archived text"
    if hashlib.sha256(normal).hexdigest() == digest:
        return normal, None
    return None, f"{name}: SHA-256 {hashlib.sha256(raw).hexdigest()} is not the archived {digest}"


def _quote_problems(root: Path, texts: dict[str, str]) -> list[str]:
    """Every claim and figure whose quote is not its slice of the user's text."""
    tables = csv_tables(root)
    by_path = pl.DataFrame(
        {"text_path": list(texts), "text": list(texts.values())},
        schema={"text_path": pl.String, "text": pl.String},
    )
    sources = read_text(tables["sources"]).select("source_id", "text_path")
    found = []
    for name in SPAN_TABLES:
        if name not in tables:
            continue
        table = tables[name]
        key = list(table.schema.primary_key)
        rows = (
            read_text(table)
            .select(*key, "source_id", "start", "end", "quote")
            .join(sources, on="source_id", how="left")
            .join(by_path, on="text_path", how="inner")
            .with_columns(pl.col("start", "end").cast(pl.Int64))
        )
        bad = rows.filter(
            pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
            != pl.col("quote")
        )
        found += [
            f"{name} {', '.join(f'{k}={r[k]}' for k in key)}: its quote is not "
            f"text[{r['start']}:{r['end']}] of {r['text_path']}"
            for r in bad.head(50).iter_rows(named=True)
        ]
    return found


def rehydrate(release: Path | str, texts_dir: Path | str) -> Placed:
    """Check the texts in ``texts_dir`` against the release and place them in ``data/texts``.

    Raises ReleaseError when the release or the folder cannot be read or the release already has
    its texts, TextsRejected (naming every file and row) when a text does not fit.
    """
    root, source_dir = package_root(release), Path(texts_dir)
    descriptor = read_descriptor(root)
    if not source_dir.is_dir():
        raise ReleaseError(f"{source_dir}: not a folder of texts")
    wanted = _text_resources(descriptor)
    if not wanted:
        raise ReleaseError(f"{root}: the release declares no archived texts")
    folder = root / TEXTS_DIR
    if folder.exists():
        raise ReleaseError(f"{folder} exists: this release already has its texts")
    placed, problems = {}, []
    for rel, digest in sorted(wanted.items()):
        data, problem = _checked_copy(source_dir / PurePosixPath(rel).name, rel, digest)
        if problem:
            problems.append(problem)
        else:
            placed[rel] = data
    if not problems:
        texts = {rel: data.decode("utf-8") for rel, data in placed.items()}
        problems = _quote_problems(root, texts)
    if problems:
        raise TextsRejected(problems)
    staging = Path(tempfile.mkdtemp(prefix=".texts.rehydrate-", dir=folder.parent))
    try:
        for rel, data in placed.items():
            (staging / PurePosixPath(rel).name).write_bytes(data)
        os.chmod(staging, 0o755)
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Placed(folder, sorted(placed))
