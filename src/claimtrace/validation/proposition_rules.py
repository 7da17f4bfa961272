"""Corpus rules on propositions: computed counts and status, original claim, relations.

Counts and status are recomputed by ``claimtrace.semantics`` (origins from lineage, values
compared by meaning) and compared with the stored fields, so ``valid`` certifies them.
"""

from __future__ import annotations

import polars as pl

from claimtrace.semantics.status import proposition_semantics
from claimtrace.validation.corpus_frames import bad, frame
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

col = pl.col

RULES = (
    Rule(
        "corpus.proposition_counts",
        "corpus",
        "source_count, origin_count and altered_copy_count equal their recomputation from the "
        "claims and lineage (claimtrace derive writes them)",
    ),
    Rule(
        "corpus.proposition_status",
        "corpus",
        "status equals its recomputation: unsupported (no origin states it), single_source (one "
        "source), echoed (one origin states it), conflicting (two origins state incompatible "
        "values), else corroborated",
    ),
    Rule(
        "corpus.proposition_has_claims",
        "corpus",
        "every proposition has at least one claim aligned to it",
    ),
    Rule(
        "corpus.original_claim_in_proposition",
        "corpus",
        "a proposition's original claim is aligned to that proposition",
    ),
)
_CLAIM_FIELDS = ["claim_id", "source_id", "proposition_id", "proposition_value", "parent_claim_id"]


def semantics_frame(reads: dict[str, TableRead]) -> pl.DataFrame | None:
    """``proposition_semantics`` of the package, or None when a table it needs is unreadable."""
    props = frame(reads, "propositions", ["proposition_id", "value_kind"])
    claims = frame(reads, "claims", _CLAIM_FIELDS)
    lineage = frame(reads, "lineage", ["source_id", "parent_source_id"])
    if props is None or claims is None or lineage is None:
        return None
    return proposition_semantics(claims, lineage, props)


def count_and_status_problems(
    reads: dict[str, TableRead], computed: pl.DataFrame | None
) -> pl.DataFrame:
    """Stored counts and status against ``computed`` (``semantics_frame``)."""
    props = frame(reads, "propositions", ["proposition_id", "status"])
    if props is None or computed is None:
        return concat_problems([])
    schema = reads["propositions"].schema
    joined = props.join(
        computed.rename({c: f"_{c}" for c in computed.columns if c != "proposition_id"}),
        on="proposition_id",
        how="inner",
    )
    out = [
        bad(
            joined.filter(col("_source_count") == 0),
            schema,
            "corpus.proposition_has_claims",
            "proposition_id",
            "no claim is aligned to this proposition; align claims or remove it",
        )
    ]
    joined = joined.filter(col("_source_count") > 0)
    for field in ("source_count", "origin_count", "altered_copy_count"):
        if field not in props.columns:
            continue
        out.append(
            bad(
                joined.filter(col(field).ne_missing(col(f"_{field}"))),
                schema,
                "corpus.proposition_counts",
                field,
                pl.format(
                    "{} is {} by recomputation from claims and lineage; run claimtrace derive",
                    pl.lit(field),
                    col(f"_{field}"),
                ),
            )
        )
    out.append(
        bad(
            joined.filter(col("status").ne_missing(col("_status"))),
            schema,
            "corpus.proposition_status",
            "status",
            pl.format(
                "status should be {}: {} source(s), {} origin(s), {} of them attesting (a root "
                "source that states it), {} altered cop(ies); run claimtrace derive",
                col("_status"),
                col("_source_count"),
                col("_origin_count"),
                col("_attesting_count"),
                col("_altered_copy_count"),
            ),
        )
    )
    return concat_problems(out)


def original_claim_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """A proposition's original claim is one of its own claims."""
    props = frame(reads, "propositions", ["proposition_id", "original_claim_id"])
    claims = frame(reads, "claims", ["claim_id", "proposition_id"])
    if props is None or claims is None:
        return concat_problems([])
    wrong = props.join(
        claims.select(original_claim_id="claim_id", _prop="proposition_id"),
        on="original_claim_id",
        how="inner",
    ).filter(col("_prop") != col("proposition_id"))
    return bad(
        wrong,
        reads["propositions"].schema,
        "corpus.original_claim_in_proposition",
        "original_claim_id",
        pl.format(
            "claim {} is aligned to {}, not to this proposition",
            col("original_claim_id"),
            col("_prop"),
        ),
    )


def proposition_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Every proposition rule, in a stable order."""
    computed = semantics_frame(reads)
    return concat_problems(
        [count_and_status_problems(reads, computed), original_claim_problems(reads)]
    )
