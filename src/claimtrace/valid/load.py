"""Read a valid package (the working corpus or a release): typed tables, schemas and texts.

The viewer and the exports promise that every anchor lands on its quote, so they only read a
package the validator passes, through the validator's own guarded reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from claimtrace.metadata import TableSchema
from claimtrace.tables.typed import ROW
from claimtrace.validation.reader import complete_frame
from claimtrace.validation.validate import validate_and_read

SHOWN_PROBLEMS = 5


class InvalidPackageError(Exception):
    """The package cannot be read, or ``claimtrace validate`` finds problems in it."""


@dataclass(frozen=True)
class ValidPackage:
    """A validated package: its root, descriptor, tables (typed, declared columns) and texts."""

    root: Path
    descriptor: dict[str, Any]
    schemas: dict[str, TableSchema]
    frames: dict[str, pl.DataFrame]
    texts: dict[str, str]
    """The archived text of each source, by source_id."""

    def has_field(self, table: str, name: str) -> bool:
        """Whether ``table`` exists and its schema declares the field ``name``."""
        return table in self.schemas and name in self.schemas[table].field_names

    def enum(self, table: str, name: str) -> tuple[str, ...]:
        """The declared ``enum`` of a field, or () when it has none."""
        if not self.has_field(table, name):
            return ()
        return tuple(str(v) for v in self.schemas[table].field(name).enum or ())


def load_valid(path: Path | str) -> ValidPackage:
    """Validate and read the package at ``path``; InvalidPackageError names what is wrong."""
    report, package, reads = validate_and_read(path)
    if package is None:
        raise InvalidPackageError(report.problems["message"][0])
    if not report.valid:
        shown = report.problems.head(SHOWN_PROBLEMS).to_dicts()
        lines = [
            f"  {p['table']} row {p['row']} field {p['field']}: {p['message']} ({p['rule']})"
            for p in shown
        ]
        raise InvalidPackageError(
            f"the package has {report.problems.height} problems (run `claimtrace validate "
            f"{path}` for all of them):\n" + "\n".join(lines)
        )
    frames = {name: complete_frame(read).drop(ROW) for name, read in reads.items()}
    sources = frames.get("sources")
    texts: dict[str, str] = {}
    if sources is not None:
        from claimtrace.texts_table.read import texts_by_source

        named = list(sources.select("source_id", "text_path").iter_rows())
        texts = texts_by_source(package.root, package.descriptor, named)
    return ValidPackage(
        root=package.root,
        descriptor=package.descriptor,
        schemas={name: read.schema for name, read in reads.items()},
        frames=frames,
        texts=texts,
    )
