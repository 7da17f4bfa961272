"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.boundary import fail

__all__ = ["JsonOutput", "PackageDir", "fail"]
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
