"""Validate a package partition by partition, in memory bounded by the partition size.

Three passes, with the default engine's own layers:

1. every table is byte-scanned whole (``encoding.scan_table`` reads it in blocks and measures
   its records), then read in chunks of whole records cut where the scan says (``chunks``);
   what each chunk's rows show alone is checked at once (types, pandera's checks but
   uniqueness, row rules, hostile cells), and only the columns the rest needs
   (``projection.kept_fields`` and the unique fields) are spilled to an Arrow IPC file with
   their anchor; its nodes and edges go to the ``plan.Planner``;
2. the components are packed into partitions and every spilled chunk is split by partition;
3. each partition's tables (broadcast tables whole) get what needs rows together: primary and
   foreign keys, uniqueness and the corpus rules; the rule that needs every source (orphan
   texts) and the release integrity checks run once.

Rows keep the file's row and line numbers, so every problem names the row it names in
``validate_package``. The spill lives in a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from claimtrace.integrity import integrity_problems
from claimtrace.metadata import Package, Resource
from claimtrace.metadata.paths import resolve_inside
from claimtrace.progress import stage
from claimtrace.tables.typed import ROW
from claimtrace.texts_table.check import parquet_text_pass
from claimtrace.texts_table.layout import texts_resource
from claimtrace.validation.corpus import corpus_problems, orphan_text_problems
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.guarded import (
    CELL_CHECKS,
    _fatal,
    _read,
    _scan,
    _size,
    fill_lines,
    locate_cells,
    merge_problems,
)
from claimtrace.validation.partitioned.chunks import CHUNK_BYTES, chunks_of, record_chunks
from claimtrace.validation.partitioned.memory import release_freed_memory
from claimtrace.validation.partitioned.plan import (
    ANCHOR,
    PART,
    Partitioning,
    Planner,
    anchor_and_edges,
    broadcast_tables,
    nodes,
)
from claimtrace.validation.projection import kept_fields
from claimtrace.validation.reader import TableRead, read_records, unparsable
from claimtrace.validation.report import Report
from claimtrace.validation.structure import structure_problems
from claimtrace.validation.table import table_problems
from claimtrace.validation.texts_batch import text_pass

PARTITION_BYTES = 192 << 20
"""About this many bytes of CSV per partition."""

_MOVED = {"row": pl.Int64, "line": pl.Int64}

AUTO_BYTES = 512 << 20
"""``validate_package`` validates in partitions a package with at least this much CSV.

Below it whole validation is the faster (half the time) and its peak stays under 1.4 GiB: about
0.16 GiB and 2.3 times the CSV at the realistic shape (1.33 GiB at 502 MiB, 700k claims). The
CLI's help and the docs name this size; ``tests/test_validate_partitioned.py`` checks they agree."""


def csv_bytes(package: Package) -> int:
    """Bytes of the package's CSV tables (unreadable or missing ones count 0)."""
    return sum(_size(package, r) for r in package.resources)


