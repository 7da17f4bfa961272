"""Parquet bytes that depend on the data alone: every writer option fixed, one contiguous table.

``created_by`` (the writer's version string) cannot be set; pyarrow is pinned in pyproject.toml.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

WRITER_OPTIONS: dict[str, object] = {
    "version": "2.6",
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_version": "1.0",
    "data_page_size": 1 << 20,
    "dictionary_pagesize_limit": 1 << 20,
    "row_group_size": 1 << 20,
    "write_batch_size": 1024,
    "use_byte_stream_split": False,
    "write_page_index": False,
    "write_page_checksum": False,
    "store_schema": True,
    "use_compliant_nested_type": True,
    "coerce_timestamps": "us",
    "allow_truncated_timestamps": False,
}


def parquet_bytes(table: pa.Table, **overrides: object) -> bytes:
    """``table`` as a Parquet file written with WRITER_OPTIONS (and fixed ``overrides``)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table.combine_chunks(), sink, **{**WRITER_OPTIONS, **overrides})
    return sink.getvalue().to_pybytes()
