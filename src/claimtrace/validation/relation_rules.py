"""Corpus rules on proposition_relations: no self relation, symmetric pairs stored once."""

from __future__ import annotations

import polars as pl

from claimtrace.validation.corpus_frames import bad, frame
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

col = pl.col
SYMMETRIC = ("contradicts", "same_quantity")

RULES = (
    Rule(
        "corpus.relation_self",
        "corpus",
        "a proposition relation joins two different propositions (existing ones: "
        "structure.foreign_key)",
    ),
    Rule(
        "corpus.relation_order",
        "corpus",
        "a symmetric relation (contradicts, same_quantity) is stored once, with "
        "proposition_id < related_proposition_id",
    ),
)


def relation_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Self relations, and symmetric relations stored in the wrong order."""
    rel = frame(reads, "proposition_relations", ["proposition_id", "related_proposition_id"])
    if rel is None:
        return concat_problems([])
    schema = reads["proposition_relations"].schema
    out = [
        bad(
            rel.filter(col("proposition_id") == col("related_proposition_id")),
            schema,
            "corpus.relation_self",
            "related_proposition_id",
            "a proposition is not related to itself",
        )
    ]
    if "relation" in rel.columns:
        out.append(
            bad(
                rel.filter(
                    col("relation").is_in(SYMMETRIC)
                    & (col("proposition_id") > col("related_proposition_id"))
                ),
                schema,
                "corpus.relation_order",
                "proposition_id, related_proposition_id",
                pl.format(
                    "{} is symmetric: store the pair once, as proposition_id={}, "
                    "related_proposition_id={}",
                    col("relation"),
                    col("related_proposition_id"),
                    col("proposition_id"),
                ),
                value=pl.format("{}, {}", col("proposition_id"), col("related_proposition_id")),
            )
        )
    return concat_problems(out)
