"""A consumer reading one release with pandas, polars, DuckDB and pyarrow sees the CSV's rows."""

import csv
import datetime as dt
import json
import math

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

import claimtrace
from claimtrace.release.build import build_release
from claimtrace.release.errors import ReleaseError
from release_corpus import EPOCH, copy_repository, make_corpus


@pytest.fixture(scope="module", params=["test corpus", "repository corpus"])
def release(request, tmp_path_factory):
    """A release of the annotated test corpus, and one of the repository's own corpus."""
    base = tmp_path_factory.mktemp("consumers")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    make = make_corpus if request.param == "test corpus" else copy_repository
    try:
        return build_release(make(base), base / "dist")
    finally:
        mp.undo()


def csv_rows(release, table):
    """Rows of the release CSV parsed by the standard library alone: the independent reference."""
    dp = json.loads((release / "datapackage.json").read_text())
    res = next(r for r in dp["resources"] if r["name"] == table)
    convert = {
        "integer": int,
        "number": float,
        "boolean": lambda v: v in ("true", "True", "TRUE", "1"),
        "date": dt.date.fromisoformat,
    }
    fields = res["schema"]["fields"]
    with (release / res["path"]).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        rec = {}
        for f in fields:
            value = row[f["name"]]
            if value == "":
                rec[f["name"]] = None
            elif f.get("type") == "list":
                rec[f["name"]] = value.split(f.get("delimiter", ","))
            else:
                rec[f["name"]] = convert.get(f.get("type"), str)(value)
        out.append(rec)
    return out


def plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.ndarray | list):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def records(rows, like):
    """``rows`` as plain values, keeping the CSV's columns (the computed date columns of the
    Parquet files are checked in test_release_dates)."""
    keep = set(like[0]) if like else set()
    return [{k: plain(v) for k, v in row.items() if k in keep} for row in rows]


def tables(release):
    dp = json.loads((release / "datapackage.json").read_text())
    return [(r["name"], r["path"]) for r in dp["resources"] if r.get("format") == "csv"]


def test_every_reader_sees_the_rows_and_values_of_the_csv(release):
    for name, csv_path in tables(release):
        expected = csv_rows(release, name)
        parquet = release / csv_path.replace(".csv", ".parquet")
        by_arrow = pq.read_table(parquet).to_pylist()
        by_polars = pl.read_parquet(parquet).to_dicts()
        by_pandas = pd.read_parquet(parquet).to_dict("records")
        rel = duckdb.sql(f"select * from read_parquet('{parquet}')")
        by_duckdb = [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]
        for reader, got in [
            ("pyarrow", by_arrow),
            ("polars", by_polars),
            ("pandas", by_pandas),
            ("duckdb", by_duckdb),
        ]:
            assert records(got, expected) == expected, (name, reader)


def test_load_gives_declared_types_for_each_backend(release):
    loaded = {b: claimtrace.load(release, b) for b in ("polars", "pandas", "arrow")}
    assert set(loaded["polars"]) == {n for n, _ in tables(release)}
    sources = loaded["polars"]["sources"]
    assert sources.schema["text_chars"] == pl.Int64
    assert sources.schema["ai_generated"] == pl.Boolean
    assert sources.schema["authors"] == pl.List(pl.String)
    kinds = ["original_report", "independent_report", "related_report", "ai_rewrite", "copy"]
    assert sources.schema["source_kind"] == pl.Enum(kinds)
    frame = loaded["pandas"]["sources"]
    assert str(frame["text_chars"].dtype) == "Int64"
    assert str(frame["ai_generated"].dtype) == "boolean"
    assert list(frame["source_kind"].cat.categories) == kinds
    for name, _ in tables(release):
        expected = csv_rows(release, name)
        assert records(loaded["polars"][name].to_dicts(), expected) == expected
        assert records(loaded["pandas"][name].to_dict("records"), expected) == expected
        assert records(loaded["arrow"][name].to_pylist(), expected) == expected


def test_load_refuses_a_damaged_parquet_file(release, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    path = copy / "data/sources.parquet"
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ReleaseError, match="sha256 differs"):
        claimtrace.load(copy)
    with pytest.raises(ReleaseError, match="no Parquet resources"):
        claimtrace.load(claimtrace_root())


def claimtrace_root():
    from release_corpus import REPO

    return REPO


def test_the_comparison_sees_a_changed_value(release, tmp_path):
    import pyarrow as pa

    table = pq.read_table(release / "data/figures.parquet")
    index = table.schema.get_field_index("value")
    values = table.column("value").to_pylist()
    changed = table.set_column(
        index, table.schema.field(index), pa.array([(v or 0) + 1 for v in values], pa.float64())
    )
    expected = csv_rows(release, "figures")
    assert records(changed.to_pylist(), expected) != expected
    assert records(table.to_pylist(), expected) == expected
