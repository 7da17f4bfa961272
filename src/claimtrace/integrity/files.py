"""Declared files against the files on disk: existence, ``bytes``, ``hash`` and ``SHA256SUMS``.

A CSV or text resource declares ``bytes`` and ``hash`` itself, a Parquet resource under
``integrity`` (see ``claimtrace.release.descriptor``). Paths come from the descriptor and
SHA256SUMS, which a hostile release controls, so each is resolved inside the release first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl

from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.release.checksums import SUMS_NAME, release_files, sha256_file
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.problems import problem

_SUMS_LINE = re.compile(r"^([0-9a-f]{64})  (\S.*)$")


def _facts(resource: dict[str, Any]) -> dict[str, Any]:
    facts = resource.get("integrity") if resource.get("format") == "parquet" else resource
    return facts if isinstance(facts, dict) else {}


def _declared(resource: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each file of a resource with its declared facts.

    One path, or each part of a multipart resource (the texts table, whose facts sit under
    ``integrity.parts``).
    """
    path = resource.get("path")
    if isinstance(path, str):
        return [(path, _facts(resource))]
    if not isinstance(path, list):
        return []
    parts = _facts(resource).get("parts")
    listed = (
        {p["path"]: p for p in parts if isinstance(p, dict) and isinstance(p.get("path"), str)}
        if isinstance(parts, list)
        else {}
    )
    return [(rel, listed.get(rel, {})) for rel in path if isinstance(rel, str)]


def _file_problem(table: str, rule: str, message: str, value: object = None) -> pl.DataFrame:
    return problem(layer="structure", table=table, rule=rule, message=message, value=value)


def _resolve(root: Path, rel: str) -> Path | None:
    try:
        return resolve_inside(root, rel)
    except UnsafePathError:
        return None  # reported by the structure layer (structure.unsafe_path)


def declared_file_problems(root: Path, descriptor: dict[str, Any]) -> pl.DataFrame:
    """Every resource's file exists and has the declared ``bytes`` and ``hash``."""
    found = []
    files = [
        (str(res.get("name")), rel, facts)
        for res in descriptor.get("resources", [])
        if isinstance(res, dict)
        for rel, facts in _declared(res)
    ]
    for name, rel, facts in files:
        path = _resolve(root, rel)
        if path is None:
            continue
        if not path.is_file():
            found.append(
                _file_problem(name, "integrity.missing_file", f"{rel} is declared but missing", rel)
            )
            continue
        size, declared = path.stat().st_size, facts.get("bytes")
        if declared is not None and declared != size:
            found.append(
                _file_problem(
                    name,
                    "integrity.bytes",
                    f"{rel} has {size} bytes; the descriptor declares {declared}: the file was "
                    "changed or damaged after the release was built",
                    size,
                )
            )
        want = facts.get("hash")
        if want is not None:
            have = f"sha256:{sha256_file(path)}"
            if str(want).removeprefix("sha256:") != have.removeprefix("sha256:"):
                found.append(
                    _file_problem(
                        name,
                        "integrity.hash",
                        f"{rel} has {have}; the descriptor declares {want}: the file was "
                        "changed or damaged after the release was built",
                        have,
                    )
                )
    return concat_problems(found)


def sha256sums_problems(root: Path) -> pl.DataFrame:
    """SHA256SUMS exists, every line is well formed and holds, and it lists every other file."""
    from claimtrace.safety.files import ContainedFileError, read_contained

    found, listed = [], set()
    try:  # a regular file inside the release (never a pipe, nor a symlink leading out)
        lines = read_contained(root, SUMS_NAME).decode("utf-8").splitlines()
    except ContainedFileError as exc:
        if exc.missing:
            message = f"a release has a {SUMS_NAME} file; it is missing"
            return _file_problem(SUMS_NAME, "integrity.sha256sums", message)
        return _file_problem(SUMS_NAME, "integrity.sha256sums", f"cannot be read: {exc}")
    except UnicodeDecodeError as exc:
        return _file_problem(SUMS_NAME, "integrity.sha256sums", f"cannot be read: {exc}")
    for number, line in enumerate(lines, start=1):
        match = _SUMS_LINE.match(line)
        if not match:
            found.append(
                _file_problem(
                    SUMS_NAME,
                    "integrity.sha256sums",
                    f"line {number} is not '<sha256 hex>  <path>'",
                    line,
                )
            )
            continue
        digest, rel = match.groups()
        listed.add(rel)
        path = _resolve(root, rel)
        if path is None or not path.is_file():
            found.append(
                _file_problem(
                    SUMS_NAME, "integrity.missing_file", f"{rel} is listed but missing", rel
                )
            )
        elif sha256_file(path) != digest:
            found.append(
                _file_problem(
                    SUMS_NAME,
                    "integrity.sha256sums",
                    f"{rel} does not have the SHA-256 {SUMS_NAME} lists (line {number})",
                    rel,
                )
            )
    for rel in release_files(root):
        if rel not in listed:
            found.append(
                _file_problem(
                    SUMS_NAME,
                    "integrity.unlisted_file",
                    f"{rel} is in the release but not in {SUMS_NAME}",
                    rel,
                )
            )
    return concat_problems(found)
