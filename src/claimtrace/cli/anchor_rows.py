"""``claimtrace anchor-rows``: write the offsets of every claim and figure from its quote."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import PackageDir, fail
from claimtrace.curation.anchor_rows import anchor_rows as run_anchor_rows
from claimtrace.curation.tables import CurationInputError
from claimtrace.metadata.package import PackageError
from claimtrace.safety.terminal import printable


def anchor_rows(
    package: PackageDir = Path("."),
    check: Annotated[
        bool, typer.Option("--check", help="Only verify: exit 1 if an offset is missing or wrong.")
    ] = False,
) -> None:
    """Fill start and end of claims (in the source text) and figures (in their claim's span).

    Refuses absent or ambiguous quotes with their candidates; rewrites data/claims.csv and
    data/figures.csv in canonical form unless --check.
    """
    try:
        result = run_anchor_rows(package, write=not check)
    except (PackageError, CurationInputError) as exc:
        raise fail(str(exc)) from None
    for problem in result.problems:
        typer.secho(printable(str(problem)), err=True, fg=typer.colors.RED)
    verb = "would change" if check else "changed"
    typer.echo(", ".join(f"{verb} {n} {table} rows" for table, n in result.changed.items()))
    if result.problems or (check and any(result.changed.values())):
        raise typer.Exit(1)
