"""Hostile-input guards around the three layers: bytes first, then injection, one report.

Every CSV table is scanned byte by byte (``encoding.scan_file``) before the reader opens it; a
table that is too large, has a line too long, is not UTF-8 or is not a regular file is not
parsed at all, so no input can exhaust memory or block the reader. Archived texts get the same
scan once the sources table is read. The byte scan reports under the reader's and the corpus
layer's rule ids, with line and row; where both report the same rule for the same file (or text),
the scan's finding is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl

from claimtrace.metadata import Package, Resource, read_package
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.tables.typed import ROW
from claimtrace.validation.calendar import calendar_problems
from claimtrace.validation.encoding import FATAL, Place, scan_file, scan_table
from claimtrace.validation.frames import concat_problems, key_expr
from claimtrace.validation.injection import cell_size_problems, injection_problems
from claimtrace.validation.problems import problem
from claimtrace.validation.reader import TableRead, complete_frame, read_resource, unparsable
from claimtrace.validation.rulebook import Rule

RULES = (
    Rule(
        "encoding.not_a_file",
        "structure",
        "every CSV table the package names is a regular file (not a directory, pipe or device)",
    ),
)


def _not_a_file(table: str, file: str, **place: object) -> pl.DataFrame:
    text = place.get("field") == "text_path"
    return problem(
        layer="corpus" if text else "structure",
        table=table,
        rule="corpus.text_readable" if text else "encoding.not_a_file",
        value=file,
        message=f"{file} is not a regular file; the package holds plain files only",
        **place,
    )


def guarded_reads(
    package: Package,
    on_read: Callable[[TableRead, pl.DataFrame | None], None] | None = None,
) -> tuple[dict[str, TableRead], pl.DataFrame]:
    """Scan every table's bytes, then read those that are safe to parse.

    The scan is Python-bound and the read mostly runs in polars and numpy outside the GIL, so
    each safe table is read on a second thread while the next is scanned, largest tables first.
    Results are keyed by table and reported in the descriptor's order, whatever the timing.
    ``on_read`` is called on the reader's thread with each table as soon as it is read, and the
    byte scan's findings of its file; it may change the read in place.
    """
    found: dict[str, pl.DataFrame] = {}
    pending: dict[str, Future[TableRead]] = {}
    with ThreadPoolExecutor(max_workers=2) as reader:
        for resource in sorted(package.resources, key=lambda r: -_size(package, r)):
            scanned, records = _scan(package, resource)
            if scanned is not None:
                found[resource.name] = scanned
            if scanned is None or not _fatal(scanned):
                pending[resource.name] = reader.submit(
                    _read_then, package, resource, records, on_read, scanned
                )
    reads = {
        r.name: pending[r.name].result() if r.name in pending else TableRead(r)
        for r in package.resources
    }
    order = [found[r.name] for r in package.resources if r.name in found]
    return reads, concat_problems(order)


def _read_then(package, resource, records, on_read, scanned) -> TableRead:
    """``_read``, then ``on_read`` on the result (on the same thread)."""
    read = _read(package, resource, records)
    if on_read is not None:
        on_read(read, scanned)
    return read


def _size(package: Package, resource: Resource) -> int:
    """Bytes of a resource's file; 0 when it is unsafe, missing or not a regular file."""
    try:
        path = resolve_inside(package.root, resource.path)
        return path.stat().st_size if path.is_file() else 0
    except (UnsafePathError, OSError):
        return 0


def _scan(
    package: Package, resource: Resource, cut: int | None = None
) -> tuple[pl.DataFrame | None, pl.DataFrame | None]:
    """The byte scan of one table and the records it measured (``encoding.scan_table``).

    The problems are None when the reader is to report the path or the file. ``cut``: only the
    records where chunks of that many bytes start (not the records a reader can use).
    """
    try:
        path = resolve_inside(package.root, resource.path)
    except UnsafePathError:
        return None, None  # the reader reports it and opens nothing
    if not path.exists():
        return None, None  # the reader reports the missing file
    if not path.is_file():
        return _not_a_file(resource.name, resource.path, field="path"), None
    place = Place(resource.name, resource.path, primary_key=resource.schema.primary_key)
    return scan_table(path, place, cut)


def _fatal(scanned: pl.DataFrame) -> bool:
    """Whether the scan found what keeps a file from being parsed (or it is not a file)."""
    rules = [*FATAL, "encoding.not_a_file"]
    return scanned.filter(pl.col("rule").is_in(rules)).height > 0


