"""Validate a package: structure, then tables, then corpus, in one report."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from claimtrace.integrity import integrity_problems
from claimtrace.metadata import Package
from claimtrace.validation.corpus import corpus_problems, source_texts
from claimtrace.validation.guarded import (
    fill_lines,
    guarded_reads,
    hostile_cell_problems,
    locate_cells,
    merge_problems,
    text_byte_problems,
)
from claimtrace.validation.problems import problem
from claimtrace.validation.reader import TableRead
from claimtrace.validation.report import Report
from claimtrace.validation.structure import read_descriptor, structure_problems
from claimtrace.validation.table import table_problems


def validate_package(path: Path | str) -> Report:
    """Validate the package at ``path`` (its directory, its datapackage.json, or a release archive).

    Every layer runs on what could be read, so one bad cell or table does not hide the others.
    Bytes are scanned before any table is parsed (see ``guarded``). An archive is extracted to a
    temporary folder first (see ``claimtrace.release.archive.extracted``).
    """
    from claimtrace.release.archive import extracted, is_archive
    from claimtrace.release.errors import ReleaseError

    if is_archive(Path(path)):
        try:
            with extracted(Path(path)) as folder:
                return validate_and_read(folder)[0]
        except ReleaseError as exc:
            found = problem(
                layer="structure",
                table=Path(path).name,
                rule="structure.descriptor",
                message=str(exc),
            )
            return Report(found, readable=False)
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
    # The archived texts are scanned and read (Python-bound) on a second thread while the table
    # layers run in polars, which leaves the GIL to it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        text_work = pool.submit(_text_work, package, reads)
        layers = [structure_problems(reads), table_problems(reads), hostile_cell_problems(reads)]
        text_scan, texts = text_work.result()
    layers.append(corpus_problems(package.root, reads, texts))
    layers.append(integrity_problems(package.root, package.descriptor))
    scanned = locate_cells(scanned, reads)
    report = Report(fill_lines(merge_problems(layers, [scanned, text_scan]), reads))
    return report, package, reads


def _text_work(
    package: Package, reads: dict[str, TableRead]
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The byte scan of every archived text, then the texts themselves."""
    return text_byte_problems(package, reads), source_texts(package.root, reads)
