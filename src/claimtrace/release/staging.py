"""Staging folders of a release build, named with the builder's pid so a killed one can be swept.

A build writes into a hidden folder beside its target (``.<release>.build-<pid>.<random>.tmp``),
its archives into hidden files named the same way, and a forced replacement parks the old release
in one ending ``.old``. A build killed outright (SIGKILL, power loss) cannot remove them; the next
build of the same package removes every such folder or file whose pid no longer runs. A live
concurrent build's are never touched.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from os import getpid
from pathlib import Path

from claimtrace.atomic import pid_alive

MARK = "build-"


def staging_dir(out: Path, target_name: str, suffix: str = ".tmp") -> Path:
    """A new empty hidden folder in ``out`` for a build of ``target_name``, named with our pid."""
    prefix = f".{target_name}.{MARK}{getpid()}."
    return Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=out))


def _stale_pattern(package_name: str) -> re.Pattern[str]:
    # mkdtemp's random part has no dot, so the pid is the segment after the mark
    return re.compile(rf"^\.{re.escape(package_name)}-.+\.{MARK}(\d+)\.[A-Za-z0-9_]+\.(?:tmp|old)$")


def sweep_stale(out: Path, package_name: str) -> list[Path]:
    """Remove the staging folders in ``out`` of builds of ``package_name`` that are not running.

    Returns the folders removed. Folders of running builds, and anything not named like a
    staging folder, are left alone.
    """
    if not out.is_dir():
        return []
    pattern = _stale_pattern(package_name)
    removed = []
    for entry in sorted(out.iterdir()):
        found = pattern.match(entry.name)
        if not found or entry.is_symlink():
            continue
        pid = int(found.group(1))
        if pid == getpid() or pid_alive(pid):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:  # an archive being written (see ``archive.write_archives``)
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed
