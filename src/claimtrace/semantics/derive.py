"""Recompute the computed proposition fields and write propositions.csv canonically.

The fields of ``COMPUTED`` (source_count, origin_count, altered_copy_count, status) are never
typed by hand: ``derive`` fills them from claims and lineage, and the validator checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from claimtrace.curation.tables import read_table
from claimtrace.metadata import read_package
from claimtrace.semantics.status import COMPUTED, proposition_semantics
from claimtrace.tables.csv_text import write_text_table

col = pl.col


@dataclass(frozen=True)
class Difference:
    """A computed field whose stored value differs from the recomputation."""

    table: str
    row: str
    field: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        return f"{self.table} {self.row} {self.field}: {self.old or '(empty)'} -> {self.new}"


@dataclass(frozen=True)
class DeriveResult:
    """The differences found, propositions that cannot be derived, and whether a file changed."""

    differences: list[Difference]
    problems: list[str]
    written: bool


def derive(package_dir: Path, write: bool = True) -> DeriveResult:
    """Recompute ``COMPUTED`` for every proposition; rewrite propositions.csv if ``write``.

    Nothing is written when a proposition has no claims (its counts cannot be derived) or when
    nothing differs.
    """
    package = read_package(package_dir)
    claims = read_table(package, "claims")
    lineage = read_table(package, "lineage")
    props = read_table(package, "propositions")
    computed = proposition_semantics(claims, lineage, props)
    empty = computed.filter(col("status").is_null())["proposition_id"].to_list()
    problems = [
        f"propositions proposition_id={p}: no claim is aligned to it; align claims or remove it"
        for p in empty
    ]
    new = computed.select(
        "proposition_id", *[col(f).cast(pl.String).alias(f"_new_{f}") for f in COMPUTED]
    )
    joined = props.join(new, on="proposition_id", how="left", maintain_order="left")
    differences = []
    for field in COMPUTED:
        changed = joined.filter(col(field).ne_missing(col(f"_new_{field}")))
        differences += [
            Difference("propositions", f"proposition_id={key}", field, old, new_value)
            for key, old, new_value in changed.select(
                "proposition_id", field, f"_new_{field}"
            ).iter_rows()
        ]
    written = False
    if write and differences and not problems:
        res = package.resource("propositions")
        out = joined.with_columns([col(f"_new_{f}").alias(f) for f in COMPUTED])
        write_text_table(package.root / res.path, out.select(res.schema.field_names), res.schema)
        written = True
    return DeriveResult(differences, problems, written)
