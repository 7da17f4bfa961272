"""Archived texts in one pass: each file opened and read once, clean files checked in a batch.

The byte scan (``guarded.text_byte_problems``) and the corpus layer's read (``texts_check``)
each open every text and build per-file frames; at tens of thousands of texts of some kB the
per-file overhead is most of their cost. Here every text is read once, straight from the texts
directory's descriptor (``O_NOFOLLOW``, no per-file path resolution), and a file is *clean*
when it is a regular file of 1 byte to ``MAX_TEXT_BYTES`` that is UTF-8, NFC, without BOM, CR
or NUL. Clean files need no findings: their text, SHA-256 and length go straight into the texts
frame. Every other file (a symlink, a missing or odd file, a path that is not
``data/texts/<name>``, or a defect) is handed to the per-file checks of ``guarded`` and
``texts_check``, so its findings are exactly theirs.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata

import polars as pl

from claimtrace.metadata import Package
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.tables.typed import ROW
from claimtrace.texts.archive import TEXTS_DIR
from claimtrace.validation.frames import concat_problems, key_expr
from claimtrace.validation.limits import MAX_TEXT_BYTES
from claimtrace.validation.reader import TableRead
from claimtrace.validation.texts_check import TEXT_SCHEMA, read_texts

_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def _read_clean(dir_fd: int, name: str) -> bytes | None:
    """The bytes of ``name`` if it is a clean archived text, else None (checked one by one)."""
    try:
        fd = os.open(name, _FLAGS, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= MAX_TEXT_BYTES:
            return None
        raw = os.read(fd, info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    odd = b"\x00" in raw or b"\r" in raw or raw.startswith(b"\xef\xbb\xbf")
    return None if odd or len(raw) != info.st_size else raw


def _clean_texts(package: Package, paths: list[str]) -> dict[str, tuple[str, str]]:
    """SHA-256 and text of every path in ``paths`` that is a clean file of the texts directory."""
    prefix = f"{TEXTS_DIR}/"
    try:
        folder = resolve_inside(package.root, TEXTS_DIR)
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except (UnsafePathError, OSError):
        return {}
    out = {}
    try:
        for rel in paths:  # one open and one read per file is inherent
            name = rel[len(prefix) :]
            if not rel.startswith(prefix) or not name or "/" in name or name.startswith("."):
                continue
            raw = _read_clean(dir_fd, name)
            if raw is None:
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if raw.isascii() or unicodedata.is_normalized("NFC", text):
                out[rel] = (hashlib.sha256(raw).hexdigest(), text)
    finally:
        os.close(dir_fd)
    return out


def text_pass(
    package: Package, reads: dict[str, TableRead], *, partition: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The byte-scan problems of every archived text, and the texts frame of ``read_texts``.

    Same results as ``guarded.text_byte_problems`` and ``corpus.source_texts``, with each file
    read once. A package that keeps its texts in a Parquet table is checked by the same rules by
    ``texts_table.check``.
    """
    from claimtrace.texts_table.check import parquet_text_pass
    from claimtrace.texts_table.layout import texts_resource
    from claimtrace.validation.guarded import text_byte_problems

    if texts_resource(package.descriptor) is not None:
        # a partition reads its own sources' texts; the table's problems are found once
        return parquet_text_pass(package, reads, "texts" if partition else "all")

    sources = reads.get("sources")
    if sources is None or sources.typed is None or "text_path" not in sources.present:
        return concat_problems([]), None
    fields = {"source_id", "text_path", "text_sha256", "text_chars"}
    named = sources.typed.select(ROW, "text_path", key=key_expr(sources.schema, sources.present))
    paths = sorted(set(named["text_path"].drop_nulls().to_list()))
    clean = _clean_texts(package, paths)
    rest = [p for p in paths if p not in clean]
    if rest:
        rest_reads = dict(reads)
        rest_reads["sources"] = TableRead(
            sources.resource,
            typed=sources.typed.filter(pl.col("text_path").is_in(rest)),
            present=sources.present,
        )
        scanned = text_byte_problems(package, rest_reads)
    else:
        scanned = concat_problems([])
    if not fields <= set(sources.present):
        return scanned, None
    with_source = set(sources.typed.drop_nulls(["source_id", "text_path"])["text_path"].to_list())
    done = pl.DataFrame(
        {
            "text_path": list(clean),
            "text": [text for _, text in clean.values()],
            "actual_sha256": [sha for sha, _ in clean.values()],
            "actual_chars": [len(text) for _, text in clean.values()],
            "rule": None,
            "message": None,
        },
        schema=TEXT_SCHEMA,
    ).filter(pl.col("text_path").is_in(list(with_source)))
    others = read_texts(package.root, [p for p in rest if p in with_source])
    return scanned, pl.concat([done, others]).sort("text_path")
