"""Resolve paths named by a descriptor without ever leaving the package directory."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class UnsafePathError(ValueError):
    """A descriptor names a path that is absolute, a URL, or leads outside the package."""


def resolve_inside(root: Path, relative: str) -> Path:
    """Return ``root / relative`` if it is a plain relative path that stays inside ``root``.

    Refuses URLs of any scheme, absolute and home paths, backslashes, ``..`` segments and
    symlinks that resolve outside ``root``; nothing is opened. A symlink loop leads nowhere: its
    path is returned, and opening it fails with an OSError (ELOOP) that callers report.
    """
    if not isinstance(relative, str) or not relative:
        raise UnsafePathError(f"path must be a non-empty string, got {relative!r}")
    if _SCHEME.match(relative) or relative.startswith("//"):
        raise UnsafePathError(f"path {relative!r} is a URL; only relative paths are allowed")
    if relative.startswith(("/", "~")) or "\\" in relative or "\x00" in relative:
        raise UnsafePathError(f"path {relative!r} is not a plain relative POSIX path")
    if ".." in PurePosixPath(relative).parts:
        raise UnsafePathError(f"path {relative!r} climbs out of the package with '..'")
    base = root.resolve()
    try:
        target = (base / relative).resolve()
    except (RuntimeError, OSError):  # a symlink loop (RuntimeError before Python 3.13)
        return base / relative
    if not target.is_relative_to(base):
        raise UnsafePathError(f"path {relative!r} resolves (through a symlink) outside the package")
    return base / relative
