"""The CHANGELOG.md entry of one version (Keep a Changelog: ``## [X.Y.Z] - date``)."""

from __future__ import annotations

import re
from pathlib import Path

from claimtrace.release.errors import ReleaseError


def changelog_entry(text: str, version: str) -> str | None:
    """The ``## [version]`` section of ``text`` up to the next ``## `` heading, or None."""
    heading = re.compile(rf"^## \[{re.escape(version)}\](?:[ \t].*)?$", re.MULTILINE)
    match = heading.search(text)
    if not match:
        return None
    following = re.compile(r"^## ", re.MULTILINE).search(text, match.end())
    end = following.start() if following else len(text)
    return text[match.start() : end].rstrip() + "\n"


def required_entry(root: Path, version: str) -> str:
    """The entry for ``version`` in ``root``/CHANGELOG.md; a ReleaseError if it has none."""
    from claimtrace.safety.files import ContainedFileError, read_contained

    try:
        text = read_contained(root, "CHANGELOG.md").decode("utf-8")
    except ContainedFileError as exc:
        if exc.missing:
            raise ReleaseError("CHANGELOG.md does not exist; a release needs its entry") from None
        raise ReleaseError(f"CHANGELOG.md: {exc.message}") from None
    except UnicodeDecodeError as exc:
        raise ReleaseError(f"CHANGELOG.md is not UTF-8 (byte {exc.start})") from None
    entry = changelog_entry(text, version)
    if entry is None:
        raise ReleaseError(f"CHANGELOG.md has no '## [{version}]' entry; write it before releasing")
    return entry
