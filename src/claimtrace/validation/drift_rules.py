"""Corpus rules on drift: it is measured only along lineage, against the parent claim.

A claim of a source without a lineage parent is ``original``; a derived source's claim names the
claim of its parent source it was made from (``parent_claim_id``), unless it is ``added``.
"""

from __future__ import annotations

import polars as pl

from claimtrace.semantics.origins import lineage_edges
from claimtrace.validation.corpus_frames import bad, frame, narrow
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

col = pl.col

RULES = (
    Rule(
        "corpus.drift_original_on_roots",
        "corpus",
        "every claim of a source without a lineage parent has drift original, and no claim of a "
        "derived source does (drift compares a claim with its parent claim only)",
    ),
    Rule(
        "corpus.parent_claim_lineage",
        "corpus",
        "parent_claim_id is a claim of a lineage parent of the claim's source; it is required for "
        "a derived source's claim unless drift is added, and empty for added claims and for "
        "claims of a source without a parent",
    ),
)


def _derived(reads: dict[str, TableRead]) -> pl.DataFrame | None:
    lineage = frame(reads, "lineage", ["source_id", "parent_source_id"])
    if lineage is None:
        return None
    return lineage_edges(lineage)


def _flag_copies(claims: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """``claims`` with ``_derived``: its source has a lineage parent."""
    copies = edges["source_id"].unique().implode()
    return claims.with_columns(_derived=col("source_id").is_in(copies).fill_null(False))


def drift_root_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """``original`` exactly on claims of sources without a lineage parent."""
    claims = narrow(reads, "claims", ["claim_id", "source_id", "drift"])
    edges = _derived(reads)
    if claims is None or edges is None:
        return concat_problems([])
    joined = _flag_copies(claims, edges)
    on_root = joined.filter(~col("_derived") & (col("drift") != "original"))
    on_copy = joined.filter(col("_derived") & (col("drift") == "original"))
    schema = reads["claims"].schema
    return concat_problems(
        [
            bad(
                on_root,
                schema,
                "corpus.drift_original_on_roots",
                "drift",
                pl.format(
                    "source {} has no lineage parent, so its claims are original: drift "
                    "compares a claim with the claim of its source's parent only",
                    col("source_id"),
                ),
            ),
            bad(
                on_copy,
                schema,
                "corpus.drift_original_on_roots",
                "drift",
                pl.format(
                    "source {} derives from another source: its claim is verbatim, a change "
                    "of its parent claim, or added; never original",
                    col("source_id"),
                ),
            ),
        ]
    )


def parent_claim_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """``parent_claim_id`` names a claim of a lineage parent, where and only where one is due."""
    claims = narrow(reads, "claims", ["claim_id", "source_id", "parent_claim_id", "drift"])
    edges = _derived(reads)
    if claims is None or edges is None:
        return concat_problems([])
    schema = reads["claims"].schema
    joined = _flag_copies(claims, edges)
    has_parent = col("parent_claim_id").is_not_null()
    rule, field = "corpus.parent_claim_lineage", "parent_claim_id"
    out = [
        bad(
            joined.filter(~col("_derived") & has_parent),
            schema,
            rule,
            field,
            pl.format(
                "source {} has no lineage parent: its claims have no parent claim",
                col("source_id"),
            ),
        ),
        bad(
            joined.filter(col("_derived") & (col("drift") == "added") & has_parent),
            schema,
            rule,
            field,
            "an added claim has no counterpart in the parent source: leave parent_claim_id "
            "empty, or give the drift against that parent claim",
        ),
        bad(
            joined.filter(
                col("_derived")
                & (col("drift") != "added")
                & ~has_parent
                & col("drift").is_not_null()
            ),
            schema,
            rule,
            field,
            pl.format(
                "source {} derives from another source: name the parent claim this claim was "
                "made from, or mark the claim added",
                col("source_id"),
            ),
        ),
    ]
    parents = claims.select(parent_claim_id="claim_id", _parent_source="source_id")
    linked = (
        joined.filter(col("_derived") & has_parent)
        .join(parents, on="parent_claim_id", how="inner")
        .join(
            edges.rename({"parent_source_id": "_parent_source"}),
            on=["source_id", "_parent_source"],
            how="anti",
        )
    )
    out.append(
        bad(
            linked,
            schema,
            rule,
            field,
            pl.format(
                "claim {} is from source {}, which is not a lineage parent of {}",
                col("parent_claim_id"),
                col("_parent_source"),
                col("source_id"),
            ),
        )
    )
    return concat_problems(out)


def drift_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Every drift rule, in a stable order."""
    return concat_problems([drift_root_problems(reads), parent_claim_problems(reads)])
