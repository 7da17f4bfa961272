"""Run commands on hostile input and prove the guarantees of docs/VALIDATION.md around them.

``invoke`` runs a command in process (so a hang is stopped by pytest-timeout, not waited on) and
asserts the boundary's promise: the exit code, no traceback, no exception escaping. ``watch``
records, through a CPython audit hook, every file and directory the process opens or lists, so a
test can assert that nothing outside the package was read or listed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from typer.testing import CliRunner

from claimtrace.cli import app
from hostile_factory import build_package

runner = CliRunner()
SENTINEL = "SENTINEL-outside-the-package-4b1d"
_SEEN: list[object] | None = None


def _audit(event: str, args: tuple) -> None:
    if _SEEN is not None and event in ("open", "os.listdir", "os.scandir") and args:
        _SEEN.append(args[0])


sys.addaudithook(_audit)


def _under(path: object, folder: Path) -> bool:
    if isinstance(path, int) or path is None:
        return False
    try:
        real = Path(os.path.realpath(os.fsdecode(path)))
    except (TypeError, ValueError):
        return False
    return real == folder or folder in real.parents


@contextlib.contextmanager
def watch(outside: Path) -> Iterator[list[str]]:
    """Assert, on leaving, that nothing under ``outside`` was opened or listed meanwhile."""
    global _SEEN
    _SEEN = []
    try:
        yield []
    finally:
        seen, _SEEN = _SEEN, None
    folder = Path(os.path.realpath(outside))
    touched = [os.fsdecode(p) for p in seen if _under(p, folder)]
    assert not touched, f"opened or listed outside the package: {touched}"


def invoke(args: list[str], code: int | None = None, env: dict | None = None):
    """Run ``claimtrace ARGS`` in process; no traceback, no escaping exception, exit ``code``."""
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    out = result.output
    assert "Traceback" not in out and 'File "' not in out, out
    if code is not None:
        assert result.exit_code == code, out
    return result


def one_error_line(result) -> str:
    """The single ``error:`` line a failed command prints on stderr."""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def validate_json(root: Path) -> tuple[int, dict]:
    """Exit code and JSON document of ``claimtrace validate ROOT --json --limit 0``."""
    result = invoke(["validate", root, "--json", "--limit", "0"])
    return result.exit_code, json.loads(result.stdout)


def problems(report: dict, rule: str) -> list[dict]:
    return [p for p in report["problems"] if p["rule"] == rule]


def releasable(root: Path, version: str = "0.1.0") -> Path:
    """The hostile fixture package made releasable: pyproject.toml, CHANGELOG.md, CITATION.cff."""
    build_package(root)
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    desc["version"] = version
    (root / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "fixture"\nversion = "{version}"\n', encoding="utf-8"
    )
    (root / "CHANGELOG.md").write_text(
        f"# Changelog\n\n## [{version}] - 2025-07-08\n\n- First.\n", encoding="utf-8"
    )
    (root / "CITATION.cff").write_text("cff-version: 1.2.0\n", encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: file bytes, or what a symlink or special file is."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = f"-> {os.readlink(path)}"
        elif path.is_file():
            out[rel] = path.read_bytes()
        else:
            out[rel] = "dir" if path.is_dir() else "special"
    return out
