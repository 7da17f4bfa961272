"""Corpus rules on attribution: documents are credited as documents, the producer is claimant."""

from __future__ import annotations

import polars as pl

from claimtrace.validation.corpus_frames import bad, frame
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
        "a claim's attributed actor is linked to it as claimant in claim_actors, and a claimant "
        "link names the claim's attributed actor",
    ),
)


def document_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """``document`` attribution iff the attributed actor is a document."""
    claims = frame(reads, "claims", ["claim_id", "attribution_actor_id", "attribution_kind"])
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
    """The attributed actor is the claim's claimant, both ways."""
    claims = frame(reads, "claims", ["claim_id", "attribution_actor_id"])
    links = frame(reads, "claim_actors", ["claim_id", "actor_id", "role"])
    if claims is None or links is None:
        return concat_problems([])
    claimants = links.filter(col("role") == "claimant")
    attributed = claims.filter(col("attribution_actor_id").is_not_null())
    unlinked = attributed.join(
        claimants.select("claim_id", attribution_actor_id="actor_id"),
        on=["claim_id", "attribution_actor_id"],
        how="anti",
    )
    stray = claimants.join(
        claims.select("claim_id", _attributed="attribution_actor_id"), on="claim_id", how="inner"
    ).filter(col("_attributed").ne_missing(col("actor_id")))
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
                    "the claim is attributed to {}: only that actor is its claimant (one who "
                    "only relays the assertion is cited_source)",
                    col("_attributed").fill_null("no actor"),
                ),
            ),
        ]
    )


def attribution_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Every attribution rule, in a stable order."""
    return concat_problems([document_problems(reads), claimant_problems(reads)])
