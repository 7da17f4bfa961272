"""Release records, ``releases/<version>.json``: what a version IS, committed on the branch.

A record holds the version, the commit the release was cut from, the writer versions, the
SHA-256 of every file of the release folder and of its archives. Tags do not travel with a branch;
records do, so tags are made from them (``scripts/tag_release.py``) and CI compares every rebuild
of a recorded version with its record (``check_working_version``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimtrace.release.archive import archive_names
from claimtrace.release.checksums import release_files, sha256_file
from claimtrace.release.errors import ReleaseError
from claimtrace.release.version import parse_version

RECORDS_DIR = "releases"


@dataclass(frozen=True)
class Record:
    """One recorded release."""

    version: str
    commit: str
    created: str
    writers: dict[str, str]
    files: dict[str, str]
    archives: dict[str, dict[str, Any]]
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form, keys in a fixed order."""
        out = {
            "version": self.version,
            "commit": self.commit,
            "created": self.created,
            "writers": dict(sorted(self.writers.items())),
            "archives": self.archives,
            "files": dict(sorted(self.files.items())),
        }
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Record:
        """Parse a record; a ReleaseError naming ``where`` when a part is missing or wrong."""
        keys = ("version", "commit", "created", "writers", "files", "archives")
        if not isinstance(data, dict) or any(k not in data for k in keys):
            raise ReleaseError(f"{where}: a release record needs {', '.join(keys)}")
        parse_version(data["version"], f"{where}: version")
        return cls(**{k: data[k] for k in keys}, note=str(data.get("note", "")))


def record_path(root: Path, version: str) -> Path:
    """Where the record of ``version`` lives in the repository at ``root``."""
    return root / RECORDS_DIR / f"{version}.json"


def read_record(root: Path, version: str) -> Record | None:
    """The record of ``version``, or None when it is not recorded."""
    from claimtrace.safety.files import ContainedFileError, optional_contained
    from claimtrace.safety.strict_json import JsonError, loads_strict

    path = record_path(root, version)
    rel = f"{RECORDS_DIR}/{path.name}"
    try:  # a contained regular file, strict JSON (see claimtrace.safety)
        raw = optional_contained(root, rel)
        if raw is None:
            return None
        data = loads_strict(raw, rel)
    except (ContainedFileError, JsonError) as exc:
        raise ReleaseError(f"{rel} cannot be read: {exc}") from None
    record = Record.from_dict(data, f"{RECORDS_DIR}/{path.name}")
    if record.version != version:
        raise ReleaseError(f"{RECORDS_DIR}/{path.name} records version {record.version}")
    return record


def recorded_versions(root: Path) -> list[str]:
    """Every recorded version, oldest first."""
    folder = root / RECORDS_DIR
    names = [p.stem for p in folder.glob("*.json")] if folder.is_dir() else []
    return sorted(names, key=lambda v: parse_version(v, f"{RECORDS_DIR}/{v}.json"))


def describe_release(
    folder: Path, commit: str, created: str, writers: dict[str, str], note: str = ""
) -> Record:
    """The record of the release built in ``folder`` (its archives beside it)."""
    files = {rel: sha256_file(folder / rel) for rel in release_files(folder)}
    files["SHA256SUMS"] = sha256_file(folder / "SHA256SUMS")
    archives = {}
    for kind, name in archive_names(folder.name).items():
        path = folder.parent / name
        archives[kind] = {"name": name, "bytes": path.stat().st_size, "sha256": sha256_file(path)}
    version = folder.name.rsplit("-", 1)[-1]
    return Record(version, commit, created, writers, files, archives, note)


def write_record(root: Path, record: Record) -> Path:
    """Write ``record`` to ``releases/<version>.json``; refuses to overwrite a record."""
    path = record_path(root, record.version)
    if path.exists():
        raise ReleaseError(f"{RECORDS_DIR}/{path.name} exists: a recorded version never changes")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record.as_dict(), indent=2) + "\n", encoding="utf-8")
    return path


def differences(record: Record, built: Record) -> list[str]:
    """What differs between a record and the record of a rebuild of the same version."""
    out = []
    for rel in sorted(set(record.files) | set(built.files)):
        old, new = record.files.get(rel), built.files.get(rel)
        if old != new:
            out.append(
                f"{rel}: " + ("added" if old is None else "missing" if new is None else "differs")
            )
    for kind, facts in sorted(record.archives.items()):
        now = built.archives.get(kind, {})
        if facts.get("sha256") != now.get("sha256"):
            out.append(f"{facts.get('name')}: differs")
    return out
