"""Open a file the package names only when it is a regular file of bounded size inside the package.

Every path a command opens (descriptor, schemas, tables, texts, companions, CHANGELOG.md,
pyproject.toml) goes through ``contained_file``: the path must be relative, stay inside the
package once symlinks are resolved, and name a regular file. A FIFO, a device, a socket or a
directory is refused by name from ``stat``, never opened, so nothing can block a read; the file is
then opened without following a last-moment swap into a FIFO (``O_NONBLOCK``) and checked again on
the open descriptor. Directories the package lists (``data/texts``) are checked the same way by
``contained_dir``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from claimtrace.metadata.paths import UnsafePathError, resolve_inside

MAX_SMALL_FILE_BYTES = 16 << 20
"""Largest descriptor, schema, CHANGELOG.md, pyproject.toml or companion read (16 MiB)."""


class ContainedFileError(OSError):
    """A path the package names is unsafe, missing, not a regular file or too large.

    ``missing`` is True when nothing exists at the path (callers may treat that as absent).
    """

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing

    def __str__(self) -> str:
        return self.message


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def contained_file(root: Path, rel: str, max_bytes: int = MAX_SMALL_FILE_BYTES) -> Path:
    """``root / rel`` if it is a regular file of at most ``max_bytes`` inside ``root``.

    Raises ContainedFileError naming ``rel`` otherwise; nothing is opened.
    """
    try:
        path = resolve_inside(root, rel)
    except UnsafePathError as exc:
        raise ContainedFileError(str(exc)) from None
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ContainedFileError(f"{rel} does not exist", missing=True) from None
    except OSError as exc:
        raise ContainedFileError(f"{rel} cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ContainedFileError(f"{rel} is {_kind(info.st_mode)}; only regular files are read")
    if info.st_size > max_bytes:
        raise ContainedFileError(f"{rel} holds {info.st_size:,} bytes, more than {max_bytes:,}")
    return path


def read_contained(root: Path, rel: str, max_bytes: int = MAX_SMALL_FILE_BYTES) -> bytes:
    """The bytes of ``contained_file(root, rel)``, read at most ``max_bytes`` + 1 bytes deep."""
    path = contained_file(root, rel, max_bytes)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ContainedFileError(f"{rel} cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the check above
            raise ContainedFileError(f"{rel} is not a regular file; only regular files are read")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ContainedFileError(f"{rel} holds more than {max_bytes:,} bytes")
    return data


def optional_contained(root: Path, rel: str, max_bytes: int = MAX_SMALL_FILE_BYTES) -> bytes | None:
    """``read_contained``, or None when nothing at all exists at ``rel`` (not even a symlink)."""
    if not os.path.lexists(root / rel):
        return None
    return read_contained(root, rel, max_bytes)


def contained_dir(root: Path, rel: str) -> Path | None:
    """``root / rel`` if it is a directory inside ``root``; None if nothing is there.

    A symlink leading out, or anything that is not a directory, is a ContainedFileError.
    """
    if not os.path.lexists(root / rel):
        return None
    try:
        path = resolve_inside(root, rel)
    except UnsafePathError as exc:
        raise ContainedFileError(str(exc)) from None
    if not path.is_dir():
        raise ContainedFileError(f"{rel} is not a directory")
    return path