def _read(package: Package, resource: Resource, records: pl.DataFrame | None = None) -> TableRead:
    """The reader's result, or an unparsable table when the CSV parser gives up on it."""
    try:
        return read_resource(package, resource, scanned=True, records=records)
    except pl.exceptions.PolarsError as exc:
        return TableRead(resource, problems=unparsable(resource.name, resource.path, exc))


def read_guarded(package: Package, resource: Resource) -> TableRead:
    """One table read behind the byte scan, as ``guarded_reads`` reads each (diff and release).

    A table the scan refuses is not parsed: its read has no frames and the scan's problems.
    """
    scanned, records = _scan(package, resource)
    if scanned is not None and _fatal(scanned):
        return TableRead(resource, problems=scanned)
    return _read(package, resource, records)


def read_tables(package: Package | Path | str) -> dict[str, pl.DataFrame]:
    """Typed frames of every readable table (declared columns plus ``_row``), keyed by resource.

    Tables are read behind the same guards as ``validate_package`` (byte scan, size limits,
    unclosed quotes), so no input can exhaust memory or raise. Cells that do not parse are null
    and tables that cannot be read are left out: call ``validate_package`` first when the data
    must be known good.
    """
    if not isinstance(package, Package):
        package = read_package(package)
    reads, _ = guarded_reads(package)
    return {name: complete_frame(read) for name, read in reads.items() if read.typed is not None}


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


CELL_CHECKS = (injection_problems, cell_size_problems, calendar_problems)
"""The hostile-cell checks of one table's read, in the order they are reported."""


def hostile_cell_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Formula injection, oversized cells and impossible dates in every table read."""
    return concat_problems([check(r) for check in CELL_CHECKS for r in reads.values()])


_CELL_DEFECTS = {
    "encoding.nfc": lambda c: c.str.normalize("NFC") != c,
    "encoding.nul": lambda c: c.str.contains("\x00", literal=True),
    "structure.line_ending": lambda c: c.str.contains("\r", literal=True),
}
"""Byte-scan rules whose offending cell can be found once the table is parsed."""


def locate_cells(scanned: pl.DataFrame, reads: dict[str, TableRead]) -> pl.DataFrame:
    """Fill in the key of each scanned row, and the field whose cell holds the defect.

    Only tables with a finding are searched: on a clean package this costs nothing.
    """
    if scanned.height == 0:
        return scanned
    tables = set(scanned["table"].drop_nulls())
    parts = []
    for name, read in reads.items():
        if name not in tables or read.typed is None or ROW not in read.typed.columns:
            continue
        texts = [
            f.name for f in read.schema.fields if f.name in read.present and f.type == "string"
        ]
        fields = {
            rule: pl.coalesce([pl.when(test(pl.col(f))).then(pl.lit(f)) for f in texts])
            if texts
            else pl.lit(None, pl.String)
            for rule, test in _CELL_DEFECTS.items()
        }
        parts.append(
            read.typed.select(
                pl.col(ROW).alias("row"), _key=key_expr(read.schema, read.typed.columns), **fields
            )
            .unpivot(index=["row", "_key"], variable_name="rule", value_name="_field")
            .with_columns(table=pl.lit(name))
        )
    if not parts:
        return scanned
    where = pl.concat(parts)
    keys = where.select("table", "row", "_key").unique(["table", "row"])
    return (
        scanned.join(keys, on=["table", "row"], how="left")
        .join(
            where.select("table", "row", "rule", "_field"), on=["table", "row", "rule"], how="left"
        )
        .with_columns(
            key=pl.coalesce("key", "_key"),
            field=pl.coalesce("field", "_field"),
        )
        .select(scanned.columns)
    )


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


def fill_lines(problems: pl.DataFrame, reads: dict[str, TableRead]) -> pl.DataFrame:
    """Give each problem on a row of a table that was read the line where that row starts.

    A row starts on line ``row`` unless a quoted cell above it spans lines; those rows are
    looked up. A line already known (a byte-scan finding's own line) is kept.
    """
    counted = [name for name, r in reads.items() if r.moved_lines is not None]
    moved = pl.concat(
        [
            pl.DataFrame(schema={"table": pl.String, "row": pl.Int64, "_moved": pl.Int64}),
            *(
                r.moved_lines.select(pl.lit(name).alias("table"), "row", _moved="line")
                for name, r in reads.items()
                if r.moved_lines is not None and r.moved_lines.height
            ),
        ]
    )
    starts = pl.when(pl.col("table").is_in(counted) & pl.col("row").is_not_null()).then("row")
    return (
        problems.join(moved, on=["table", "row"], how="left", maintain_order="left")
        .with_columns(line=pl.coalesce("line", "_moved", starts))
        .drop("_moved")
    )
