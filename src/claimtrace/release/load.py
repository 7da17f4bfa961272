"""``load``: the tables of a release (its folder or its ``.tar.gz``), read from Parquet, typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from claimtrace.metadata import TableSchema
from claimtrace.release.archive import extracted, is_archive
from claimtrace.release.arrow_table import is_enum
from claimtrace.release.checksums import sha256_file
from claimtrace.release.corpus import file_inside, package_root, read_descriptor
from claimtrace.release.descriptor import PARQUET_SUFFIX
from claimtrace.release.errors import ReleaseError

Backend = Literal["polars", "pandas", "arrow"]


def _verify(path: Path, rel: str, integrity: dict[str, Any]) -> None:
    if integrity.get("bytes") not in (None, path.stat().st_size):
        raise ReleaseError(f"{rel}: size differs from the release descriptor; the file is damaged")
    expected = integrity.get("hash")
    if expected is not None and expected != f"sha256:{sha256_file(path)}":
        raise ReleaseError(
            f"{rel}: sha256 differs from the release descriptor; the file is damaged"
        )


def _polars(table: pa.Table, schema: TableSchema) -> Any:
    import polars as pl

    frame = pl.from_arrow(table)
    return frame.with_columns(
        pl.col(f.name).cast(pl.String).cast(pl.Enum([str(v) for v in f.enum]))
        for f in schema.fields
        if is_enum(f)
    )


def _pandas(table: pa.Table, schema: TableSchema) -> Any:
    import pandas as pd

    nullable = {
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.string(): pd.StringDtype(),
    }
    frame = table.to_pandas(types_mapper=nullable.get)
    for f in schema.fields:
        if is_enum(f):
            frame[f.name] = frame[f.name].cat.set_categories([str(v) for v in f.enum])
    return frame


def load(path: Path | str, backend: Backend = "polars", *, verify: bool = True) -> dict[str, Any]:
    """The tables of the release at ``path`` (its directory, datapackage.json or ``.tar.gz``).

    An archive is extracted to a temporary folder, read, and the folder removed. ``backend``
    picks polars DataFrames (enums as ``pl.Enum``), pandas DataFrames (nullable
    dtypes, enums as categoricals in declared order) or pyarrow Tables (as stored). With
    ``verify`` each Parquet file's size and sha256 are checked against the descriptor first.
    """
    if backend not in ("polars", "pandas", "arrow"):
        raise ValueError(f"backend must be 'polars', 'pandas' or 'arrow', got {backend!r}")
    if is_archive(Path(path)):
        with extracted(Path(path)) as folder:
            return _load_folder(folder, backend, verify)
    return _load_folder(package_root(path), backend, verify)


def _load_folder(root: Path, backend: Backend, verify: bool) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for res in read_descriptor(root)["resources"]:
        if not isinstance(res, dict) or res.get("format") != "parquet":
            continue
        rel = res.get("path")
        file = file_inside(root, rel, f"resource {res.get('name')!r}")
        if verify:
            _verify(file, rel, res.get("integrity", {}))
        name = str(res.get("name", Path(rel).stem)).removesuffix(PARQUET_SUFFIX)
        schema = TableSchema.from_descriptor(res.get("schema", {}), name)
        try:
            table = pq.read_table(file)
        except (OSError, pa.ArrowException) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ReleaseError(f"{rel}: not a readable Parquet file ({reason})") from None
        if backend == "polars":
            tables[name] = _polars(table, schema)
        elif backend == "pandas":
            tables[name] = _pandas(table, schema)
        else:
            tables[name] = table
    if not tables:
        raise ReleaseError(f"{root}: no Parquet resources; is this a release directory?")
    return tables
