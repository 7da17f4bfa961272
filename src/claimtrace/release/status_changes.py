"""The semantic changelog of a diff: every proposition whose status changed, with its claims.

A status says what the corpus finds about a statement (echoed by copies, corroborated by two
origins, conflicting, ...). A row diff shows that the ``status`` cell of a proposition changed;
this shows ``old -> new`` next to the claims that state the proposition on each side, so a reader
sees why (a claim of a new origin joined it, a copy's claim left it). A proposition present on one
side only counts as a change from or to ``ABSENT``.
"""

from __future__ import annotations

import polars as pl

ABSENT = "(absent)"
"""The status shown for a proposition that one side does not have."""
STATUS_COLUMNS = ("proposition_id", "old_status", "new_status", "old_claim_ids", "new_claim_ids")

col = pl.col


def no_status_changes() -> pl.DataFrame:
    """An empty frame of status changes (for packages without propositions)."""
    ids = pl.List(pl.String)
    return pl.DataFrame(
        schema={"proposition_id": pl.String, "old_status": pl.String, "new_status": pl.String,
                "old_claim_ids": ids, "new_claim_ids": ids}
    )  # fmt: skip


def _statuses(propositions: pl.DataFrame, side: str) -> pl.DataFrame:
    """proposition_id and its status on ``side``; a repeated id (invalid input) counts once."""
    return (
        propositions.select("proposition_id", col("status").alias(f"{side}_status"))
        .drop_nulls("proposition_id")
        .unique("proposition_id", keep="first", maintain_order=True)
    )


def _claim_ids(claims: pl.DataFrame, side: str) -> pl.DataFrame:
    """proposition_id and the sorted ids of the claims aligned to it on ``side``."""
    return (
        claims.select("proposition_id", "claim_id")
        .drop_nulls()
        .unique()
        .group_by("proposition_id")
        .agg(col("claim_id").sort().alias(f"{side}_claim_ids"))
    )


def status_changes(
    old_propositions: pl.DataFrame,
    old_claims: pl.DataFrame,
    new_propositions: pl.DataFrame,
    new_claims: pl.DataFrame,
) -> pl.DataFrame:
    """One row per proposition whose status differs between old and new, sorted by id.

    Columns ``STATUS_COLUMNS``; a side without claims has an empty list, never null.
    """
    old, new = _statuses(old_propositions, "old"), _statuses(new_propositions, "new")
    empty = pl.lit([], dtype=pl.List(pl.String))
    return (
        old.join(new, on="proposition_id", how="full", coalesce=True)
        .filter(col("old_status").ne_missing(col("new_status")))
        .join(_claim_ids(old_claims, "old"), on="proposition_id", how="left")
        .join(_claim_ids(new_claims, "new"), on="proposition_id", how="left")
        .with_columns(
            col("old_status", "new_status").fill_null(ABSENT),
            col("old_claim_ids", "new_claim_ids").fill_null(empty),
        )
        .sort("proposition_id")
        .select(STATUS_COLUMNS)
    )


def render_status_changes(changes: pl.DataFrame, limit: int) -> list[str]:
    """Text lines of the semantic changelog, at most ``limit`` propositions."""
    if changes.height == 0:
        return []
    lines = [f"propositions whose status changed: {changes.height}"]
    for row in changes.head(limit).iter_rows(named=True):
        lines += [
            f"  {row['proposition_id']}: {row['old_status']} -> {row['new_status']}",
            f"    old claims: {', '.join(row['old_claim_ids']) or '(none)'}",
            f"    new claims: {', '.join(row['new_claim_ids']) or '(none)'}",
        ]
    if changes.height > limit:
        lines.append(f"  ... {changes.height - limit} more propositions (use --json for all)")
    return lines
