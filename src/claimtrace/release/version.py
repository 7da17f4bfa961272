"""Versions: the package's version, its agreement with pyproject.toml, and semver arithmetic."""

from __future__ import annotations

import re
import tomllib
from enum import IntEnum
from pathlib import Path

from claimtrace.release.errors import ReleaseError

SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


class Bump(IntEnum):
    """The semver bump a change requires, ordered so that ``max`` picks the strongest."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        """Lower-case name, as printed and in JSON."""
        return self.name.lower()


def parse_version(text: str, where: str = "version") -> tuple[int, int, int]:
    """``"1.2.3"`` as ``(1, 2, 3)``; anything else is a ReleaseError naming ``where``."""
    match = SEMVER.match(text) if isinstance(text, str) else None
    if not match:
        raise ReleaseError(f"{where}: {text!r} is not a semantic version X.Y.Z")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def minimum_next(previous: tuple[int, int, int], bump: Bump) -> tuple[int, int, int]:
    """The smallest version that may follow ``previous`` given the changes' ``bump``.

    Before 1.0.0 (initial development, semver item 4) a breaking change bumps the minor version:
    0.1.0 with a major change may be followed by 0.2.0. From 1.0.0 on it bumps the major version.
    """
    major, minor, patch = previous
    if bump is Bump.MAJOR:
        return (0, minor + 1, 0) if major == 0 else (major + 1, 0, 0)
    if bump is Bump.MINOR:
        return major, minor + 1, 0
    return major, minor, patch + 1


def pyproject_version(root: Path) -> str | None:
    """``[project].version`` of ``root``/pyproject.toml, or None if there is no such file."""
    from claimtrace.safety.files import ContainedFileError, optional_contained

    try:
        raw = optional_contained(root, "pyproject.toml")
    except ContainedFileError as exc:
        raise ReleaseError(f"pyproject.toml: {exc.message}") from None
    if raw is None:
        return None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise ReleaseError(f"pyproject.toml cannot be parsed: {exc}") from None
    project = data.get("project")
    version = project.get("version") if isinstance(project, dict) else None
    if not isinstance(version, str):
        raise ReleaseError("pyproject.toml has no [project] version string")
    return version


def package_version(descriptor: dict, root: Path) -> str:
    """The package version, checked to be semver and to agree with pyproject.toml."""
    version = descriptor.get("version")
    parse_version(version, "datapackage.json version")
    declared = pyproject_version(root)
    if declared is not None and declared != version:
        raise ReleaseError(
            f"versions disagree: datapackage.json says {version!r}, "
            f"pyproject.toml says {declared!r}"
        )
    return version
