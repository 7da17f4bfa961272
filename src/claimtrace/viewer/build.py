"""Build the viewer page of a package."""

from __future__ import annotations

from pathlib import Path

from claimtrace.valid import load_valid
from claimtrace.viewer.limits import DEFAULT_MAX_SOURCES
from claimtrace.viewer.page import render_page


def build_viewer(path: Path | str, max_sources: int = DEFAULT_MAX_SOURCES) -> bytes:
    """The viewer page of the valid package at ``path``, as UTF-8 bytes.

    Raises ``claimtrace.valid.InvalidPackageError`` for a package that does not validate and
    ViewerError for one the viewer cannot show.
    """
    return render_page(load_valid(path), max_sources).encode("utf-8")
