"""Read the tables the report needs, typed by their Table Schemas, with the problems found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from claimtrace.metadata import TableSchema, read_package
from claimtrace.metadata.package import PackageError
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.tables.csv_text import read_text_table
from claimtrace.tables.typed import ROW, cast_typed, empty_to_null
from claimtrace.validation.problems import empty_problems, problems_frame

TABLES = ("sources", "lineage", "actors", "claims", "propositions")
"""The tables the report reads."""

# (table, field, referenced table, referenced field): the references the report follows.
REFERENCES = (
    ("claims", "source_id", "sources", "source_id"),
    ("claims", "proposition_id", "propositions", "proposition_id"),
    ("propositions", "original_claim_id", "claims", "claim_id"),
    ("lineage", "source_id", "sources", "source_id"),
    ("lineage", "parent_source_id", "sources", "source_id"),
)


class ReportInputError(Exception):
    """The package cannot be read far enough to build a report."""


@dataclass(frozen=True)
class ReportTables:
    """The typed tables (``_row`` kept), the package's descriptor and the problems met reading."""

    frames: dict[str, pl.DataFrame]
    schemas: dict[str, TableSchema]
    descriptor: dict
    problems: pl.DataFrame


def _read_one(root: Path, resource) -> tuple[pl.DataFrame, pl.DataFrame]:
    schema = resource.schema
    where = f"table {resource.name!r} ({resource.path})"
    try:
        path = resolve_inside(root, resource.path)
        text = read_text_table(path, schema)
    except UnsafePathError as exc:
        raise ReportInputError(f"{where}: {exc}") from None
    except FileNotFoundError:
        raise ReportInputError(f"{where} does not exist") from None
    except OSError as exc:
        raise ReportInputError(f"{where} cannot be read: {exc.strerror}") from None
    except pl.exceptions.ColumnNotFoundError as exc:
        first = str(exc).strip().splitlines()[0]
        raise ReportInputError(f"{where} lacks a declared column: {first}") from None
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReportInputError(f"{where} is not a readable CSV table: {first}") from None
    text = empty_to_null(text, schema).with_row_index(ROW, offset=2).cast({ROW: pl.Int64})
    typed, bad = cast_typed(text, schema)
    problems = problems_frame(
        bad.select(
            layer=pl.lit("structure"),
            table=pl.lit(resource.name),
            row=pl.col(ROW),
            field=pl.col("field"),
            rule=pl.lit("type.") + pl.col("type"),
            value=pl.col("value"),
            message=pl.format("not a valid {}", pl.col("type")),
        )
    )
    return typed, problems


def _dangling(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """References the report follows that point at no row."""
    found = []
    for table, field, target, target_field in REFERENCES:
        keys = frames[target].select(pl.col(target_field).alias(field)).drop_nulls()
        missing = frames[table].filter(pl.col(field).is_not_null()).join(keys, on=field, how="anti")
        found.append(
            missing.select(
                layer=pl.lit("structure"),
                table=pl.lit(table),
                row=pl.col(ROW),
                field=pl.lit(field),
                rule=pl.lit("foreign_key"),
                value=pl.col(field),
                message=pl.lit(f"no {target} row has this {target_field}"),
            )
        )
    return pl.concat([problems_frame(f) for f in found])


def load_tables(path: Path | str) -> ReportTables:
    """Read the package at ``path``; raise ReportInputError when a needed table is unreadable.

    Cells that do not parse become null and are returned as problems, as are dangling
    references; neither stops the report.
    """
    try:
        package = read_package(path)
    except PackageError as exc:
        where = "" if exc.message.startswith(exc.where) else f"{exc.where}: "
        raise ReportInputError(f"{where}{exc.message}") from None
    frames, schemas, problems = {}, {}, [empty_problems()]
    for name in TABLES:
        try:
            resource = package.resource(name)
        except KeyError:
            raise ReportInputError(f"datapackage.json has no resource {name!r}") from None
        schemas[name] = resource.schema
        frames[name], found = _read_one(package.root, resource)
        problems.append(found)
    problems.append(_dangling(frames))
    all_problems = pl.concat(problems).sort(["table", "row", "field"], nulls_last=True)
    return ReportTables(frames, schemas, package.descriptor, all_problems)
