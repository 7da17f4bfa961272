"""Produce the exports of a valid package as bytes, and write them into a directory."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson

from claimtrace.atomic import write_atomic
from claimtrace.exports.formats import FILES
from claimtrace.valid import ValidPackage


def _json(document: dict) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _sqlite(package: ValidPackage) -> bytes:
    from claimtrace.exports.sqlite_db import write_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.sqlite"
        write_database(package, path)
        return path.read_bytes()


def export_bytes(package: ValidPackage, fmt: str) -> bytes:
    """The bytes of one format's file."""
    if fmt == "web-annotation":
        from claimtrace.exports.web_annotation import annotation_collection

        return _json(annotation_collection(package))
    if fmt == "schema-org":
        from claimtrace.exports.schema_org import claims_document

        return _json(claims_document(package))
    if fmt == "croissant":
        from claimtrace.exports.croissant import croissant_metadata

        return _json(croissant_metadata(package))
    if fmt == "sqlite":
        return _sqlite(package)
    raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FILES)}")


def exports(package: ValidPackage, formats: list[str] | None = None) -> dict[str, bytes]:
    """File name -> bytes of each format (every format by default), all built before any write."""
    return {FILES[f]: export_bytes(package, f) for f in formats or list(FILES)}


def write_exports(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write each file into ``out`` (created), atomically; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        write_atomic(out / name, data)
        written.append(out / name)
    return written
