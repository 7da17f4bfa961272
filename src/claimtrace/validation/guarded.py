"""Hostile-input guards around the three layers: bytes first, then injection, one report.

Every CSV table is scanned byte by byte (``encoding.scan_file``) before the reader opens it; a
table that is too large, has a line too long, is not UTF-8 or is not a regular file is not
parsed at all, so no input can exhaust memory or block the reader. Archived texts get the same
scan once the sources table is read. The byte scan reports under the reader's and the corpus
layer's rule ids, with line and row; where both report the same rule for the same file (or text),
the scan's finding is kept.
"""

from __future__ import annotations

import polars as pl

from claimtrace.metadata import Package
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.tables.typed import ROW
from claimtrace.validation.calendar import calendar_problems
from claimtrace.validation.encoding import FATAL, Place, scan_file
from claimtrace.validation.frames import concat_problems, key_expr
from claimtrace.validation.injection import cell_size_problems, injection_problems
from claimtrace.validation.problems import problem
from claimtrace.validation.reader import TableRead, read_resource
from claimtrace.validation.rulebook import Rule

RULES = (
    Rule(
        "encoding.not_a_file",
        "structure",
        "every table and text the package names is a regular file (not a directory, pipe or "
        "device)",
    ),
)


def _not_a_file(table: str, file: str, **place: object) -> pl.DataFrame:
    return problem(
        layer="structure",
        table=table,
        rule="encoding.not_a_file",
        value=file,
        message=f"{file} is not a regular file; the package holds plain files only",
        **place,
    )


def guarded_reads(package: Package) -> tuple[dict[str, TableRead], pl.DataFrame]:
    """Scan every table's bytes, then read those that are safe to parse."""
    found, unread = [], set()
    for resource in package.resources:
        try:
            path = resolve_inside(package.root, resource.path)
        except UnsafePathError:
            continue  # the reader reports it and opens nothing
        if not path.exists():
            continue  # the reader reports the missing file
        if not path.is_file():
            found.append(_not_a_file(resource.name, resource.path, field="path"))
            unread.add(resource.name)
            continue
        scanned = scan_file(
            path,
            Place(resource.name, resource.path, primary_key=resource.schema.primary_key),
            csv=True,
        )
        found.append(scanned)
        if scanned.filter(pl.col("rule").is_in(list(FATAL))).height:
            unread.add(resource.name)
    reads = {
        r.name: TableRead(r) if r.name in unread else read_resource(package, r)
        for r in package.resources
    }
    return reads, concat_problems(found)


def text_byte_problems(package: Package, reads: dict[str, TableRead]) -> pl.DataFrame:
    """Byte scan of every archived text the sources table names, reported on its row."""
    sources = reads.get("sources")
    if sources is None or sources.typed is None or "text_path" not in sources.present:
        return concat_problems([])
    rows = (
        sources.typed.select(ROW, "text_path", key=key_expr(sources.schema, sources.present))
        .drop_nulls("text_path")
        .unique("text_path", keep="first", maintain_order=True)
    )
    found = []
    for row, rel, key in rows.iter_rows():  # one scan per file
        place = {"row": row, "key": key, "field": "text_path"}
        try:
            path = resolve_inside(package.root, rel)
        except UnsafePathError:
            continue  # the corpus layer refuses it without opening it
        if not path.exists():
            continue  # the corpus layer reports the missing text
        if not path.is_file():
            found.append(_not_a_file("sources", rel, **place))
            continue
        found.append(scan_file(path, Place("sources", rel, **place), csv=False))
    return concat_problems(found)


def hostile_cell_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Formula injection, oversized cells and impossible dates in every table read."""
    checks = (injection_problems, cell_size_problems, calendar_problems)
    return concat_problems([check(r) for check in checks for r in reads.values()])


def merge_problems(layers: list[pl.DataFrame], scans: list[pl.DataFrame]) -> pl.DataFrame:
    """All problems, where a byte-scan finding replaces the reader's report of the same defect."""
    found = concat_problems(layers)
    scanned = concat_problems(scans)
    if scanned.height == 0:
        return found
    where = pl.concat_str(
        "table",
        "rule",
        pl.when(pl.col("rule") == "structure.blank_row").then(pl.col("row").cast(pl.String)),
        pl.when(pl.col("field") == "text_path").then(pl.col("key")),
        separator="\x1f",
        ignore_nulls=True,
    )
    covered = scanned.select(_where=where).drop_nulls().unique()
    kept = (
        found.with_columns(_where=where)
        .join(covered, on="_where", how="anti", nulls_equal=False)
        .drop("_where")
    )
    return concat_problems([scanned, kept])
