"""``build_release``: the validated corpus as ``<out>/<name>-<version>/``, deterministic and atomic.

A release carries every table as CSV and as Parquet (``parquet_table``), the archived texts, the
companion files listed once in ``contents.COMPANIONS`` (dataset card, changelog entry, licences,
citation, codebook, data dictionary, validation rules), datapackage.json and SHA256SUMS; beside
the folder, its two archives (``archive``). A version with a record (``releases/<version>.json``)
is only rebuilt with the writer versions it was recorded with.

Everything is written into a temporary directory beside the target, which is renamed into place
only when complete; on any failure the temporary directory is removed, so no partial release and
no stray files remain. One left by a build killed outright is removed by the next build (see
``staging``). An existing release is never overwritten unless ``force`` is given.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path, PurePosixPath

import polars as pl

from claimtrace.metadata import Package
from claimtrace.progress import stage
from claimtrace.release.archive import write_archives
from claimtrace.release.changelog import required_entry
from claimtrace.release.checksums import SUMS_NAME, sha256sums
from claimtrace.release.contents import COMPANIONS, BuildContext
from claimtrace.release.corpus import (
    CsvTable,
    inside,
    package_root,
    read_release_package,
    sort_by_key,
    tables_of,
)
from claimtrace.release.created import iso_utc, parse_iso_utc, release_epoch
from claimtrace.release.descriptor import parquet_schema, release_descriptor
from claimtrace.release.errors import ReleaseError
from claimtrace.release.exchange import exchange
from claimtrace.release.parquet import parquet_bytes
from claimtrace.release.parquet_table import kv_metadata, release_arrow
from claimtrace.release.record import RECORDS_DIR, read_record
from claimtrace.release.staging import staging_dir, sweep_stale
from claimtrace.release.version import package_version
from claimtrace.release.writers import require_writers
from claimtrace.safety.files import ContainedFileError, read_contained
from claimtrace.tables.csv_text import to_csv_bytes
from claimtrace.texts_table.layout import LAYOUTS, texts_resource
from claimtrace.texts_table.schema import texts_table_schema
from claimtrace.texts_table.write import write_parts
from claimtrace.validation.limits import MAX_TEXT_BYTES
from claimtrace.validation.reader import TableRead
from claimtrace.validation.validate import validate_and_read

TEXTS_TABLE, TEXT_PATH_FIELD = "sources", "text_path"


def release_name(descriptor: dict) -> str:
    """The package name, which names the release directory."""
    name = descriptor.get("name")
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        raise ReleaseError(f"datapackage.json: name {name!r} cannot name a release directory")
    return name


def require_valid(root: Path) -> tuple[Package, dict[str, TableRead]]:
    """The package and its tables as validation read them; ReleaseError unless it is valid.

    The release is built from these reads, so it ships exactly what validation checked: the
    same resource list, the same parsed cells, never a second read of a table.
    """
    report, package, reads = validate_and_read(root)
    if not report.valid or package is None:
        raise ReleaseError(
            f"validation failed, no release built (run: claimtrace validate {root}):\n"
            + report.to_text(limit=20)
        )
    return package, reads


def _stored_text(root: Path, rel: str, table: dict[str, bytes] | None) -> bytes:
    """The bytes of the text ``rel``: its file, or its row of the texts table (``table``)."""
    if table is not None:
        return table[PurePosixPath(rel).stem]
    try:
        return read_contained(root, rel, MAX_TEXT_BYTES)
    except ContainedFileError as exc:
        raise ReleaseError(f"table {TEXTS_TABLE}: {TEXT_PATH_FIELD}: {exc.message}") from None


def _checked_text(root: Path, rel: str, sha256: str, table: dict[str, bytes] | None) -> bytes:
    """The archived text ``rel`` as validation hashed it; ReleaseError if it changed since."""
    data = _stored_text(root, rel, table)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ReleaseError(f"{rel} changed after validation; nothing was released")
    return data


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _write_tables(
    root: Path,
    tmp: Path,
    tables: dict[str, CsvTable],
    reads: dict[str, TableRead],
    package: dict,
    layout: str = "txt",
) -> tuple[list, list[str], dict[str, pl.DataFrame]]:
    pairs, texts, frames = [], [], {}
    hashes: dict[str, str] = {}
    for table in tables.values():
        checked = reads[table.name].text
        if checked is None:  # validation passed, so every table was read
            raise ReleaseError(f"table {table.name} was not read by validation")
        text = sort_by_key(checked.select(table.schema.field_names), table.schema)
        frames[table.name] = text
        _write(tmp / table.relpath, to_csv_bytes(text, table.schema))
        parquet_rel = PurePosixPath(table.relpath).with_suffix(".parquet").as_posix()
        metadata = kv_metadata(table, parquet_schema(table), package)
        _write(tmp / parquet_rel, parquet_bytes(release_arrow(text, table, metadata)))
        pairs.append((table, parquet_rel))
        if table.name == TEXTS_TABLE and TEXT_PATH_FIELD in text.columns:
            rows = text.select(TEXT_PATH_FIELD, "text_sha256").drop_nulls().unique()
            hashes = dict(rows.iter_rows())
            texts = sorted(hashes)
    stored = _texts_table(root, package)
    data = {rel: _checked_text(root, rel, hashes[rel], stored) for rel in texts}
    if layout == "parquet":
        schema = texts_table_schema(tables[TEXTS_TABLE].schema_descriptor)
        by_id = {PurePosixPath(rel).stem: raw for rel, raw in data.items()}
        return pairs, write_parts(tmp, by_id, schema), frames
    for rel, raw in data.items():
        _write(tmp / rel, raw)
    return pairs, texts, frames


def _texts_table(root: Path, package: dict) -> dict[str, bytes] | None:
    """The texts of a package in the Parquet layout by source id; None in the ``.txt`` layout."""
    from claimtrace.texts_table.read import TextsTableError, table_texts

    resource = texts_resource(package)
    if resource is None:
        return None
    try:
        return table_texts(root, resource)
    except TextsTableError as exc:
        raise ReleaseError(str(exc)) from None


def _stamp(tmp: Path, epoch: int) -> None:
    """Give every file and directory the release time and ordinary permissions."""
    mask = os.umask(0)
    os.umask(mask)
    for path in sorted(tmp.rglob("*"), reverse=True):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)
        os.utime(path, (epoch, epoch))
    tmp.chmod(0o777 & ~mask)
    os.utime(tmp, (epoch, epoch))


def _check_target(target: Path, force: bool) -> None:
    """Refuse a target that exists (without ``force``) or is anything but a real directory."""
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_dir():
        kind = "a symlink" if target.is_symlink() else "not a directory"
        raise ReleaseError(f"{target} is {kind}; remove it, a release replaces only a release")
    if not force:
        raise ReleaseError(f"{target} already exists; pass --force to replace it")


def _prepare_out(out: Path) -> list[Path]:
    """Create ``out`` (and missing parents); the directories created, outermost first."""
    created = []
    for parent in [*reversed(out.parents), out]:
        if not os.path.lexists(parent):
            created.append(parent)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReleaseError(f"--out {out}: cannot create the directory: {exc.strerror}") from None
    if not out.is_dir():
        raise ReleaseError(f"--out {out} is not a directory")
    return created


def _publish(tmp: Path, target: Path, force: bool) -> None:
    """Move the finished ``tmp`` to ``target``; with ``force`` swap it for an existing one."""
    _check_target(target, force)
    if not os.path.lexists(target):
        os.rename(tmp, target)
        return
    if exchange(tmp, target):  # one atomic step: readers see the old release or the new one
        shutil.rmtree(tmp)  # now holds the old release
        return
    trash = staging_dir(target.parent, target.name, suffix=".old")
    try:  # without renameat2 the target is missing for the instant between two renames
        os.rename(target, trash / "old")
        try:
            os.rename(tmp, target)
        except OSError:
            os.rename(trash / "old", target)
            raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)


RELEASE_STEPS = 2
"""The ``stage`` calls of ``build_release`` itself (validation adds its own)."""


def build_release(
    path: Path | str, out: Path | str | None = None, *, force: bool = False, texts: str = "txt"
) -> Path:
    """Build the release of the package at ``path`` under ``out`` (default ``path``/dist).

    ``texts`` is the layout of the archived texts in the release: ``txt`` (one file per text,
    the default) or ``parquet`` (the texts table, see ``claimtrace.texts_table``), whichever
    layout the package itself keeps.

    Refuses (ReleaseError) when the versions of datapackage.json and pyproject.toml disagree,
    CHANGELOG.md has no entry for the version, the version is recorded and the installed writers
    are not the recorded ones, validation finds a problem, or the release exists and ``force``
    is false. Returns the release directory; its archives are written beside it. Every file read
    (descriptor, schemas, tables, texts, CHANGELOG.md, pyproject.toml, companions) is a contained
    regular file; the tables and texts released are those validation checked.
    """
    if texts not in LAYOUTS:
        message = f"--texts must be one of {', '.join(LAYOUTS)}, got {texts!r}"
        raise ReleaseError(message, exit_code=2)
    root = package_root(path)
    working = read_release_package(root).descriptor
    name = release_name(working)
    out = Path(out) if out is not None else inside(root, "dist", "the default release folder")
    if os.path.lexists(out) and not out.is_dir():
        raise ReleaseError(f"--out {out} is not a directory")
    sweep_stale(out, name)  # staging folders of builds that were killed outright
    version = package_version(working, root)
    entry = required_entry(root, version)
    record = read_record(root, version)
    if record is not None:
        require_writers(record.writers, f"{version} is recorded in {RECORDS_DIR}/{version}.json")
    package, reads = require_valid(root)
    if package.descriptor != working:
        raise ReleaseError("datapackage.json changed while the release was built; run it again")
    stage("tables, Parquet, texts and checksums")
    epoch = parse_iso_utc(record.created) if record is not None else release_epoch(root)
    tables = tables_of(package)
    target = out / f"{name}-{version}"
    _check_target(target, force)
    created = _prepare_out(out)
    tmp = staging_dir(out, target.name)
    try:
        pairs, written, frames = _write_tables(root, tmp, tables, reads, working, texts)
        schemas = {t.name: t.schema_descriptor for t in tables.values()}
        context = BuildContext(
            root, working, version, iso_utc(epoch), entry, frames, schemas, staged=tmp
        )
        descriptor = release_descriptor(working, tmp, pairs, written, iso_utc(epoch), texts)
        text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
        _write(tmp / "datapackage.json", text.encode("utf-8"))
        for companion in COMPANIONS:  # made from the staged tables, texts and descriptor
            data = companion.make(context)
            if data is not None:
                _write(tmp / companion.path, data)
        _write(tmp / SUMS_NAME, sha256sums(tmp))
        _stamp(tmp, epoch)
        stage("publish")
        _publish(tmp, target, force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for made in reversed(created):  # directories this build created, if left empty
            with contextlib.suppress(OSError):
                made.rmdir()
        raise
    write_archives(target, epoch)
    return target
