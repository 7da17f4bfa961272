"""Cutting a release (build, archive, record) and the CI check of the working version.

The rule, for the version the working tree declares (pyproject.toml and datapackage.json):

- it is recorded (``releases/<version>.json``) and its release rebuilds byte for byte as the
  record says; or
- it is not recorded, it is above every recorded version, and CHANGELOG.md has its entry: a new
  version being prepared, which ``cut_release`` records when it is ready.

A recorded version whose rebuild differs fails, with what to do: bump the version, move the
CHANGELOG's Unreleased items under it, cut.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path

from claimtrace.release.build import build_release
from claimtrace.release.changelog import required_entry
from claimtrace.release.corpus import package_root, read_descriptor
from claimtrace.release.created import iso_utc, release_epoch
from claimtrace.release.diff import diff_packages
from claimtrace.release.errors import ReleaseError
from claimtrace.release.record import (
    RECORDS_DIR,
    Record,
    describe_release,
    differences,
    read_record,
    recorded_versions,
    write_record,
)
from claimtrace.release.tag import git, repository
from claimtrace.release.version import Bump, minimum_next, package_version, parse_version
from claimtrace.release.writers import CONSTRAINTS, installed_writers, pinned_writers
from claimtrace.release.writers import require_writers as require_installed

TO_CUT = (
    "bump the version in pyproject.toml, datapackage.json and CITATION.cff (claimtrace diff "
    "against the recorded release says how far), move the CHANGELOG.md Unreleased items under "
    "a '## [X.Y.Z] - date' entry for it, commit, and cut it: python scripts/cut_release.py "
    "(see docs/releasing.md)"
)


def require_pinned_writers(root: Path) -> dict[str, str]:
    """The installed writers, refused (ReleaseError) when they are not constraints.txt's pins."""
    pins = pinned_writers(root)
    if pins is None:
        raise ReleaseError(f"{CONSTRAINTS} is missing; a release is built with pinned writers")
    require_installed(pins, f"{CONSTRAINTS} pins the writers")
    return installed_writers()


def check_working_version(root: Path | str, release: Path, commit: str = "") -> str:
    """Check the release built from the working tree against the records; say what holds.

    Raises ReleaseError naming every differing file and what to do when the working version is
    recorded with other bytes, or is new but below a recorded version; and when the installed
    writers are not constraints.txt's (the bytes would not be the ones a cut records).
    """
    root = package_root(root)
    require_pinned_writers(root)
    version = package_version(read_descriptor(root), root)
    record = read_record(root, version)
    if record is None:
        recorded = recorded_versions(root)
        newer = [v for v in recorded if parse_version(v) >= parse_version(version)]
        if newer:
            raise ReleaseError(
                f"the working version {version} is not recorded but {newer[-1]} is: "
                f"versions only go up; {TO_CUT}"
            )
        required_entry(root, version)
        return (
            f"{version} is a new version, not yet recorded (recorded: "
            f"{', '.join(recorded) or 'none'}); cut it with python scripts/cut_release.py"
        )
    built = describe_release(release, commit, record.created, installed_writers())
    differ = differences(record, built)
    if differ:
        shown = "\n  ".join(differ[:20]) + ("\n  ..." if len(differ) > 20 else "")
        raise ReleaseError(
            f"{version} is recorded ({RECORDS_DIR}/{version}.json, cut from "
            f"{record.commit[:12]}), but the release built now differs:\n  {shown}\n"
            f"A recorded version never changes: {TO_CUT}"
        )
    return f"{version} is recorded and rebuilds byte for byte ({RECORDS_DIR}/{version}.json)"


def _required_bump(repo: Path, root: Path, commit: str) -> Bump:
    """The bump the changes from the corpus at ``commit`` to the working corpus require."""
    tar = git(repo, "archive", "--format=tar", commit, data=True)
    prefix = root.resolve().relative_to(repo.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            archive.extractall(tmp, filter="data")
        return diff_packages(Path(tmp) / prefix, root).bump


def cut_release(path: Path | str = ".", dist: Path | str | None = None) -> tuple[Record, Path]:
    """Build the working version's release and write its record; return both.

    Refuses when the tree has uncommitted changes (the record names HEAD), the version is
    already recorded or not above the last recorded one, the changes since the last record need a
    bigger bump, or the installed writers are not constraints.txt's. The record is written to
    ``releases/<version>.json`` and committed ("Record release X.Y.Z").
    """
    root = package_root(path)
    repo = repository(root)
    dirty = str(git(repo, "status", "--porcelain"))
    if dirty:
        raise ReleaseError(f"the working tree has uncommitted changes:\n{dirty}")
    writers = require_pinned_writers(root)
    version = package_version(read_descriptor(root), root)
    if read_record(root, version) is not None:
        raise ReleaseError(f"{version} is already recorded; {TO_CUT}")
    recorded = recorded_versions(root)
    if recorded:
        last = read_record(root, recorded[-1])
        assert last is not None
        if parse_version(version) <= parse_version(last.version):
            raise ReleaseError(f"{version} is not above the last recorded {last.version}")
        bump = _required_bump(repo, root, last.commit)
        floor = minimum_next(parse_version(last.version), bump)
        if parse_version(version) < floor:
            raise ReleaseError(
                f"{version} is too small: the changes since {last.version} are {bump.label}, so "
                f"the version must be at least {'.'.join(map(str, floor))} (see claimtrace diff)"
            )
    commit = str(git(repo, "rev-parse", "HEAD"))
    target = build_release(root, dist, force=True)
    record = describe_release(target, commit, iso_utc(release_epoch(root)), writers)
    written = write_record(root, record)
    git(repo, "add", str(written))
    git(repo, "commit", "-q", "-m", f"Record release {version}", "--", str(written))
    return record, written
