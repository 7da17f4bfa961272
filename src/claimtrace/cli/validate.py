"""``claimtrace validate``: check a package in three layers and print one report.

Usage::

    claimtrace validate                 # the package in the current directory
    claimtrace validate path/to/pkg     # a package directory
    claimtrace validate pkg/datapackage.json --json --limit 0
    claimtrace validate big/pkg --partitioned   # bounded memory (automatic from 512 MiB of CSV)

Layers: structure (descriptor, resource paths, CSV shape, types, primary and foreign keys), tables
(pandera schemas generated from schemas/*.json, plus row rules) and corpus (quotes against the
archived texts, text hashes and lengths, figures inside claims, proposition status, lineage).
Exit status: 0 valid, 1 invalid, 2 the package could not be read. Never a traceback.
"""

from __future__ import annotations

import importlib.util
import json
import traceback
from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.boundary import PASS_THROUGH, error_document, fail
from claimtrace.cli.options import JsonOutput


def _crash_report(path: Path, exc: BaseException):
    from claimtrace.validation import Report
    from claimtrace.validation.problems import problem

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    origin = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return Report(
        problem(
            layer="structure",
            table=str(path),
            rule="internal.error",
            message=f"the validator failed on this input ({type(exc).__name__}: {exc}){origin}; "
            "please report it with the input that caused it",
        ),
        readable=False,
    )


def validate(
    path: Annotated[
        Path, typer.Argument(help="Package directory, or its datapackage.json.")
    ] = Path("."),
    json_output: JsonOutput = False,
    limit: Annotated[
        int,
        typer.Option(help="Show at most this many problems (0: all); the rest are counted."),
    ] = 100,
    engine: Annotated[
        str,
        typer.Option(
            help="default (polars, every rule) or spark (the rules docs/scale.md lists; needs "
            "the spark extra and Java 17)."
        ),
    ] = "default",
    spark_master: Annotated[
        str | None,
        typer.Option("--spark-master", help="Spark master URL (default local[2])."),
    ] = None,
    partitioned: Annotated[
        bool | None,
        typer.Option(
            "--partitioned/--whole",
            help="Default engine: validate in partitions of connected rows, in bounded memory "
            "(automatic from 512 MiB of CSV), or hold every table whole. Same problems either way.",
        ),
    ] = None,
) -> None:
    """Validate the data package at PATH: exit 0 valid, 1 invalid, 2 unreadable.

    Each problem names the table, the row (CSV row, header = 1, and primary key), the field, the
    rule id and the offending value, and says what would be right. --json prints the same as
    {"valid", "problems", "counts", "not_shown"}; an unreadable package (exit 2) adds the error
    object every --json command prints on failure ({"ok": false, "error": {"message"}}).
    """
    if engine not in ("default", "spark"):
        raise typer.BadParameter(f"unknown engine {engine!r}; use default or spark")
    if engine == "spark" and importlib.util.find_spec("pyspark") is None:
        raise fail("the spark engine needs pyspark: pip install 'claimtrace[spark]'", 2)
    shown = None if limit <= 0 else limit
    try:
        from claimtrace.progress import displayed, on_terminal
        from claimtrace.validation import validate_package  # pandera loads only when validating
        from claimtrace.validation.validate import VALIDATE_STEPS

        if engine == "spark":
            from claimtrace.engines.spark import validate_spark

            report = validate_spark(path, spark_master)
        else:
            with displayed("validate", VALIDATE_STEPS, on_terminal(json_output)):
                report = validate_package(path, partitioned)
        text = report.to_json(shown) if json_output else report.to_text(shown)
    except PASS_THROUGH:
        raise
    except BaseException as exc:  # the boundary: a report (exit 2), never a traceback
        report = _crash_report(path, exc)
        text = None
    if report.exit_code == 2 and json_output:
        message = report.problems["message"][0] if report.problems.height else "unreadable"
        document = error_document("validate", message, 2) | report.to_dict(shown)
        text = json.dumps(document, ensure_ascii=False, indent=2)
    elif text is None:
        text = report.to_text()
    typer.echo(text)
    raise typer.Exit(report.exit_code)
