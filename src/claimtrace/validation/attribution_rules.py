"""Corpus rules on attribution: documents are credited as documents, the producer is claimant."""

from __future__ import annotations

import polars as pl

from claimtrace.validation.corpus_frames import bad, frame, narrow
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

col = pl.col

RULES = (
    Rule(
        "corpus.document_attribution",
        "corpus",
        "attribution_kind is document exactly when the attributed actor's actor_type is document",
    ),
    Rule(
        "corpus.claimant_link",
        "corpus",
        "a claim's attributed actor is linked to it as claimant in claim_actors, and only a claim "
        "with an attributed actor has claimants (co-producers are claimants beside it)",
    ),
)


def document_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """``document`` attribution iff the attributed actor is a document."""
    claims = narrow(reads, "claims", ["claim_id", "attribution_actor_id", "attribution_kind"])
    actors = frame(reads, "actors", ["actor_id", "actor_type"])
    if claims is None or actors is None:
        return concat_problems([])
    joined = claims.join(
        actors.select(attribution_actor_id="actor_id", _type="actor_type"),
        on="attribution_actor_id",
        how="left",
    )
    is_doc_kind = col("attribution_kind") == "document"
    is_doc_actor = (col("_type") == "document").fill_null(False)
    wrong = joined.filter(col("attribution_kind").is_not_null() & (is_doc_kind != is_doc_actor))
    return bad(
        wrong,
        reads["claims"].schema,
        "corpus.document_attribution",
        "attribution_kind",
        pl.when(is_doc_kind)
        .then(
            pl.format(
                "a document attribution credits an actor of type document; {} is {}",
                col("attribution_actor_id").fill_null("(none)"),
                col("_type").fill_null("not an actor"),
            )
        )
        .otherwise(
            pl.format(
                "{} is a document: the claim gives its content, so attribution_kind is document",
                col("attribution_actor_id"),
            )
        ),
    )


def claimant_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """The attributed actor is among the claim's claimants; a claim without one has none.

    Co-producers ("rights groups and relatives reported") are all claimants; the attribution
    actor is the one named first.
    """
    claims = narrow(reads, "claims", ["claim_id", "attribution_actor_id"])
    links = narrow(reads, "claim_actors", ["claim_id", "actor_id", "role"])
    if claims is None or links is None:
        return concat_problems([])
    claimants = links.filter(col("role") == "claimant")
    attributed = claims.filter(col("attribution_actor_id").is_not_null())
    unlinked = attributed.join(
        claimants.select("claim_id", attribution_actor_id="actor_id"),
        on=["claim_id", "attribution_actor_id"],
        how="anti",
    )
    unattributed = claims.filter(col("attribution_actor_id").is_null())
    stray = claimants.join(
        unattributed.select("claim_id", _attributed="attribution_actor_id"),
        on="claim_id",
        how="inner",
    )
    return concat_problems(
        [
            bad(
                unlinked,
                reads["claims"].schema,
                "corpus.claimant_link",
                "attribution_actor_id",
                pl.format(
                    "add the claim_actors row ({}, {}, claimant): the attributed actor is the "
                    "claim's claimant",
                    col("claim_id"),
                    col("attribution_actor_id"),
                ),
            ),
            bad(
                stray,
                reads["claim_actors"].schema,
                "corpus.claimant_link",
                "actor_id",
                pl.format(
                    "the claim {} has no attributed actor, so no claimant: {} is at most "
                    "cited_source or subject",
                    col("claim_id"),
                    col("actor_id"),
                ),
            ),
        ]
    )


def attribution_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Every attribution rule, in a stable order."""
    return concat_problems([document_problems(reads), claimant_problems(reads)])
