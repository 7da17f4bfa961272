"""``claimtrace view``: write the package's offline viewer, one self-contained HTML file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import PackagePath, fail
from claimtrace.viewer.limits import DEFAULT_MAX_SOURCES


def view(
    path: PackagePath = Path("."),
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="The HTML file to write (atomically).", dir_okay=False),
    ] = Path("viewer.html"),
    max_sources: Annotated[
        int,
        typer.Option("--max-sources", min=1, help="Refuse packages with more sources than this."),
    ] = DEFAULT_MAX_SOURCES,
) -> None:
    """Write the viewer: texts side by side, claims and figures highlighted, lineage, figures.

    One HTML file with no network request; it opens from file://. Exit 1: the package does not
    validate or is too large for --max-sources; nothing is written. Exit 2: it cannot be read.
    """
    started = time.perf_counter()
    from claimtrace.atomic import write_atomic
    from claimtrace.valid import InvalidPackageError
    from claimtrace.viewer.build import build_viewer
    from claimtrace.viewer.page import ViewerError

    try:
        page = build_viewer(path, max_sources)
    except (InvalidPackageError, ViewerError) as exc:
        raise fail(f"cannot build the viewer from {path}: {exc}".splitlines(), 1) from None
    try:
        write_atomic(out, page)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
    seconds = time.perf_counter() - started
    typer.echo(f"{out}: {len(page):,} bytes in {seconds:.2f} s")
