"""Each Parquet table of a release holds exactly the rows of its CSV table.

The expected Arrow table is rebuilt from the release's CSV by the build's own pipeline
(``claimtrace.release.parquet_table.release_arrow``) and compared with the Parquet file column by
column, vectorised: a differing column is narrowed to its differing rows by one polars comparison.
Metadata is not compared (it describes, it holds no rows).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from claimtrace.metadata import TableSchema
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.release.corpus import CsvTable, csv_tables, read_text
from claimtrace.release.descriptor import PARQUET_SUFFIX
from claimtrace.release.errors import ReleaseError
from claimtrace.release.parquet_table import release_arrow
from claimtrace.tables.typed import ROW
from claimtrace.texts_table.layout import is_texts_resource
from claimtrace.validation.frames import concat_problems, rows_to_problems
from claimtrace.validation.problems import problem

RULE = "integrity.parquet_matches_csv"


def _table_problem(table: str, message: str, rule: str = RULE, field: str | None = None):
    return problem(layer="table", table=table, rule=rule, field=field, message=message)


def _comparable(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Dictionary columns as their values, so equal strings compare equal whatever the codes."""
    if pa.types.is_dictionary(column.type):
        return column.cast(column.type.value_type)
    return column


def _column_problems(
    name: str, expected: pa.Table, actual: pa.Table, schema: TableSchema, rel: str
) -> pl.DataFrame:
    if expected.num_rows != actual.num_rows:
        return _table_problem(
            name, f"{rel} has {actual.num_rows} rows; its CSV table has {expected.num_rows}"
        )
    found = []
    for field in expected.schema:
        if field.name not in actual.column_names:
            found.append(_table_problem(name, f"{rel} lacks the column", field=field.name))
            continue
        want, have = expected.column(field.name), actual.column(field.name)
        if want.type != have.type:
            found.append(
                _table_problem(
                    name, f"{rel} stores {have.type}; expected {want.type}", field=field.name
                )
            )
            continue
        if want.equals(have):
            continue
        both = pl.from_arrow(
            pa.table({"want": _comparable(want), "have": _comparable(have)})
        ).with_row_index(ROW, offset=2)
        keys = pl.from_arrow(expected.select(list(schema.primary_key)))
        bad = pl.concat([both, keys], how="horizontal").filter(
            pl.col("want").ne_missing(pl.col("have"))
        )
        found.append(
            rows_to_problems(
                bad,
                schema,
                layer="table",
                rule=RULE,
                field=field.name,
                value=pl.col("have").cast(pl.String),
                message=pl.lit(f"{rel} differs from the CSV table here; expected ")
                + pl.col("want").cast(pl.String).fill_null("(empty)"),
                table=name,
            )
        )
    extra = [c for c in actual.column_names if c not in expected.column_names]
    found += [_table_problem(name, f"{rel} has a column the CSV does not", field=c) for c in extra]
    return concat_problems(found)


def _one(root: Path, table: CsvTable, rel: str) -> pl.DataFrame:
    try:
        path = resolve_inside(root, rel)
    except UnsafePathError:
        return concat_problems([])  # reported by the structure layer
    if not path.is_file():
        return concat_problems([])  # reported as integrity.missing_file
    try:
        actual = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _table_problem(
            table.name, f"{rel} is not a readable Parquet file ({first})", "integrity.parquet"
        )
    try:
        expected = release_arrow(read_text(table), table, {})
    except ReleaseError:
        return concat_problems([])  # the CSV's own problems are reported by the other layers
    return _column_problems(table.name, expected, actual, table.schema, rel)


def parquet_problems(root: Path, descriptor: dict) -> pl.DataFrame:
    """Every Parquet resource against the CSV table it is the typed copy of."""
    try:
        tables = csv_tables(root)
    except ReleaseError:
        return concat_problems([])  # the descriptor's problems are reported by the structure layer
    found = []
    for res in descriptor.get("resources", []):
        if not isinstance(res, dict) or res.get("format") != "parquet" or is_texts_resource(res):
            continue  # the texts table is checked by the corpus layer (texts_table.check)
        name, rel = str(res.get("name", "")), res.get("path")
        table = tables.get(name.removesuffix(PARQUET_SUFFIX))
        if table is None or not isinstance(rel, str):
            found.append(
                _table_problem(name, "a Parquet resource needs a CSV table of the same name")
            )
            continue
        found.append(_one(root, table, rel))
    return concat_problems(found)
