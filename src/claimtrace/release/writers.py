"""The writers whose versions a release's bytes depend on, their pins and the installed versions.

Parquet bytes name the pyarrow version (``created_by``) and depend on its encoder; polars parses
and sorts the CSV cells. constraints.txt pins both exactly for building releases, while
pyproject.toml gives ranges so that claimtrace installs beside other versions.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from claimtrace.release.errors import ReleaseError

WRITERS = ("polars", "pyarrow")
CONSTRAINTS = "constraints.txt"
_PIN = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s;#]+)")


def installed_writers() -> dict[str, str]:
    """The installed version of each writer."""
    found = {}
    for name in WRITERS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def pinned_writers(root: Path) -> dict[str, str] | None:
    """The writer pins of ``root``: constraints.txt, else pyproject.toml's exact pins.

    Versions before constraints.txt pinned the writers in pyproject.toml's dependencies; None
    when neither file pins any.
    """
    path = root / CONSTRAINTS
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
    else:
        lines = _pyproject_dependencies(root)
        if not any(_PIN.match(line) for line in lines):
            return None
    pins = {}
    for line in lines:
        match = _PIN.match(line)
        if match and match[1].lower() in WRITERS:
            pins[match[1].lower()] = match[2]
    missing = [w for w in WRITERS if w not in pins]
    if missing:
        raise ReleaseError(f"{CONSTRAINTS} pins no exact version of {', '.join(missing)}")
    return pins


def _pyproject_dependencies(root: Path) -> list[str]:
    path = root / "pyproject.toml"
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [str(d) for d in data.get("project", {}).get("dependencies", [])]


def writer_difference(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """``name expected X, installed Y`` for every writer whose versions differ."""
    return [
        f"{name} {expected.get(name)} expected, {actual.get(name)} installed"
        for name in WRITERS
        if expected.get(name) != actual.get(name)
    ]


def require_writers(expected: dict[str, str], why: str) -> None:
    """Refuse (ReleaseError) unless the installed writers are ``expected``; ``why`` says whose."""
    differ = writer_difference(expected, installed_writers())
    if differ:
        raise ReleaseError(
            f"{why}, but the installed writers differ: {'; '.join(differ)}. "
            f"Install the pinned writers: pip install -c {CONSTRAINTS} -e ."
        )
