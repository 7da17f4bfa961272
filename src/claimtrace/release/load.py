"""``load``: the tables of a release (its folder or its ``.tar.gz``), read from Parquet, typed."""

from __future__ import annotations

import hashlib
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


def load(
    path: Path | str, backend: Backend = "polars", *, verify: bool = True, texts: bool = False
) -> dict[str, Any]:
    """The tables of the release at ``path`` (its directory, datapackage.json or ``.tar.gz``).

    An archive is extracted to a temporary folder, read, and the folder removed. ``backend``
    picks polars DataFrames (enums as ``pl.Enum``), pandas DataFrames (nullable
    dtypes, enums as categoricals in declared order) or pyarrow Tables (as stored). With
    ``verify`` each Parquet file's size and sha256 are checked against the descriptor first.
    With ``texts`` the result also holds ``texts`` (source_id, text, sha256; one row per source,
    sorted by source_id), the same whichever layout the release keeps its texts in.
    """
    if backend not in ("polars", "pandas", "arrow"):
        raise ValueError(f"backend must be 'polars', 'pandas' or 'arrow', got {backend!r}")
    if is_archive(Path(path)):
        with extracted(Path(path)) as folder:
            return _load_folder(folder, backend, verify, texts)
    return _load_folder(package_root(path), backend, verify, texts)


def _texts(root: Path, resources: list, verify: bool) -> pa.Table:
    """The release's texts as one Arrow table, read from either layout."""
    from claimtrace.texts_table.layout import is_texts_resource, part_paths
    from claimtrace.texts_table.read import TextsTableError, table_texts
    from claimtrace.texts_table.schema import ARROW_SCHEMA

    stored: dict[str, bytes] = {}
    for res in resources:
        if is_texts_resource(res):
            parts = res.get("integrity", {}).get("parts", [])
            facts = {p.get("path"): p for p in parts if isinstance(p, dict)}
            for rel in part_paths(res):
                file = file_inside(root, rel, f"resource {res.get('name')!r}")
                if verify:
                    _verify(file, rel, facts.get(rel, {}))
            try:
                stored.update(table_texts(root, res))
            except TextsTableError as exc:
                raise ReleaseError(str(exc)) from None
        elif res.get("format") == "txt" and isinstance(res.get("path"), str):
            file = file_inside(root, res["path"], f"resource {res.get('name')!r}")
            if verify:
                _verify(file, res["path"], res)
            stored[Path(res["path"]).stem] = file.read_bytes()
    ids = sorted(stored)
    raw = [stored[i] for i in ids]
    try:
        text = pa.array(raw, pa.binary()).cast(pa.string())
    except pa.ArrowInvalid:
        raise ReleaseError("an archived text of the release is not UTF-8") from None
    digests = [hashlib.sha256(r).hexdigest() for r in raw]
    return pa.Table.from_arrays(
        [pa.array(ids, pa.string()), text, pa.array(digests, pa.string())], schema=ARROW_SCHEMA
    )


def _load_folder(root: Path, backend: Backend, verify: bool, texts: bool) -> dict[str, Any]:
    from claimtrace.texts_table.layout import is_texts_resource
    from claimtrace.texts_table.schema import texts_table_schema

    tables: dict[str, Any] = {}
    resources = [r for r in read_descriptor(root)["resources"] if isinstance(r, dict)]
    for res in resources:
        if res.get("format") != "parquet" or is_texts_resource(res):
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
    if texts:
        table = _texts(root, resources, verify)
        sources = next((r for r in resources if r.get("name") == "sources"), {})
        schema = texts_table_schema(sources.get("schema", {"fields": []}))
        tables["texts"] = {"polars": _polars, "pandas": _pandas}.get(backend, lambda t, _: t)(
            table, schema
        )
    return tables
