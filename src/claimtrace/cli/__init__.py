"""The ``claimtrace`` command line: one module per command, registered here."""

from __future__ import annotations

import typer

from claimtrace.cli import (
    add_source,
    anchor,
    anchor_rows,
    diff,
    numbers,
    rehydrate,
    release,
    report,
    validate,
)
from claimtrace.cli.version import version_option

app = typer.Typer(
    name="claimtrace",
    help="Validate, curate and release the claimtrace corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.callback()(version_option)
app.command("validate")(validate.validate)
app.command("report")(report.report)
app.command("release")(release.release)
app.command("diff")(diff.diff)
app.command("anchor")(anchor.anchor)
app.command("add-source")(add_source.add_source)
app.command("anchor-rows")(anchor_rows.anchor_rows)
app.command("numbers")(numbers.numbers)
app.command("rehydrate")(rehydrate.rehydrate)


def main() -> None:
    """Entry point of the console script."""
    app()
