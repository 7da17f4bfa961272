"""Validate a package: structure, then tables, then corpus, in one report."""

from __future__ import annotations

from pathlib import Path

from claimtrace.validation.corpus import corpus_problems
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.report import Report
from claimtrace.validation.structure import read_and_check, read_descriptor
from claimtrace.validation.table import table_problems


def validate_package(path: Path | str) -> Report:
    """Validate the package at ``path`` (its directory or its datapackage.json).

    Every layer runs on what could be read, so one bad cell or table does not hide the others.
    """
    package, problems = read_descriptor(path)
    if package is None:
        return Report(problems, readable=False)
    reads, structure = read_and_check(package)
    return Report(
        concat_problems([structure, table_problems(reads), corpus_problems(package.root, reads)])
    )
