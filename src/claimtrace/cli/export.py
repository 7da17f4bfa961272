"""``claimtrace export``: the package as Web Annotation, schema.org, Croissant or SQLite."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import PackagePath, fail
from claimtrace.exports.formats import ALL, FILES

FORMATS = ", ".join([*FILES, ALL])


def export(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help=f"One of: {FORMATS}.")],
    path: PackagePath = Path("."),
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Directory to write into (created).", file_okay=False),
    ] = Path("exports"),
) -> None:
    """Export the package in a standard format, or in all of them.

    web-annotation, schema-org, croissant or sqlite (see docs/viewer.md); croissant.json belongs
    at the package root, where its relative paths resolve.

    Exit 1: the package does not validate; nothing is written. Exit 2: it cannot be read, or the
    format is unknown.
    """
    if fmt not in FILES and fmt != ALL:
        raise fail(f"unknown format {fmt!r}; choose one of: {FORMATS}")
    from claimtrace.exports.write import exports, write_exports
    from claimtrace.valid import InvalidPackageError, load_valid

    try:
        files = exports(load_valid(path), None if fmt == ALL else [fmt])
    except InvalidPackageError as exc:
        raise fail(f"cannot export {path}: {exc}".splitlines(), 1) from None
    try:
        written = write_exports(files, out)
    except OSError as exc:
        raise fail(f"cannot write into {out}: {exc.strerror or exc}") from None
    for p in written:
        typer.echo(f"{p}: {p.stat().st_size:,} bytes")
