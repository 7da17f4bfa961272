"""``claimtrace diff``: rows and schema changed between two releases, and the bump they require."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import JsonOutput, fail

PackagePath = Annotated[
    Path, typer.Argument(help="A release or corpus directory (or its descriptor).")
]


def diff(
    old: PackagePath,
    new: PackagePath,
    json_output: JsonOutput = False,
    limit: Annotated[int, typer.Option(help="Rows listed per table and kind (text output).")] = 20,
) -> None:
    """Compare OLD and NEW by primary key: rows added, removed, changed; schema; semver bump."""
    from claimtrace.release.diff import diff_packages
    from claimtrace.release.errors import ReleaseError

    try:
        result = diff_packages(old, new)
    except ReleaseError as exc:
        raise fail(str(exc)) from None
    if json_output:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(result.render(limit))
