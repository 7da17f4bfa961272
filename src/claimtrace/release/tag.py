"""Tag ``vX.Y.Z`` after a successful build, never re-tagging and never under-bumping.

The version must be at least what the changes since the previous tag require: the corpus at that
tag (``git archive``) is compared with the working corpus by ``diff_packages``, which grades the
changes by the same rules as ``claimtrace diff``.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from claimtrace.release.build import build_release
from claimtrace.release.checksums import SUMS_NAME
from claimtrace.release.corpus import package_root, read_descriptor
from claimtrace.release.diff import diff_packages
from claimtrace.release.errors import ReleaseError
from claimtrace.release.version import Bump, minimum_next, package_version, parse_version


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


def version_tags(repo: Path) -> dict[tuple[int, int, int], str]:
    """Tags of the form vX.Y.Z by version."""
    tags = {}
    for name in str(git(repo, "tag", "--list", "v*")).splitlines():
        try:
            tags[parse_version(name[1:])] = name
        except ReleaseError:
            continue
    return tags


@dataclass(frozen=True)
class TagResult:
    """The tag made, the release it marks, and what the previous tag required."""

    tag: str
    release: Path
    previous: str | None
    bump: Bump


def _required_bump(repo: Path, root: Path, previous: str) -> Bump:
    tar = git(repo, "archive", "--format=tar", previous, data=True)
    prefix = root.resolve().relative_to(repo.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            archive.extractall(tmp, filter="data")
        return diff_packages(Path(tmp) / prefix, root).bump


def tag_release(path: Path | str = ".", dist: Path | str | None = None) -> TagResult:
    """Build the release of the package at ``path`` and tag HEAD ``v<version>``.

    Refuses when the working tree has uncommitted changes (the tag would not hold what was
    built), when the tag exists, when the version is not above the previous tag, or when it is
    below what the changes since the previous tag require.
    """
    root = package_root(path)
    repo = Path(str(git(root, "rev-parse", "--show-toplevel")))
    dirty = str(git(repo, "status", "--porcelain"))
    if dirty:
        raise ReleaseError(f"the working tree has uncommitted changes:\n{dirty}")
    version = package_version(read_descriptor(root), root)
    tag = f"v{version}"
    tags = version_tags(repo)
    if str(git(repo, "tag", "--list", tag)):
        raise ReleaseError(f"tag {tag} already exists; bump the version to release again")
    current = parse_version(version)
    earlier = [v for v in tags if v < current]
    previous = tags[max(earlier)] if earlier else None
    later = [tags[v] for v in tags if v > current]
    if later:
        raise ReleaseError(f"{tag} is below the existing tag {max(later)}")
    bump = Bump.NONE
    if previous:
        bump = _required_bump(repo, root, previous)
        floor = minimum_next(max(earlier), bump)
        if current < floor:
            need = ".".join(map(str, floor))
            raise ReleaseError(
                f"{tag} is too small: the changes since {previous} are {bump.label}, "
                f"so the version must be at least {need} (see claimtrace diff)"
            )
    target = build_release(root, dist, force=True)
    sums = (target / SUMS_NAME).read_text(encoding="utf-8")
    git(repo, "tag", "-a", tag, "-m", f"claimtrace {version}\n\n{SUMS_NAME}:\n{sums}")
    return TagResult(tag, target, previous, bump)