@dataclasses.dataclass
class _Table:
    """What pass 1 keeps of one table: its read (broadcast or unreadable) or its chunks."""

    resource: Resource
    whole: TableRead | None = None
    chunks: int = 0
    present: list[str] = dataclasses.field(default_factory=list)
    empty: pl.DataFrame | None = None
    type_cells: list[pl.DataFrame] = dataclasses.field(default_factory=list)
    moved: list[pl.DataFrame] = dataclasses.field(default_factory=list)
    problems: list[pl.DataFrame] = dataclasses.field(default_factory=list)
    own: dict[str, list[pl.DataFrame]] = dataclasses.field(default_factory=dict)
    """Problems of the rows alone, per layer (``table``, ``hostile``), found as they are read."""
    located: list[pl.DataFrame] = dataclasses.field(default_factory=list)

    def check_rows(self, read: TableRead, scanned: pl.DataFrame | None) -> None:
        """What ``read``'s rows show alone (all but uniqueness and keys), and scan findings' cells.

        ``scanned``: the byte-scan findings of this table, with their ``_scan`` number.
        """
        reads = {self.resource.name: read}
        self.own.setdefault("table", []).append(table_problems(reads, "rows"))
        self.own.setdefault("hostile", []).extend(check(read) for check in CELL_CHECKS)
        if scanned is not None and scanned.height:
            hit = locate_cells(scanned.drop("_scan"), reads).with_columns(scanned["_scan"])
            self.located.append(
                hit.filter(pl.col("key").is_not_null() | pl.col("field").is_not_null())
            )

    def partition_read(self, spill: Path, part: int) -> TableRead:
        """The table's rows in partition ``part`` (a broadcast table whole)."""
        if self.whole is not None:
            return dataclasses.replace(self.whole, problems=concat_problems([]), moved_lines=None)
        if self.empty is None:
            return TableRead(self.resource)
        files = sorted((spill / self.resource.name / f"p{part}").glob("*.arrow"))
        typed = pl.concat([pl.read_ipc(f) for f in files]) if files else self.empty
        cells = pl.concat(self.type_cells) if self.type_cells else None
        if cells is not None:
            cells = cells.filter(pl.col(ROW).is_in(typed[ROW].implode()))
        return TableRead(self.resource, typed=typed, present=self.present, type_cells=cells)

    def moved_lines(self) -> pl.DataFrame | None:
        """Rows that start below their row number, for ``fill_lines``."""
        if self.whole is not None:
            return self.whole.moved_lines
        if self.empty is None:
            return None
        return pl.concat(self.moved) if self.moved else pl.DataFrame(schema=_MOVED)


def validate_partitioned(
    package: Package, size: int = PARTITION_BYTES, chunk: int = CHUNK_BYTES
) -> Report:
    """Validate ``package`` in partitions of about ``size`` bytes of CSV (see the module).

    Tables are read ``chunk`` bytes at a time.
    """
    spill = Path(tempfile.mkdtemp(prefix="claimtrace-partitions-"))
    try:
        return _validate(package, spill, size, chunk)
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def _validate(package: Package, spill: Path, size: int, chunk: int) -> Report:
    broadcast = broadcast_tables(package)
    kept = kept_fields(package)
    planner = Planner()
    scans, read_problems, tables = [], [], {}
    stage("byte scan and read of the tables, in chunks")
    # The byte scan holds the GIL; reading a chunk mostly runs in polars and numpy. Tables are
    # scanned one after another on a second thread while the main thread reads those scanned.
    with ThreadPoolExecutor(max_workers=1) as scanner:
        scanning = [(r, scanner.submit(_scan, package, r, chunk)) for r in package.resources]
        numbered = 0  # findings scanned so far: each gets its number in ``scanned`` below
        for resource, future in scanning:
            scanned, cuts = future.result()
            own_scan = None
            if scanned is not None:
                scans.append(scanned)
                own_scan = scanned.with_row_index("_scan", offset=numbered)
                numbered += scanned.height
            if scanned is not None and _fatal(scanned):
                tables[resource.name] = _Table(resource, whole=TableRead(resource))
                continue
            if resource.name in broadcast or _size(package, resource) == 0:
                whole = _read(package, resource)
                read_problems.append(whole.problems)
                tables[resource.name] = _Table(resource, whole=whole)
                tables[resource.name].check_rows(whole, own_scan)
                continue
            node_list = nodes(resource, broadcast)
            table = _chunked(
                package, resource, spill, planner, node_list, chunk, cuts, kept, own_scan
            )
            read_problems += table.problems
            tables[resource.name] = table
            release_freed_memory()
    stage("partitions of connected rows")
    lookup, count = planner.partitions(size)
    for table in tables.values():
        if table.whole is None and table.empty is not None:
            _route(spill / table.resource.name, lookup, count)
    del lookup
    stage("keys, uniqueness and corpus rules, partition by partition")
    scanned = concat_problems(scans).with_row_index("_scan")
    layers: dict[str, list[pl.DataFrame]] = {
        "structure": [concat_problems(read_problems)],
        "table": [f for t in tables.values() for f in t.own.get("table", [])],
        "hostile": [f for t in tables.values() for f in t.own.get("hostile", [])],
    }
    located = [f for t in tables.values() for f in t.located]
    text_scans = []
    for part in range(count):
        reads = {name: t.partition_read(spill, part) for name, t in tables.items()}
        found = _partition_layers(package, reads)
        if part:
            found = {k: v.filter(~pl.col("table").is_in(list(broadcast))) for k, v in found.items()}
        for layer in ("structure", "table", "corpus"):
            layers.setdefault(layer, []).append(found[layer])
        text_scans.append(found["text_scan"])
        del reads, found
        release_freed_memory()
    stage("report")
    sources = tables.get("sources")
    if sources is not None:
        layers["corpus"].append(_orphans(package, sources, spill, count))
    layers["integrity"] = [integrity_problems(package.root, package.descriptor)]
    scanned = _located(scanned, located)
    merged = merge_problems(
        [concat_problems(v) for v in layers.values()],
        [scanned, concat_problems(text_scans)],
    )
    moved = {name: (t.resource, t.moved_lines()) for name, t in tables.items()}
    lines = {
        name: TableRead(resource, moved_lines=rows)
        for name, (resource, rows) in moved.items()
        if rows is not None
    }
    return Report(fill_lines(merged, lines))


