"""Read a package table for curation, turning any read failure into one clear error."""

from __future__ import annotations

import polars as pl

from claimtrace.metadata import Package
from claimtrace.tables.csv_text import read_text_table


class CurationInputError(ValueError):
    """A table the curation tools need cannot be read; the message names the file and why."""


def read_table(package: Package, name: str) -> pl.DataFrame:
    """The table ``name`` with every cell as text; raise CurationInputError if it cannot be read."""
    res = package.resource(name)
    try:
        return read_text_table(package.root / res.path, res.schema, res.path)
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CurationInputError(
            f"{res.path} (table {name}) cannot be read: {first}; run claimtrace validate"
        ) from None
