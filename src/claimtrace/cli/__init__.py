"""The ``claimtrace`` command line: one module per command, registered here."""

from __future__ import annotations

import typer

from claimtrace.cli import (
    add_source,
    anchor,
    anchor_rows,
    derive,
    diff,
    export,
    numbers,
    rehydrate,
    release,
    report,
    suggest,
    validate,
    view,
)
from claimtrace.cli.boundary import command
from claimtrace.cli.version import version_option

app = typer.Typer(
    name="claimtrace",
    help="Validate, curate and release the claimtrace corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.callback()(version_option)
COMMANDS = {
    "validate": validate.validate,
    "report": report.report,
    "release": release.release,
    "diff": diff.diff,
    "anchor": anchor.anchor,
    "add-source": add_source.add_source,
    "anchor-rows": anchor_rows.anchor_rows,
    "numbers": numbers.numbers,
    "rehydrate": rehydrate.rehydrate,
    "derive": derive.derive,
    "suggest": suggest.suggest,
    "view": view.view,
    "export": export.export,
}
"""Every command, each registered inside the one boundary (``boundary.command``)."""
for _name, _function in COMMANDS.items():
    app.command(_name)(command(_name)(_function))


def main() -> None:
    """Entry point of the console script."""
    app()
