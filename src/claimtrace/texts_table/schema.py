"""The texts table's Table Schema, generated from the sources table's own fields.

``source_id`` is the sources table's field as declared; ``sha256`` is ``text_sha256`` under the
table's own column name. Only ``text`` is described here, so nothing is written twice. There is
no ``chars`` column: ``sources.text_chars`` is the one record of a text's length, and every engine
counts code points of a string column in one vectorised call (pyarrow ``utf8_length``, polars
``str.len_chars``, Spark ``length``), so a copy would only be a third value to keep in agreement.
``sha256`` is kept (the issue asks for it): it lets one part be verified without the sources
table, e.g. after a partial download.
"""

from __future__ import annotations

import copy
from typing import Any

import pyarrow as pa

from claimtrace.metadata import TableSchema
from claimtrace.texts_table.layout import RESOURCE

TEXT_FIELD: dict[str, Any] = {
    "name": "text",
    "type": "string",
    "title": "Archived text",
    "description": (
        "The archived text of the source, verbatim: UTF-8, Unicode NFC, LF line endings, no BOM "
        "and no NUL; every offset of the package counts its code points."
    ),
    "constraints": {"required": True},
}
FROM_SOURCES = {"source_id": "source_id", "sha256": "text_sha256"}
"""Column of the texts table: the sources field it is generated from."""
COLUMNS = ("source_id", "text", "sha256")


def texts_schema(sources_schema: dict[str, Any]) -> dict[str, Any]:
    """The texts table's Table Schema, given the sources table's (as ``schemas/sources.json``)."""
    declared = {f["name"]: f for f in sources_schema.get("fields", [])}
    fields = []
    for column in COLUMNS:
        if column == "text":
            fields.append(copy.deepcopy(TEXT_FIELD))
            continue
        field = copy.deepcopy(declared[FROM_SOURCES[column]])
        field["name"] = column
        fields.append(field)
    out: dict[str, Any] = {
        "title": "Archived texts",
        "description": (
            "The archived text of every source, one row per source, as a partitioned Parquet "
            "table: the row of source X stands for the file data/texts/X.txt of the .txt layout."
        ),
        "fields": fields,
        "primaryKey": ["source_id"],
    }
    if "$schema" in sources_schema:
        out = {"$schema": sources_schema["$schema"], **out}
    return out


def texts_table_schema(sources_schema: dict[str, Any]) -> TableSchema:
    """``texts_schema`` as a ``TableSchema``."""
    return TableSchema.from_descriptor(texts_schema(sources_schema), RESOURCE)


ARROW_SCHEMA = pa.schema(
    [
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("sha256", pa.string(), nullable=False),
    ]
)
"""The Arrow schema of every part as written."""
STRING_TYPES = (pa.string(), pa.large_string())
"""Column types a part may store its columns in (read as the release writes them, or wider)."""
