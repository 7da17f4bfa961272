r"""Hostile cells as Spark SQL: formula injection and oversized cells, one row expression each.

The formula predicate is ``injection``'s own patterns (``HIDDEN``, ``PREFIX``, ``PLAIN_NUMBER``),
not a second copy: Java's regex reads them as Rust's does, except that Java's ``$`` also matches
before a final line break, so the whole-cell match ends with ``\z`` (end of input) instead.
"""

from __future__ import annotations

import re

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from claimtrace.metadata import TableSchema
from claimtrace.validation.injection import HIDDEN, PLAIN_NUMBER, PREFIX
from claimtrace.validation.limits import MAX_CELL_CHARS

_WHOLE_NUMBER = f"^(?:{PLAIN_NUMBER})\\z"


def is_formula(cell: Column) -> Column:
    """``injection.is_formula`` as a Spark SQL expression over a string column."""
    return cell.rlike(HIDDEN) | (cell.rlike(PREFIX) & ~cell.rlike(_WHOLE_NUMBER))


def hostile_checks(frame: DataFrame, schema: TableSchema) -> list[tuple]:
    """(condition, layer, rule, field, value) of the hostile-cell checks of every text cell.

    ``injection.formula`` and ``limits.cell_too_long`` of each text or list cell;
    ``rules.table_problems`` runs them in its one pass over the rows.
    """
    checks = []
    for f in schema.fields:
        if f.name not in frame.columns or f.type not in ("string", "list"):
            continue
        cell = F.col(f.name)
        if f.type == "list":
            items = F.split(cell, re.escape(f.delimiter), -1)
            formula, size = F.filter(items, is_formula)[0], F.length(F.array_join(items, ","))
        else:
            formula, size = F.when(is_formula(cell), cell), F.length(cell)
        checks.append((formula.isNotNull(), "table", "injection.formula", f.name, formula))
        checks.append((size > MAX_CELL_CHARS, "table", "limits.cell_too_long", f.name, size))
    return checks
