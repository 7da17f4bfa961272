"""Read a package table for curation, turning any read failure into one clear error.

Tables are read by the validator's guarded reader (``read_guarded``): the path is checked to stay
inside the package and the bytes are scanned before anything parses them.
"""

from __future__ import annotations

import polars as pl

from claimtrace.metadata import Package
from claimtrace.tables.typed import ROW


class CurationInputError(ValueError):
    """A table the curation tools need cannot be read; the message names the file and why."""


def read_table(package: Package, name: str) -> pl.DataFrame:
    """The table ``name`` with every cell as text; raise CurationInputError if it cannot be read."""
    from claimtrace.validation.guarded import read_guarded

    res = package.resource(name)
    read = read_guarded(package, res)
    missing = [f for f in res.schema.field_names if f not in read.present]
    if read.text is None or missing:
        found = read.problems
        first = found["message"][0] if found.height else f"columns missing: {', '.join(missing)}"
        raise CurationInputError(
            f"{res.path} (table {name}) cannot be read: {first}; run claimtrace validate"
        )
    return read.text.drop(ROW).select(res.schema.field_names)
