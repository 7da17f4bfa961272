"""``claimtrace report``: the drift report, per proposition the values side by side per source."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import JsonOutput, fail
from claimtrace.safety.terminal import printable, printable_lines

SHOWN_PROBLEMS = 5


def report(
    path: Annotated[
        Path, typer.Argument(help="Package directory (or its datapackage.json).")
    ] = Path("."),
    json_output: JsonOutput = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write the report to FILE (atomically), not stdout.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Print the drift report: per proposition, each source's value side by side, conflicts first.

    Markdown by default, JSON with --json; --out writes FILE atomically instead of stdout.

    Exit 0: written from a valid package. 1: written, but the package has problems (stderr).

    Exit 2: the package cannot be read; nothing is written.
    """
    from claimtrace.atomic import write_atomic
    from claimtrace.report import (
        ReportInputError,
        build_report,
        load_tables,
        render_markdown,
        report_document,
    )
    from claimtrace.report.document import to_json

    try:
        tables = load_tables(path)
        built = build_report(tables)
        if json_output:
            data = to_json(report_document(built, tables.descriptor))
        else:
            data = printable_lines(render_markdown(built, tables.descriptor)).encode("utf-8")
    except ReportInputError as exc:
        raise fail(f"cannot build the report from {path}: {exc}") from None
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            write_atomic(out, data)
        except OSError as exc:
            raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
    problems = tables.problems
    if problems.height:
        typer.secho(
            f"warning: the package has {problems.height} problems; the report shows what could "
            "be read. Run `claimtrace validate` for the full list.",
            err=True,
            fg=typer.colors.YELLOW,
        )
        for p in problems.head(SHOWN_PROBLEMS).to_dicts():
            line = (
                f"{p['table']} row {p['row']} field {p['field']}: {p['message']}"
                f" ({p['rule']}, value {p['value']!r})"
            )
            typer.echo(f"  {printable(line)}", err=True)
        raise typer.Exit(1)
