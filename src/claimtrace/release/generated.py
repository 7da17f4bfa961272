"""Files a release builds from its own tables and texts: the viewer and the standard exports.

They are built from the staged release (so Croissant's checksums are those of the release's
files) after its datapackage.json is written, and before SHA256SUMS, which covers them.
"""

from __future__ import annotations

from pathlib import Path

from claimtrace.release.errors import ReleaseError

VIEWER = "viewer.html"


def generated_files(staged: Path) -> dict[str, bytes]:
    """Release path -> bytes of the viewer and of every export, built from ``staged``.

    The release shows every source side by side, however many there are: ``claimtrace view``'s
    ``--max-sources`` guards interactive use, a release must not fail for growing.
    """
    from claimtrace.exports.write import exports
    from claimtrace.valid import InvalidPackageError, load_valid
    from claimtrace.viewer.page import render_page

    try:
        package = load_valid(staged)
    except InvalidPackageError as exc:
        raise ReleaseError(f"the staged release does not validate: {exc}") from None
    sources = package.frames["sources"].height if "sources" in package.frames else 0
    viewer = render_page(package, max_sources=max(sources, 1)).encode("utf-8")
    return {VIEWER: viewer, **exports(package)}
