"""The data dictionary (docs/data-dictionary.md), generated from the Table Schemas in schemas/."""

from __future__ import annotations

from pathlib import Path

from claimtrace.dates.columns import computed_fields
from claimtrace.metadata import Field, TableSchema
from claimtrace.release.arrow_table import arrow_type, is_enum
from claimtrace.release.corpus import csv_tables, package_root

DICTIONARY_PATH = "docs/data-dictionary.md"
HEADER = """# Data dictionary

Every table of the claimtrace Data Package and every field, with its type, constraints and
meaning. Generated from `schemas/*.json` (the single source of truth) by
`python scripts/gen_data_dictionary.py`; do not edit by hand: a test fails when it is stale.

Types are Table Schema types as the CSV files carry them; the Parquet column is the Arrow type
the release's Parquet files store. Empty CSV cells are missing values (null in Parquet).
"""


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(value: object) -> str:
    text = str(value)
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{_cell(text)}{pad}{fence}"


def _type(field: Field) -> str:
    kind = field.type
    if kind == "list":
        kind = f"list of {field.item_type}, delimiter {_code(field.delimiter)}"
    if field.format != "default":
        kind += f" ({field.format})"
    return kind


def _constraints(field: Field) -> str:
    parts = []
    for name, value in field.constraints.items():
        if name == "required":
            continue
        if name == "unique":
            parts += ["unique"] if value else []
        elif name == "enum":
            parts.append("one of " + ", ".join(_code(v) for v in value))
        else:
            parts.append(f"{name} {_code(value)}")
    return "; ".join(parts)


def _parquet(field: Field) -> str:
    kind = arrow_type(field)
    if is_enum(field):
        return "dictionary<int32, string>"
    return f"list<{field.item_type}>" if field.type == "list" else str(kind)


def _keys(schema: TableSchema) -> list[str]:
    lines = []
    if schema.primary_key:
        lines.append("Primary key: " + ", ".join(_code(k) for k in schema.primary_key) + ".")
    for fk in schema.foreign_keys:
        own = ", ".join(_code(f) for f in fk.fields)
        ref = ", ".join(_code(f"{fk.resource}.{f}") for f in fk.reference_fields)
        lines.append(f"Foreign key: {own} references {ref}.")
    return lines


def _computed(table: str, descriptor: dict) -> list[str]:
    fields = computed_fields(table, descriptor)
    if not fields:
        return []
    lines = [
        "",
        "Computed date columns (in the release's Parquet file only, derived from the EDTF field):",
        "",
        "| field | Parquet | description |",
        "|---|---|---|",
    ]
    lines += [f"| {_code(f['name'])} | `date32[day]` | {_cell(f['description'])} |" for f in fields]
    return lines


def table_section(schema: TableSchema, path: str, descriptor: dict | None = None) -> str:
    """The dictionary section of one table (with its computed columns, given its descriptor)."""
    title = f" ({schema.title})" if schema.title else ""
    lines = [f"## {schema.name}{title}", ""]
    if schema.description:
        lines += [_cell(schema.description), ""]
    lines += [f"File: `{path}`.", *_keys(schema), ""]
    lines += [
        "| field | type | Parquet | required | constraints | description |",
        "|---|---|---|---|---|---|",
    ]
    for f in schema.fields:
        lines.append(
            f"| {_code(f.name)} | {_type(f)} | {_code(_parquet(f))} | "
            f"{'yes' if f.required else 'no'} | {_constraints(f)} | {_cell(f.description)} |"
        )
    lines += _computed(schema.name, descriptor or {})
    return "\n".join(lines) + "\n"


TEXTS_NOTE = (
    "Only in the Parquet layout of the archived texts (`claimtrace release --texts parquet`), "
    "which replaces the files `data/texts/<source_id>.txt` (see docs/texts-parquet.md). "
    "Generated from the sources table's fields."
)


def _texts_section(sources: dict) -> str:
    """The section of the texts table, whose schema is generated from the sources table's."""
    from claimtrace.texts_table.layout import part_path
    from claimtrace.texts_table.schema import texts_table_schema

    section = table_section(texts_table_schema(sources), part_path(0))
    parts = f"File: `{part_path(0)}`, `{part_path(1)}`, ... (one multipart resource)."
    section = section.replace(f"File: `{part_path(0)}`.", parts)
    head, _, rest = section.partition("\n\n")
    return f"{head}\n\n{TEXTS_NOTE}\n\n{rest}"


def render_dictionary(path: Path | str = ".") -> str:
    """The data dictionary of the package at ``path``, tables in declared order."""
    tables = csv_tables(package_root(path))
    sections = [table_section(t.schema, t.relpath, t.schema_descriptor) for t in tables.values()]
    names = list(tables)
    if "sources" in tables:  # the texts table of the Parquet layout
        sections.append(_texts_section(tables["sources"].schema_descriptor))
        names.append("texts")
    toc = "\n".join(f"- [{n}](#{n})" for n in names)
    return "\n".join([HEADER, toc + "\n", *sections])
