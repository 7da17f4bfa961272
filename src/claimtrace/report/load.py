"""Read the tables the report needs with the project's typed reader, and validate the package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from claimtrace.metadata import TableSchema
from claimtrace.validation.reader import complete_frame
from claimtrace.validation.validate import validate_and_read

# The tables the report reads, and the columns it cannot do without.
NEEDED = {
    "sources": ("source_id", "source_kind"),
    "lineage": ("source_id", "parent_source_id"),
    "actors": ("actor_id",),
    "claims": ("claim_id", "source_id", "proposition_id", "drift"),
    "propositions": ("proposition_id", "status", "original_claim_id"),
    "proposition_relations": ("proposition_id", "related_proposition_id", "relation"),
}
# Fields the report reads that a package older than 0.2.0 does not declare.
DECLARED = {
    "claims": ("parent_claim_id", "is_headline"),
    "propositions": ("source_count", "origin_count", "altered_copy_count", "value_kind"),
}


class ReportInputError(Exception):
    """The package cannot be read far enough to build a report."""


@dataclass(frozen=True)
class ReportTables:
    """The typed tables (with ``_row``), their schemas, the descriptor and the problems found."""

    frames: dict[str, pl.DataFrame]
    schemas: dict[str, TableSchema]
    descriptor: dict[str, Any]
    problems: pl.DataFrame


def _first_message(problems: pl.DataFrame, table: str) -> str:
    own = problems.filter(pl.col("table") == table)
    return own["message"][0] if own.height else "it cannot be read"


def load_tables(path: Path | str) -> ReportTables:
    """Read and validate the package at ``path``; ReportInputError if a needed table is unreadable.

    Problems that leave the tables readable (a bad cell, a dangling id, a quote that does not
    match its text) are returned with the tables: the report shows what could be read. The
    tables are the validator's own guarded reads, so a file it refused is never parsed here.
    """
    report, package, reads = validate_and_read(path)
    if package is None:
        first = report.problems.row(0, named=True)
        raise ReportInputError(f"{first['table']}: {first['message']}")
    frames = {n: complete_frame(r) for n, r in reads.items() if r.typed is not None}
    for name, columns in NEEDED.items():
        if name not in package.resource_names:
            raise ReportInputError(f"datapackage.json has no resource {name!r}")
        if name not in frames:
            raise ReportInputError(f"table {name!r}: {_first_message(report.problems, name)}")
        header = package.resource(name).path
        undeclared = [
            c for c in DECLARED.get(name, ()) if c not in package.resource(name).schema.field_names
        ]
        if undeclared:
            raise ReportInputError(
                f"table {name!r} declares no field {', '.join(undeclared)}: the report reads "
                "packages of the 0.2.0 semantics (computed statuses, drift against the parent "
                "claim)"
            )
        missing = [c for c in columns if frames[name][c].null_count() == frames[name].height]
        if frames[name].height and missing:
            raise ReportInputError(
                f"table {name!r} ({header}) has no values in {', '.join(missing)}; "
                "is the column missing from the header?"
            )
    problems = report.problems.sort(["table", "row", "field", "rule"], nulls_last=True)
    return ReportTables(
        frames={name: frames[name] for name in NEEDED},
        schemas={name: package.resource(name).schema for name in NEEDED},
        descriptor=package.descriptor,
        problems=problems,
    )