def _chunked(
    package: Package,
    resource: Resource,
    spill: Path,
    planner: Planner,
    node_list,
    chunk: int,
    cuts: pl.DataFrame | None = None,
    kept: dict[str, set[str]] | None = None,
    scanned: pl.DataFrame | None = None,
) -> _Table:
    """Pass 1 for one table: read it chunk by chunk, check its rows, spill, plan partitions.

    ``cuts``: the records where the byte scan found the chunks start (cut without a search).
    Each chunk's rows are checked as they are read (``_Table.check_rows``, with the byte-scan
    findings ``scanned``), so only what keys, uniqueness and the corpus rules read is spilled
    (``projection.kept_fields`` in ``kept``, and the unique fields).
    """
    spilled = _spilled_fields(resource, kept)
    table = _Table(resource)
    folder = spill / resource.name
    folder.mkdir()
    path = resolve_inside(package.root, resource.path)
    chunks = record_chunks(path, chunk) if cuts is None else chunks_of(path, cuts)
    for index, (raw, offset) in enumerate(chunks):
        weight = len(raw)
        try:
            read = read_records(resource, raw, [], offset=offset)
        except pl.exceptions.PolarsError as exc:
            read = TableRead(resource, problems=unparsable(resource.name, resource.path, exc))
        del raw
        table.problems.append(read.problems)
        if read.moved_lines is not None and read.moved_lines.height:
            table.moved.append(read.moved_lines)
        if read.typed is None:
            # as when the whole file is read: a table that cannot be parsed has no rows
            return _unreadable(table, folder)
        table.present = read.present
        table.check_rows(read, scanned)
        rows = read.typed.select(c for c in read.typed.columns if spilled is None or c in spilled)
        if table.empty is None:
            table.empty = rows.clear()
        if read.type_cells is not None and read.type_cells.height:
            table.type_cells.append(read.type_cells)
        anchor, edges = anchor_and_edges(read.typed, node_list)
        planner.add(anchor, edges, weight / max(read.typed.height, 1))
        del read
        _spill(rows.with_columns(anchor), folder / f"{index:06d}.arrow")
        table.chunks += 1
    if table.chunks == 0:  # a header and no record: read as a whole file
        whole = _read(package, resource)
        table.whole = whole
        table.problems.append(whole.problems)
        table.check_rows(whole, scanned)
    return table


def _spilled_fields(resource: Resource, kept: dict[str, set[str]] | None) -> set[str] | None:
    """The fields of ``resource`` its partitions need (None: every field)."""
    if kept is None:
        return None
    return kept[resource.name] | {f.name for f in resource.schema.fields if f.unique}


