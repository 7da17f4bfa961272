"""Rows added, removed and changed between two versions of a table, matched by primary key.

Cells are compared as the text the CSV holds (missing values as null), so any change a consumer
of the CSV would see is reported. All work is done with polars joins and column expressions.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

NEW = "__new"


@dataclass(frozen=True)
class RowDiff:
    """Key columns of the rows added and removed; key columns plus ``fields`` of changed rows."""

    key: list[str]
    added: pl.DataFrame
    removed: pl.DataFrame
    changed: pl.DataFrame

    @property
    def counts(self) -> dict[str, int]:
        """Rows added, removed and changed."""
        return {
            "rows_added": self.added.height,
            "rows_removed": self.removed.height,
            "rows_changed": self.changed.height,
        }


def row_diff(old: pl.DataFrame, new: pl.DataFrame, key: list[str]) -> RowDiff:
    """Compare ``old`` and ``new`` (text frames) by ``key``, over the fields both have.

    Without a usable key (empty, or not in both frames) whole rows are the key: rows can then only
    be added or removed.
    """
    common = [c for c in new.columns if c in old.columns]
    if not key or not all(k in common for k in key):
        key = common
    old, new = (
        old.select(common).unique(maintain_order=True),
        new.select(common).unique(maintain_order=True),
    )
    added = new.join(old, on=key, how="anti", nulls_equal=True).select(key)
    removed = old.join(new, on=key, how="anti", nulls_equal=True).select(key)
    values = [c for c in common if c not in key]
    both = old.join(new, on=key, how="inner", suffix=NEW, nulls_equal=True)
    differs = [pl.when(pl.col(c).ne_missing(pl.col(c + NEW))).then(pl.lit(c)) for c in values]
    if differs:
        changed = both.select(*key, fields=pl.concat_list(differs).list.drop_nulls()).filter(
            pl.col("fields").list.len() > 0
        )
    else:
        changed = both.select(key).clear().with_columns(fields=pl.lit(None, pl.List(pl.String)))
    order = [pl.col(k) for k in key]
    return RowDiff(key, added.sort(order), removed.sort(order), changed.sort(order))
