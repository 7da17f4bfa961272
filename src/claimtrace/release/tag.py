"""Tags from records: ``vX.Y.Z`` for every ``releases/X.Y.Z.json``, at the commit it records.

A tag made in one working copy does not travel with the branch; the record on the branch does.
So tags are never made by hand: ``create_missing_tags`` (``scripts/tag_release.py``) makes each
missing one from its record, and refuses when an existing tag points elsewhere.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from claimtrace.release.errors import ReleaseError
from claimtrace.release.record import RECORDS_DIR, read_record, recorded_versions


def git(repo: Path, *args: str, data: bool = False) -> str | bytes:
    """Run git in ``repo``; a ReleaseError with git's message if it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True)
    except FileNotFoundError:
        raise ReleaseError("git is not installed") from None
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip()
        raise ReleaseError(f"git {' '.join(args)} failed: {message}") from None
    return done.stdout if data else done.stdout.decode("utf-8").strip()


def repository(root: Path) -> Path:
    """The top directory of the git repository holding ``root``."""
    return Path(str(git(root, "rev-parse", "--show-toplevel")))


@dataclass(frozen=True)
class TagState:
    """One record's tag: its name, the recorded commit, and whether it was made now."""

    tag: str
    commit: str
    created: bool


def _tag_target(repo: Path, tag: str) -> str | None:
    if not str(git(repo, "tag", "--list", tag)):
        return None
    return str(git(repo, "rev-parse", f"{tag}^{{commit}}"))


def create_missing_tags(root: Path | str = ".") -> list[TagState]:
    """Create ``vX.Y.Z`` at the recorded commit for every record without its tag.

    Refuses (ReleaseError, before tagging anything) a recorded commit the repository does not
    have, and an existing tag that points at another commit than its record.
    """
    root = Path(root)
    repo = repository(root)
    plan = []
    for version in recorded_versions(root):
        record = read_record(root, version)
        assert record is not None
        tag, where = f"v{version}", f"{RECORDS_DIR}/{version}.json"
        try:
            commit = str(git(repo, "rev-parse", "--verify", f"{record.commit}^{{commit}}"))
        except ReleaseError:
            raise ReleaseError(
                f"{where} records commit {record.commit}, which this repository does not have "
                "(fetch the full history: git fetch --unshallow)"
            ) from None
        existing = _tag_target(repo, tag)
        if existing is not None and existing != commit:
            raise ReleaseError(
                f"tag {tag} points at {existing[:12]}, but {where} records {commit[:12]}: "
                f"delete the wrong tag (git tag -d {tag}) and run this again"
            )
        plan.append((tag, commit, existing is None, record))
    states = []
    for tag, commit, missing, record in plan:
        if missing:
            full = record.archives.get("full", {})
            message = (
                f"claimtrace {record.version}\n\nrecord: {RECORDS_DIR}/{record.version}.json\n"
                f"{full.get('name')} sha256 {full.get('sha256')}\n"
            )
            git(repo, "tag", "-a", tag, commit, "-m", message)
        states.append(TagState(tag, commit, missing))
    return states
