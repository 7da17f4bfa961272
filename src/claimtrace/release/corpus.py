"""The CSV tables of a package (the working corpus or a release), read as text and as typed frames.

The resource list is ``read_package``'s, the one every command uses: the working corpus names
its Table Schemas by path, a release inlines them and also lists Parquet and text resources,
which are files here, not tables. Tables are read by the validator's guarded reader (byte scan
first), so release, diff and validate agree on what a table is and what its cells hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from claimtrace.metadata import Package, Resource, TableSchema, read_package
from claimtrace.metadata.package import PackageError
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.release.errors import ReleaseError
from claimtrace.tables.typed import ROW, cast_typed

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class CsvTable:
    """One tabular CSV resource: where it is and the Table Schema it follows."""

    name: str
    path: Path
    relpath: str
    schema: TableSchema
    schema_descriptor: dict[str, Any]
    package: Package | None = None
    resource: Resource | None = None


def package_root(path: Path | str) -> Path:
    """The directory of a package given it or its datapackage.json."""
    path = Path(path)
    return path.parent if path.name == DESCRIPTOR and path.is_file() else path


def read_release_package(root: Path) -> Package:
    """``read_package``, its PackageError as a ReleaseError naming the file and field."""
    try:
        return read_package(root)
    except PackageError as exc:
        field = f" (field {exc.field})" if exc.field else ""
        raise ReleaseError(f"{exc.where}{field}: {exc.message}", exit_code=2) from None


def read_descriptor(root: Path) -> dict[str, Any]:
    """``root``/datapackage.json as a dict, once its resources and schemas are known good."""
    return read_release_package(root).descriptor


def inside(root: Path, rel: str, where: str) -> Path:
    """``resolve_inside``, refusing an unsafe path with a ReleaseError that says ``where``."""
    try:
        return resolve_inside(root, rel)
    except UnsafePathError as exc:
        raise ReleaseError(f"{where}: {exc}") from None


def file_inside(root: Path, rel: str, where: str) -> Path:
    """The contained regular file ``rel`` (see ``safety.files``); a ReleaseError otherwise."""
    from claimtrace.safety.files import ContainedFileError, contained_file

    try:
        return contained_file(root, rel, max_bytes=1 << 42)
    except ContainedFileError as exc:
        raise ReleaseError(f"{where}: {exc.message}") from None


def tables_of(package: Package) -> dict[str, CsvTable]:
    """The CSV table resources of ``package``, by name, in declared order."""
    return {
        r.name: CsvTable(
            r.name,
            inside(package.root, r.path, f"{DESCRIPTOR}: resource {r.name!r}"),
            r.path,
            r.schema,
            r.schema_descriptor,
            package,
            r,
        )
        for r in package.resources
    }


def csv_tables(root: Path) -> dict[str, CsvTable]:
    """The CSV table resources of the package at ``root``, by name, in declared order."""
    return tables_of(read_release_package(root))


def read_text(table: CsvTable) -> pl.DataFrame:
    """The table's cells as strings, declared missing values as null, in file order.

    Read by the validator's guarded reader: the file is scanned before it is parsed, so no
    input can block, raise or exhaust memory; a table it cannot read is a ReleaseError.
    """
    from claimtrace.validation.guarded import read_guarded

    package = table.package or read_release_package(table.path.parent)
    resource = table.resource or package.resource(table.name)
    read = read_guarded(package, resource)
    if read.text is None:
        problems = read.problems
        reason = problems["message"][0] if problems.height else "it cannot be read"
        raise ReleaseError(f"table {table.name}: {reason}")
    text = read.text.drop(ROW)
    absent = [pl.lit(None, pl.String).alias(f) for f in table.schema.field_names if f not in text]
    return text.with_columns(absent).select(table.schema.field_names)


def sort_by_key(frame: pl.DataFrame, schema: TableSchema) -> pl.DataFrame:
    """Rows in primary-key order (text order of the key cells), ties in file order."""
    if not schema.primary_key:
        return frame
    return frame.sort(list(schema.primary_key), maintain_order=True, nulls_last=True)


def typed(text: pl.DataFrame, table: CsvTable) -> pl.DataFrame:
    """Cast text cells to declared types; a ReleaseError lists the first cells that do not parse."""
    frame, bad = cast_typed(text.with_row_index(ROW, offset=2), table.schema)
    if bad.height:
        shown = "; ".join(
            f"row {r[ROW]} field {r['field']}: {r['value']!r} is not of type {r['type']}"
            for r in bad.sort(ROW).head(5).iter_rows(named=True)
        )
        more = f" (and {bad.height - 5} more)" if bad.height > 5 else ""
        raise ReleaseError(f"table {table.name}: cells of the wrong type: {shown}{more}")
    return frame.drop(ROW)
