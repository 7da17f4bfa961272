"""A throw-away copy of the working corpus with its own CHANGELOG, to build releases from."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from corpus_factory import build_corpus

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1751976000"  # 2025-07-08T12:00:00Z
COPIED = (
    "datapackage.json",
    "pyproject.toml",
    "LICENSE-DATA.md",
    "TEXTS-RIGHTS.md",
    "CITATION.cff",
    "constraints.txt",
)


def set_version(root: Path, version: str) -> None:
    """Give the copy's datapackage.json and pyproject.toml the same ``version``."""
    dp = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    dp["version"] = version
    (root / "datapackage.json").write_text(json.dumps(dp, indent=2) + "\n", encoding="utf-8")
    lines = (root / "pyproject.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f'version = "{version}"\n' if ln.startswith("version = ") else ln for ln in lines]
    (root / "pyproject.toml").write_text("".join(lines), encoding="utf-8")


def write_changelog(root: Path, *versions: str) -> None:
    """A CHANGELOG.md with an entry for each of ``versions``."""
    entries = "".join(f"## [{v}] - 2025-07-08\n\n### Added\n- Release {v}.\n\n" for v in versions)
    (root / "CHANGELOG.md").write_text(
        f"# Changelog\n\n## [Unreleased]\n\n{entries}", encoding="utf-8"
    )


def make_corpus(base: Path, version: str = "0.1.0") -> Path:
    """A valid corpus in ``base``/corpus (the test corpus factory's: every table has rows) at
    ``version``, with pyproject.toml and a CHANGELOG entry for it."""
    root = build_corpus(base / "corpus").root
    for name in COPIED:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, root / name)
    set_version(root, version)
    write_changelog(root, version)
    return root


def copy_repository(base: Path) -> Path:
    """The repository's own corpus copied into ``base``/repository with a CHANGELOG entry."""
    root = base / "repository"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "docs", root / "docs")
    for name in ("datapackage.json", *COPIED):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, root / name)
    version = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]
    write_changelog(root, version)
    return root


def all_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def build_pinned_release(make, base: Path) -> Path:
    """Build a release of ``make(base)`` into ``base``/dist with SOURCE_DATE_EPOCH pinned."""
    import pytest

    from claimtrace.release.build import build_release

    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        return build_release(make(base), base / "dist")
    finally:
        mp.undo()


def frictionless_cli(release: Path) -> subprocess.CompletedProcess:
    """``frictionless validate --type package`` run in ``release`` (skips when not installed)."""
    import pytest

    exe = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("frictionless command not on PATH")
    return subprocess.run(
        [exe, "validate", "--type", "package", "datapackage.json"],
        cwd=release,
        capture_output=True,
        text=True,
    )
