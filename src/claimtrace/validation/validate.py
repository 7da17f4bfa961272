"""Validate a package: structure, then tables, then corpus, in one report."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from claimtrace.integrity import integrity_problems
from claimtrace.metadata import Package
from claimtrace.progress import stage
from claimtrace.validation.corpus import corpus_problems
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.guarded import (
    CELL_CHECKS,
    fill_lines,
    guarded_reads,
    locate_cells,
    merge_problems,
)
from claimtrace.validation.keys import foreign_key_problems, primary_key_problems
from claimtrace.validation.problems import problem
from claimtrace.validation.projection import kept_fields, project
from claimtrace.validation.reader import TableRead
from claimtrace.validation.report import Report
from claimtrace.validation.structure import read_descriptor
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
    return _read_and_check(package, lean=True)[0]


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


def _read_and_check(
    package: Package, *, lean: bool = False
) -> tuple[Report, Package, dict[str, TableRead]]:
    """Every layer on the whole package, its tables held in memory.

    A table's own checks (its primary key, pandera schema and row rules, hostile cells, and the
    cell of each byte-scan finding) run on the reader's thread as soon as it is read, while the
    next table is scanned. ``lean``: then keep only what the rules across tables read
    (``projection``), so the reads returned are not whole. The archived texts are read on a
    thread of their own once the sources table is (Python-bound, beside polars' parsing).
    """
    stage("byte scan and read of the tables")
    kept = kept_fields(package) if lean else None
    own: dict[str, _Own] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        texts: list[Future] = []

        def ready(read: TableRead, scanned: pl.DataFrame | None) -> None:
            name = read.resource.name
            if kept is not None:
                read.text = None  # no check needs the cells as text once they are typed
            if name == "sources":
                # a copy of the read: the projection below does not change it under the thread
                texts.append(pool.submit(text_pass, package, {name: replace(read)}))
            own[name] = _own_problems(read, scanned)
            if kept is not None:
                project(read, kept[name])

        reads, scanned = guarded_reads(package, on_read=ready)
        stage("keys, tables and cells; archived texts")
        parts = [own.get(n) or _own_problems(r, None) for n, r in reads.items()]
        keys = foreign_key_problems(reads)
        text_scan, read_texts = texts[0].result() if texts else text_pass(package, reads)
    stage("corpus rules")
    located = concat_problems(
        [own[n].located if n in own else found for n, found in _by_table(scanned, reads)]
    )
    layers = [
        concat_problems([r.problems for r in reads.values()] + [p.key for p in parts] + [keys]),
        concat_problems([p.table for p in parts]),
        concat_problems([p.cells[i] for i in range(len(CELL_CHECKS)) for p in parts]),
        corpus_problems(package.root, reads, read_texts),
        integrity_problems(package.root, package.descriptor),
    ]
    stage("report")
    report = Report(fill_lines(merge_problems(layers, [located, text_scan]), reads))
    return report, package, reads


@dataclass(frozen=True)
class _Own:
    """The problems of one table found from that table alone."""

    key: pl.DataFrame  # its primary key (structure layer)
    table: pl.DataFrame  # pandera and row rules (table layer)
    cells: tuple[pl.DataFrame, ...]  # each of ``guarded.CELL_CHECKS``
    located: pl.DataFrame  # its byte-scan findings, with the key and field of their cell


def _own_problems(read: TableRead, scanned: pl.DataFrame | None) -> _Own:
    name = read.resource.name
    reads = {name: read}
    return _Own(
        key=primary_key_problems(read),
        table=table_problems(reads),
        cells=tuple(check(read) for check in CELL_CHECKS),
        located=locate_cells(scanned, reads) if scanned is not None else concat_problems([]),
    )


def _by_table(scanned: pl.DataFrame, reads: dict[str, TableRead]):
    """The byte-scan findings of each table, in the order of ``scanned`` (descriptor order)."""
    names = scanned["table"].unique(maintain_order=True).to_list() if scanned.height else []
    return [(n, scanned.filter(pl.col("table") == n)) for n in names]
