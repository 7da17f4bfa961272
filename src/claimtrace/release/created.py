"""The release timestamp: SOURCE_DATE_EPOCH, else the last commit's time; never the wall clock.

A recorded version is stamped with its recorded time instead (see ``build``), so that rebuilding it
after later commits gives the same bytes.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from claimtrace.release.errors import ReleaseError

MAX_EPOCH = 253_402_300_799
"""The last second of year 9999: the latest time an RFC 3339 timestamp can write."""


def release_epoch(root: Path) -> int:
    """Seconds since the epoch that stamp the release built from ``root``."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env is not None:
        value = env.strip()
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_EPOCH:
            raise ReleaseError(
                f"SOURCE_DATE_EPOCH must be whole seconds from 0 to {MAX_EPOCH} "
                f"(9999-12-31), got {env!r}"
            )
        return int(value)
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    if not out.isdigit():
        raise ReleaseError(
            "no release time: set SOURCE_DATE_EPOCH or build from a git checkout with a commit"
        )
    return int(out)


def parse_iso_utc(text: str) -> int:
    """``iso_utc`` read back: seconds since the epoch of ``2025-07-08T12:00:00Z``."""
    try:
        return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())
    except (TypeError, ValueError):
        raise ReleaseError(f"{text!r} is not a UTC time YYYY-MM-DDTHH:MM:SSZ") from None


def iso_utc(epoch: int) -> str:
    """``epoch`` as an RFC 3339 UTC timestamp, e.g. ``2025-07-08T12:00:00Z``."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
