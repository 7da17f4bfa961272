"""Primary and foreign keys across tables, checked with vectorised joins."""

from __future__ import annotations

import operator
from functools import reduce

import polars as pl

from claimtrace.metadata.schema import ForeignKey
from claimtrace.tables.typed import ROW
from claimtrace.validation.frames import concat_problems, rows_to_problems
from claimtrace.validation.reader import TableRead

LAYER = "structure"


def may_repeat(frame: pl.DataFrame, fields: list[str]) -> bool:
    """False only if no two rows of ``frame`` have the same ``fields`` (nulls equal).

    Equal keys have equal 64-bit hashes, so distinct hashes (a count of 64-bit integers, a
    fraction of the cost of comparing the keys) prove distinct keys; any repeat of a hash, a
    real repeat or a collision, is left to the exact test.
    """
    hashed = reduce(operator.xor, [pl.col(f).hash(seed) for seed, f in enumerate(fields)])
    return frame.select(hashed.n_unique()).item() != frame.height


def primary_key_problems(read: TableRead) -> pl.DataFrame:
    """Rows repeating the primary key of an earlier row (single or composite key)."""
    pk = list(read.schema.primary_key)
    if read.typed is None or not pk or not set(pk) <= set(read.present):
        return concat_problems([])
    frame = read.typed.select(ROW, *pk)
    if not may_repeat(frame, pk):
        return concat_problems([])
    key = pl.col(pk[0]) if len(pk) == 1 else pl.struct(pk)
    dup = frame.filter(~key.is_first_distinct())  # the repeats alone, before anything per row
    if dup.height:
        first = frame.group_by(pk).agg(_first=pl.col(ROW).min())
        dup = dup.join(first, on=pk, how="left", nulls_equal=True, maintain_order="left")
    fields = ", ".join(pk)
    value = pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in pk], separator="|")
    return rows_to_problems(
        dup,
        read.schema,
        layer=LAYER,
        rule="structure.primary_key",
        field=fields,
        value=value,
        message=pl.format(
            "primary key ({}) repeats row {}; every row needs its own key",
            pl.lit(fields),
            pl.col("_first"),
        ),
    )


def foreign_key_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Rows whose foreign key names no row of the referenced table (null keys are allowed)."""
    out: list[pl.DataFrame | None] = []
    checks: list[tuple[int, TableRead, ForeignKey, pl.DataFrame]] = []
    for read in reads.values():
        if read.typed is None:
            continue
        for fk in read.schema.foreign_keys:
            parent = reads.get(fk.resource)
            if parent is None:
                out.append(
                    rows_to_problems(
                        pl.DataFrame({ROW: [None]}, schema={ROW: pl.Int64}),
                        read.schema,
                        layer=LAYER,
                        rule="structure.foreign_key_resource",
                        field=", ".join(fk.fields),
                        value=pl.lit(fk.resource),
                        message=f"foreign key names resource {fk.resource!r}, which the "
                        "package does not declare",
                    )
                )
                continue
            if parent.typed is None or not set(fk.fields) <= set(read.present):
                continue
            if not set(fk.reference_fields) <= set(parent.present):
                continue
            named = [k for k in read.schema.primary_key if k in read.present]
            child = read.typed.select(ROW, *dict.fromkeys([*named, *fk.fields])).drop_nulls(
                list(fk.fields)
            )
            checks.append((len(out), read, fk, child))
            out.append(None)
    for slot, read, fk, dangling in _dangling(reads, checks):
        target = ", ".join(f"{fk.resource}.{r}" for r in fk.reference_fields)
        value = pl.concat_str([pl.col(c).cast(pl.String) for c in fk.fields], separator="|")
        out[slot] = rows_to_problems(
            dangling,
            read.schema,
            layer=LAYER,
            rule="structure.foreign_key",
            field=", ".join(fk.fields),
            value=value,
            message=pl.format(
                "{} names no row of {}; use an existing id or add that row first",
                value,
                pl.lit(target),
            ),
        )
    return concat_problems([f for f in out if f is not None])


def _dangling(reads: dict[str, TableRead], checks: list) -> list:
    """Each check ``(slot, read, fk, child)`` with the rows of ``child`` whose key is missing.

    Keys that name the same fields of the same table (claims.claim_id from claim_actors,
    figures, propositions and claims itself) are looked up in one anti join, so the referenced
    column is hashed once, not once per foreign key. An anti join needs no distinct right side:
    a repeated id is the primary key's problem, not this one's.
    """
    groups: dict[tuple, list] = {}
    for check in checks:
        _, read, fk, child = check
        dtypes = tuple(child.schema[f] for f in fk.fields)
        groups.setdefault((fk.resource, fk.reference_fields, dtypes), []).append(check)
    found = []
    for (resource, reference, _), group in groups.items():
        keys = [f"_k{i}" for i in range(len(reference))]
        asked = pl.concat(
            [
                child.select(
                    _check=pl.lit(n, pl.UInt32),
                    _i=pl.int_range(pl.len(), dtype=pl.UInt32),
                    **{k: f for k, f in zip(keys, fk.fields, strict=True)},
                )
                for n, (_, _, fk, child) in enumerate(group)
            ]
        )
        ref = reads[resource].typed.select(
            [pl.col(r).alias(k) for k, r in zip(keys, reference, strict=True)]
        )
        missing = asked.join(ref, on=keys, how="anti", maintain_order="left")
        for n, (slot, read, fk, child) in enumerate(group):
            rows = missing.filter(pl.col("_check") == n)["_i"]
            found.append((slot, read, fk, child[rows]))
    return found
