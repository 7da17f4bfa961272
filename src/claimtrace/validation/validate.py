"""Validate a package: structure, then tables, then corpus, in one report."""

from __future__ import annotations

from pathlib import Path

from claimtrace.validation.corpus import corpus_problems
from claimtrace.validation.guarded import (
    guarded_reads,
    hostile_cell_problems,
    merge_problems,
    text_byte_problems,
)
from claimtrace.validation.report import Report
from claimtrace.validation.structure import read_descriptor, structure_problems
from claimtrace.validation.table import table_problems


def validate_package(path: Path | str) -> Report:
    """Validate the package at ``path`` (its directory or its datapackage.json).

    Every layer runs on what could be read, so one bad cell or table does not hide the others.
    Bytes are scanned before any table is parsed (see ``guarded``).
    """
    package, problems = read_descriptor(path)
    if package is None:
        return Report(problems, readable=False)
    reads, scanned = guarded_reads(package)
    layers = [
        structure_problems(reads),
        table_problems(reads),
        hostile_cell_problems(reads),
        corpus_problems(package.root, reads),
    ]
    return Report(merge_problems(layers, [scanned, text_byte_problems(package, reads)]))
