"""``claimtrace release``: build ``dist/<name>-<version>/`` from the validated corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import fail
from claimtrace.safety.terminal import printable


def _size(root: Path, suffix: str) -> int:
    return sum(p.stat().st_size for p in root.rglob(f"*{suffix}") if p.is_file())


def release(
    path: Annotated[
        Path, typer.Argument(help="Package directory (holding datapackage.json).", file_okay=False)
    ] = Path("."),
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to put the release (default: PATH/dist).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing release of this version.")
    ] = False,
    texts: Annotated[
        str,
        typer.Option(
            "--texts",
            help="Layout of the archived texts: txt (one file per text) or parquet (one "
            "partitioned table, faster at scale).",
        ),
    ] = "txt",
) -> None:
    """Build the release folder (tables as CSV and Parquet, texts, docs, SHA256SUMS) and archives.

    Refuses when validation fails, CHANGELOG.md has no entry for the version, pyproject.toml and
    datapackage.json disagree on the version, or the release exists (without --force).
    """
    from claimtrace.progress import displayed, on_terminal
    from claimtrace.release.build import RELEASE_STEPS, build_release
    from claimtrace.release.errors import ReleaseError
    from claimtrace.validation.validate import VALIDATE_STEPS

    try:
        with displayed("release", VALIDATE_STEPS + RELEASE_STEPS, on_terminal()):
            target = build_release(path, out, force=force, texts=texts)
    except ReleaseError as exc:
        raise fail(str(exc).split("\n"), exc.exit_code) from None  # a refusal lists problems
    typer.echo(printable(str(target)))
    typer.echo(
        f"csv {_size(target, '.csv')} bytes, parquet {_size(target, '.parquet')} bytes, "
        f"texts {_size(target / 'data' / 'texts', '')} bytes"
    )
    from claimtrace.release.archive import archive_names

    for name in archive_names(target.name).values():
        typer.echo(f"{target.parent / name} ({(target.parent / name).stat().st_size} bytes)")
