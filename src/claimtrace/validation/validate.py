"""Validate a package: structure, then tables, then corpus, in one report."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from claimtrace.integrity import integrity_problems
from claimtrace.metadata import Package
from claimtrace.progress import stage
from claimtrace.validation.corpus import corpus_problems
from claimtrace.validation.guarded import (
    fill_lines,
    guarded_reads,
    hostile_cell_problems,
    locate_cells,
    merge_problems,
)
from claimtrace.validation.problems import problem
from claimtrace.validation.reader import TableRead
from claimtrace.validation.report import Report
from claimtrace.validation.structure import read_descriptor, structure_problems
from claimtrace.validation.table import table_problems
from claimtrace.validation.texts_batch import text_pass


def validate_package(path: Path | str, partitioned: bool | None = None) -> Report:
    """Validate the package at ``path`` (its directory, its datapackage.json, or a release archive).

    Every layer runs on what could be read, so one bad cell or table does not hide the others.
    Bytes are scanned before any table is parsed (see ``guarded``). An archive is extracted to a
    temporary folder first (see ``claimtrace.release.archive.extracted``).

    ``partitioned``: validate in partitions of connected rows, in bounded memory (see
    ``claimtrace.validation.partitioned``), with the same problems; None (the default) does so
    for a package of ``partitioned.run.AUTO_BYTES`` of CSV or more.
    """
    from claimtrace.release.archive import extracted, is_archive
    from claimtrace.release.errors import ReleaseError

    if is_archive(Path(path)):
        try:
            with extracted(Path(path)) as folder:
                return _validate(folder, partitioned)
        except ReleaseError as exc:
            found = problem(
                layer="structure",
                table=Path(path).name,
                rule="structure.descriptor",
                message=str(exc),
            )
            return Report(found, readable=False)
    return _validate(path, partitioned)


def _validate(path: Path | str, partitioned: bool | None) -> Report:
    """The report alone: whole, or in partitions (see ``validate_package``)."""
    from claimtrace.validation.partitioned.run import AUTO_BYTES, csv_bytes, validate_partitioned

    stage("descriptor")
    package, problems = read_descriptor(path)
    if package is None:
        return Report(problems, readable=False)
    if partitioned or (partitioned is None and csv_bytes(package) >= AUTO_BYTES):
        return validate_partitioned(package)
    return _read_and_check(package)[0]


VALIDATE_STEPS = 5
"""The ``stage`` calls of ``validate_and_read`` (for a progress bar)."""


def validate_and_read(
    path: Path | str,
) -> tuple[Report, Package | None, dict[str, TableRead]]:
    """The report, the package and its tables as the guarded reader read them (one pass).

    Callers that go on to use the tables (the drift report) use these reads, so they never parse
    a file the byte scan refused.
    """
    stage("descriptor")
    package, problems = read_descriptor(path)
    if package is None:
        return Report(problems, readable=False), None, {}
    return _read_and_check(package)


def _read_and_check(package: Package) -> tuple[Report, Package, dict[str, TableRead]]:
    """Every layer on the whole package, its tables held in memory."""
    stage("byte scan and read of the tables")
    reads, scanned = guarded_reads(package)
    stage("keys, tables and cells; archived texts")
    # The archived texts are scanned and read (Python-bound) on a second thread while the table
    # layers run in polars, which leaves the GIL to it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        text_work = pool.submit(_text_work, package, reads)
        layers = [structure_problems(reads), table_problems(reads), hostile_cell_problems(reads)]
        text_scan, texts = text_work.result()
    stage("corpus rules")
    layers.append(corpus_problems(package.root, reads, texts))
    layers.append(integrity_problems(package.root, package.descriptor))
    stage("report")
    scanned = locate_cells(scanned, reads)
    report = Report(fill_lines(merge_problems(layers, [scanned, text_scan]), reads))
    return report, package, reads


def _text_work(
    package: Package, reads: dict[str, TableRead]
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The byte scan of every archived text, and the texts themselves (each file read once)."""
    return text_pass(package, reads)
