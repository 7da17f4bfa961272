"""Read the texts table's parts safely and in batches, texts as raw bytes.

Each part must be a regular file inside the package (never a symlink: two parts naming one file
would double its rows), of at most ``MAX_PART_FILE_BYTES``, readable as Parquet with the columns
``source_id``, ``text`` and ``sha256`` stored as strings. A part that is not is reported by name
(``corpus.texts_table``) and its rows are not read; nothing raises. The ``text`` column is handed
over as binary (a zero-copy cast that does not validate), so a text that is not UTF-8 is found and
reported on its row instead of failing the whole part.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyarrow as pa
import pyarrow.parquet as pq

from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.texts_table.layout import MAX_PART_FILE_BYTES, RESOURCE
from claimtrace.texts_table.schema import COLUMNS, STRING_TYPES

RULE = "corpus.texts_table"
BATCH_ROWS = 2048
_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class PartDefect:
    """Why one part (or one column of it) was not read."""

    part: str
    field: str | None
    message: str


class _Refused(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _open(root: Path, rel: str) -> int:
    """A descriptor of the regular file ``rel`` inside ``root``, never through a symlink."""
    try:
        path = resolve_inside(root, rel)
    except UnsafePathError as exc:
        raise _Refused("path", str(exc)) from None
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise _Refused("path", f"{rel} does not exist") from None
    except OSError as exc:
        raise _Refused("path", f"{rel} cannot be read: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise _Refused("path", f"{rel} is a symlink; the texts table's parts are plain files")
    if not stat.S_ISREG(info.st_mode):
        raise _Refused("path", f"{rel} is not a regular file; the package holds plain files only")
    if info.st_size > MAX_PART_FILE_BYTES:
        raise _Refused(
            "path", f"{rel} holds {info.st_size:,} bytes, more than {MAX_PART_FILE_BYTES:,}"
        )
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise _Refused("path", f"{rel} cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the check above
        os.close(fd)
        raise _Refused("path", f"{rel} is not a regular file; the package holds plain files only")
    return fd


def _checked_schema(parquet: pq.ParquetFile, rel: str) -> None:
    schema = parquet.schema_arrow
    for name in COLUMNS:
        if name not in schema.names:
            raise _Refused(name, f"{rel} lacks the column {name}")
        kind = schema.field(name).type
        if kind not in STRING_TYPES:
            raise _Refused(name, f"{rel} stores {name} as {kind}; the texts table stores strings")
    extra = [n for n in schema.names if n not in COLUMNS]
    if extra:
        raise _Refused(extra[0], f"{rel} has the column {extra[0]}, which the texts table lacks")


def _as_bytes(batch: pa.RecordBatch) -> pa.RecordBatch:
    """``batch`` with ``text`` as binary (no UTF-8 validation), the others as plain strings."""
    columns = []
    for name in COLUMNS:
        column = batch.column(name)
        if name == "text":
            wide = pa.types.is_large_string(column.type)
            column = column.cast(pa.large_binary() if wide else pa.binary())
        elif pa.types.is_large_string(column.type):
            column = column.cast(pa.string())
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=list(COLUMNS))


def read_part(root: Path, rel: str) -> Iterator[pa.RecordBatch]:
    """The batches of one part (``source_id``, ``text`` as bytes, ``sha256``).

    Raises PartDefect-carrying ``_Refused`` before the first batch when the part is refused;
    ``part_batches`` turns it into a report.
    """
    fd = _open(root, rel)
    with os.fdopen(fd, "rb") as fh:
        try:
            parquet = pq.ParquetFile(fh)
            _checked_schema(parquet, rel)
            batches = list(parquet.iter_batches(batch_size=BATCH_ROWS, columns=list(COLUMNS)))
        except (pa.ArrowException, OSError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise _Refused("path", f"{rel} is not a readable Parquet file ({first})") from None
    yield from (_as_bytes(b) for b in batches)


def part_batches(
    root: Path, parts: list[str]
) -> tuple[list[tuple[str, pa.RecordBatch]], list[PartDefect]]:
    """Every batch of every readable part (with its part), and the parts that were refused.

    A part's batches are only kept once the whole part has been read, so a part that fails half
    way contributes no rows (nothing partial).
    """
    batches, defects = [], []
    for rel in parts:
        try:
            batches += [(rel, b) for b in read_part(root, rel)]
        except _Refused as exc:
            defects.append(PartDefect(rel, exc.field, exc.message))
    return batches, defects


class TextsTableError(ValueError):
    """The texts table cannot be read whole (a part refused, a duplicate or empty row)."""


def table_texts(root: Path, resource: dict) -> dict[str, bytes]:
    """Every text of the texts table as its stored bytes, by source id (for a valid package).

    Raises TextsTableError naming the part, row and field at fault; validate first to see all.
    """
    from claimtrace.texts_table.layout import part_paths

    batches, defects = part_batches(root, part_paths(resource))
    if defects:
        raise TextsTableError(f"table {RESOURCE}: {defects[0].message}")
    out: dict[str, bytes] = {}
    for rel, batch in batches:
        ids = batch.column("source_id").to_pylist()
        for source_id, raw in zip(ids, batch.column("text").to_pylist(), strict=True):
            if source_id is None or raw is None or source_id in out:
                what = "an empty cell" if source_id is None or raw is None else "a second row"
                raise TextsTableError(f"table {RESOURCE}: {rel}: {what} (source_id={source_id})")
            out[source_id] = raw
    return out


def texts_by_source(root: Path, descriptor: dict, named: list[tuple[str, str]]) -> dict[str, str]:
    """The text of each (source_id, text_path) of a valid package, from either layout.

    In the ``.txt`` layout each path is read (inside the package); in the Parquet layout the
    row that stands for it. For packages that validation passed (the viewer, the exports).
    """
    from claimtrace.texts_table.layout import texts_resource

    resource = texts_resource(descriptor)
    if resource is not None:
        table = table_texts(root, resource)
        return {sid: table[PurePosixPath(rel).stem].decode("utf-8") for sid, rel in named}
    return {sid: resolve_inside(root, rel).read_bytes().decode("utf-8") for sid, rel in named}
