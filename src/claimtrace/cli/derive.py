"""``claimtrace derive``: recompute the computed proposition fields from claims and lineage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import fail
from claimtrace.safety.terminal import printable

PackagePath = Annotated[Path, typer.Argument(help="Package directory holding datapackage.json.")]


def derive(
    path: PackagePath = Path("."),
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing: exit 1 listing every field that differs."),
    ] = False,
) -> None:
    """Recompute source_count, origin_count, altered_copy_count and status of every proposition.

    Writes data/propositions.csv in canonical form unless --check; with --check, or when a
    proposition has no claims, exits 1 listing each difference (table, row, field, old -> new).
    """
    from claimtrace.curation.tables import CurationInputError
    from claimtrace.metadata.package import PackageError
    from claimtrace.semantics.derive import derive as run_derive

    try:
        result = run_derive(path, write=not check)
    except (PackageError, CurationInputError, KeyError) as exc:
        raise fail(str(exc).strip("'")) from None
    for problem in result.problems:
        typer.secho(printable(str(problem)), err=True, fg=typer.colors.RED)
    for difference in result.differences:
        typer.echo(printable(str(difference)), err=check)
    n = len(result.differences)
    if check:
        typer.echo(f"{n} computed field(s) differ" if n else "computed fields are current")
    else:
        typer.echo(f"wrote {n} changed field(s)" if result.written else "nothing to write")
    if result.problems or (check and n):
        raise typer.Exit(1)
