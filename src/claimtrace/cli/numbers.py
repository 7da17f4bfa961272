"""``claimtrace numbers``: every number in a text and what decides it (figure or exclusion)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import JsonOutput, PackageDir, fail
from claimtrace.curation.coverage import ExclusionError, coverage, source_ids
from claimtrace.curation.tables import CurationInputError
from claimtrace.metadata.package import PackageError
from claimtrace.safety.terminal import printable


def numbers(
    source_id: Annotated[
        str | None, typer.Argument(help="Source to scan; every source when omitted.")
    ] = None,
    package: PackageDir = Path("."),
    undecided: Annotated[
        bool, typer.Option("--undecided", help="List only numbers no figure or exclusion covers.")
    ] = False,
    json_output: JsonOutput = False,
) -> None:
    """List START, END, the number and what decides it (figure id, exclusion, or UNDECIDED).

    Exits 1 when a number is undecided, so it doubles as a completeness check.
    """
    try:
        known = source_ids(package)
        if source_id is not None and source_id not in known:
            raise fail(f"unknown source {source_id!r}; sources: {', '.join(known)}")
        frame = coverage(package, [source_id] if source_id else known)
    except (PackageError, ExclusionError, CurationInputError, FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    if undecided:
        frame = frame.filter(frame["decided_by"].is_null())
    rows = frame.to_dicts()
    if json_output:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            fields = [r["source_id"], r["start"], r["end"], repr(r["surface"]), r["kind"]]
            fields.append(r["decided_by"] or "UNDECIDED")
            typer.echo("\t".join(printable(f) for f in fields))
    if any(r["decided_by"] is None for r in rows):
        raise typer.Exit(1)
