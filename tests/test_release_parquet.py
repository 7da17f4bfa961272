import datetime as dt

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimtrace.metadata import TableSchema
from claimtrace.release.arrow_table import to_arrow
from claimtrace.release.corpus import CsvTable, typed
from claimtrace.release.parquet import parquet_bytes

SCHEMA = {
    "primaryKey": ["id"],
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "n", "type": "integer"},
        {"name": "x", "type": "number"},
        {"name": "ok", "type": "boolean"},
        {"name": "day", "type": "date"},
        {"name": "kind", "type": "string", "constraints": {"enum": ["b", "a", "c"]}},
        {"name": "tags", "type": "list", "delimiter": "|"},
    ],
}
TEXT = pl.DataFrame(
    {
        "id": ["r1", "r2"],
        "n": ["7", None],
        "x": ["1.5", "-2e3"],
        "ok": ["true", "false"],
        "day": ["2025-07-08", None],
        "kind": ["a", None],
        "tags": ["x|y", None],
    }
)


def table() -> CsvTable:
    return CsvTable("t", None, "t.csv", TableSchema.from_descriptor(SCHEMA, "t"), SCHEMA)


def test_parquet_columns_carry_the_declared_types():
    arrow = to_arrow(typed(TEXT, table()), table().schema)
    back = pq.read_table(pa.BufferReader(parquet_bytes(arrow)))
    assert back.schema.field("id").type == pa.string() and not back.schema.field("id").nullable
    assert back.schema.field("n").type == pa.int64()
    assert back.schema.field("x").type == pa.float64()
    assert back.schema.field("ok").type == pa.bool_()
    assert back.schema.field("day").type == pa.date32()
    assert back.schema.field("kind").type == pa.dictionary(pa.int32(), pa.string())
    assert back.schema.field("tags").type == pa.list_(pa.string())
    assert back.to_pylist() == [
        {
            "id": "r1",
            "n": 7,
            "x": 1.5,
            "ok": True,
            "day": dt.date(2025, 7, 8),
            "kind": "a",
            "tags": ["x", "y"],
        },
        {"id": "r2", "n": None, "x": -2000.0, "ok": False, "day": None, "kind": None, "tags": None},
    ]


def test_enum_dictionary_is_the_declared_vocabulary_in_order():
    arrow = to_arrow(typed(TEXT, table()), table().schema)
    assert arrow.column("kind").chunk(0).dictionary.to_pylist() == ["b", "a", "c"]


def test_every_writer_option_is_fixed_and_the_table_is_one_row_group():
    arrow = to_arrow(typed(TEXT, table()), table().schema)
    chunked = pa.concat_tables([arrow.slice(0, 1), arrow.slice(1)])
    data = parquet_bytes(chunked)
    assert data == parquet_bytes(arrow)  # chunks combined before writing
    meta = pq.ParquetFile(pa.BufferReader(data)).metadata
    assert meta.num_row_groups == 1
    assert meta.format_version == "2.6"
    column = meta.row_group(0).column(1)
    assert column.compression == "ZSTD"
    assert column.statistics is not None and column.statistics.has_min_max


def test_a_cell_of_the_wrong_type_never_reaches_parquet():
    from claimtrace.release.errors import ReleaseError

    bad = TEXT.with_columns(n=pl.Series(["7", "seven"]))
    with pytest.raises(ReleaseError, match="row 3 field n: 'seven' is not of type integer"):
        typed(bad, table())
