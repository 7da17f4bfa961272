"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

PackageDir = Annotated[
    Path,
    typer.Option(
        "--package",
        "-p",
        help="Directory holding datapackage.json.",
        file_okay=False,
        show_default=True,
    ),
]
PackagePath = Annotated[Path, typer.Argument(help="Package directory (or its datapackage.json).")]
"""The package a command reads, as its optional first argument (default: the current folder)."""
JsonOutput = Annotated[bool, typer.Option("--json", help="Emit a machine-readable JSON document.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` to stderr and return the Exit to raise with ``code``."""
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)