def _spill(frame: pl.DataFrame, path: Path) -> None:
    """Write rows to the spill as Arrow IPC, LZ4-compressed.

    The spill is written and read twice; free text shrinks by half or more for little CPU.
    """
    frame.write_ipc(path, compression="lz4")


def _unreadable(table: _Table, folder: Path) -> _Table:
    shutil.rmtree(folder, ignore_errors=True)
    table.whole = TableRead(table.resource)
    table.type_cells, table.moved, table.own, table.located = [], [], {}, []
    return table


ROUTE_CHUNKS = 4
"""Spilled chunks split together: a partition's part of them is written as one file, so at
tens of partitions the spill holds fewer, larger files (each costs an open, a write, a read)."""


def _route(folder: Path, lookup: Partitioning, count: int) -> None:
    """Pass 2: split the spilled chunks of a table by partition, ``ROUTE_CHUNKS`` at a time."""
    chunks = sorted(folder.glob("*.arrow"))
    for at in range(0, len(chunks), ROUTE_CHUNKS):
        group = chunks[at : at + ROUTE_CHUNKS]
        rows = pl.concat([pl.read_ipc(chunk) for chunk in group])
        if count == 1:
            parts = {0: rows.drop(ANCHOR)}
        else:
            part = pl.Series(PART, lookup.of(rows[ANCHOR]))
            rows = rows.drop(ANCHOR).with_columns(part)
            parts = {
                key[0]: frame.drop(PART)
                for key, frame in rows.partition_by(PART, as_dict=True, maintain_order=True).items()
            }
        del rows
        for part, frame in parts.items():
            target = folder / f"p{part}"
            target.mkdir(exist_ok=True)
            _spill(frame, target / group[0].name)
        for chunk in group:
            chunk.unlink()


def _partition_layers(package: Package, reads: dict[str, TableRead]) -> dict[str, pl.DataFrame]:
    """The keys, uniqueness and corpus problems of one partition (its rows are checked already)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        texts_work = pool.submit(text_pass, package, reads, partition=True)
        found = {
            "structure": structure_problems(reads),
            "table": table_problems(reads, "unique"),
        }
        text_scan, texts = texts_work.result()
    found["corpus"] = corpus_problems(package.root, reads, texts, orphans=False)
    found["text_scan"] = text_scan
    return found


def _orphans(package: Package, sources: _Table, spill: Path, count: int) -> pl.DataFrame:
    """Texts no sources row names, and the texts table's own problems, over every source."""
    if sources.whole is not None:
        read = sources.whole
    elif "text_path" not in sources.present:
        return concat_problems([])
    else:
        fields = [f for f in (ROW, "source_id", "text_path") if f == ROW or f in sources.present]
        paths = [
            pl.read_ipc(f, columns=fields)
            for part in range(count)
            for f in sorted((spill / "sources" / f"p{part}").glob("*.arrow"))
        ]
        typed = pl.concat(paths) if paths else sources.empty.select(fields)
        read = TableRead(sources.resource, typed=typed, present=fields[1:])
    found = [orphan_text_problems(package.root, {"sources": read})]
    if texts_resource(package.descriptor) is not None:
        found.append(parquet_text_pass(package, {"sources": read}, "rows")[0])
    return concat_problems(found)


def _located(scanned: pl.DataFrame, located: list[pl.DataFrame]) -> pl.DataFrame:
    """The byte-scan findings with the key and field each partition found for its rows."""
    found = pl.concat(located).unique("_scan", keep="first") if located else None
    if found is None or found.height == 0:
        return scanned.drop("_scan")
    filled = found.select("_scan", _key="key", _field="field")
    return (
        scanned.join(filled, on="_scan", how="left", maintain_order="left")
        .with_columns(key=pl.coalesce("key", "_key"), field=pl.coalesce("field", "_field"))
        .drop("_scan", "_key", "_field")
    )
