"""``claimtrace --version``: the installed package's version, and the tool's own options."""

from __future__ import annotations

from typing import Annotated

import typer


def _print_version(value: bool) -> None:
    if value:
        from claimtrace import __version__

        typer.echo(f"claimtrace {__version__}")
        raise typer.Exit(0)


def version_option(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print claimtrace's version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Validate, curate and release the claimtrace corpus."""
