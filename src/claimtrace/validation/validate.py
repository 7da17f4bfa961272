"""Validate a package: structure, then tables, then corpus, in one report."""

from __future__ import annotations

from pathlib import Path

from claimtrace.metadata import Package
from claimtrace.validation.corpus import corpus_problems
from claimtrace.validation.guarded import (
    guarded_reads,
    hostile_cell_problems,
    locate_cells,
    merge_problems,
    text_byte_problems,
)
from claimtrace.validation.reader import TableRead
from claimtrace.validation.report import Report
from claimtrace.validation.structure import read_descriptor, structure_problems
from claimtrace.validation.table import table_problems


def validate_package(path: Path | str) -> Report:
    """Validate the package at ``path`` (its directory or its datapackage.json).

    Every layer runs on what could be read, so one bad cell or table does not hide the others.
    Bytes are scanned before any table is parsed (see ``guarded``).
    """
    return validate_and_read(path)[0]


def validate_and_read(
    path: Path | str,
) -> tuple[Report, Package | None, dict[str, TableRead]]:
    """The report, the package and its tables as the guarded reader read them (one pass).

    Callers that go on to use the tables (the drift report) use these reads, so they never parse
    a file the byte scan refused.
    """
    package, problems = read_descriptor(path)
    if package is None:
        return Report(problems, readable=False), None, {}
    reads, scanned = guarded_reads(package)
    layers = [
        structure_problems(reads),
        table_problems(reads),
        hostile_cell_problems(reads),
        corpus_problems(package.root, reads),
    ]
    scanned = locate_cells(scanned, reads)
    report = Report(merge_problems(layers, [scanned, text_byte_problems(package, reads)]))
    return report, package, reads
