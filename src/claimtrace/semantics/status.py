"""Per-proposition counts and status, computed from lineage and values (vectorised polars).

For a proposition P with claims from the sources S: ``source_count`` = |S|; ``origin_count`` =
the distinct lineage roots of S; the attesting origins A are the roots that are themselves in S
(the root source states P itself); ``altered_copy_count`` = the derived sources whose claim in P
states a ``proposition_value`` other than that of its parent claim (``parent_claim_id``, in P;
a parent without a value counts as other). A copy that drops its parent's value states none:
that is an omission (detail_dropped), not an altered value. Status, first rule that
applies: ``unsupported`` (A empty), ``single_source`` (|S| = 1), ``echoed`` (|A| = 1),
``conflicting`` (two attesting origins state incompatible values), else ``corroborated``.

Only the attesting origins' own claims are compared. Their distinct value pairs per proposition
are few (a handful per disputed proposition, whatever the corpus size), so ``compatible`` is
called in Python once per distinct (value, value, kind) triple and joined back; everything else
is joins and group-bys.
"""

from __future__ import annotations

import polars as pl

from claimtrace.semantics.origins import lineage_edges, origins
from claimtrace.semantics.values import compatible

col = pl.col

STATUSES = ("single_source", "echoed", "unsupported", "corroborated", "conflicting")
COMPUTED = ("source_count", "origin_count", "altered_copy_count", "status")
"""The proposition fields ``claimtrace derive`` writes and the validator recomputes."""


def _compatible_or_equal(a: str, b: str, kind: str | None) -> bool:
    """``compatible``; equality where the kind is missing or a value does not parse.

    Those values are reported by ``corpus.proposition_value_parses``; equality keeps the
    status computable meanwhile.
    """
    if kind is None:
        return a == b
    try:
        return compatible(a, b, kind)
    except ValueError:
        return a == b


def _incompatible_propositions(attesting: pl.DataFrame, kinds: pl.DataFrame) -> pl.DataFrame:
    """``proposition_id`` of each proposition where two attesting origins' values clash."""
    stated = (
        attesting.filter(col("proposition_value").is_not_null())
        .select("proposition_id", "source_id", "proposition_value")
        .unique()
    )
    pairs = (
        stated.join(stated, on="proposition_id", suffix="_b")
        .filter(col("source_id") < col("source_id_b"))
        .filter(col("proposition_value") != col("proposition_value_b"))
        .join(kinds, on="proposition_id", how="left")
        .select("proposition_id", a="proposition_value", b="proposition_value_b", kind="value_kind")
    )
    triples = pairs.select("a", "b", "kind").unique()
    verdicts = triples.with_columns(
        ok=pl.Series(
            [_compatible_or_equal(a, b, k) for a, b, k in triples.iter_rows()], dtype=pl.Boolean
        )
    )
    return (
        pairs.join(verdicts, on=["a", "b", "kind"], how="left", nulls_equal=True)
        .filter(~col("ok"))
        .select("proposition_id")
        .unique()
    )


def proposition_semantics(
    claims: pl.DataFrame, lineage: pl.DataFrame, propositions: pl.DataFrame
) -> pl.DataFrame:
    """One row per row of ``propositions``, in its order: ``COMPUTED`` and ``attesting_count``.

    The validator relies on that order to set them beside the propositions, unjoined.
    ``claims`` needs claim_id, source_id, proposition_id, proposition_value and parent_claim_id;
    ``lineage`` source_id and parent_source_id; ``propositions`` proposition_id and value_kind.
    A proposition without claims gets zero counts and a null status.

    What is known of a source (root or not, its origins) is worked out once per source and
    joined to the claims, so that one group-by over integers gives every count.
    """
    claims = claims.select(
        "claim_id", "source_id", "proposition_id", "proposition_value", "parent_claim_id"
    ).filter(col("source_id").is_not_null() & col("proposition_id").is_not_null())
    derived = lineage_edges(lineage).select("source_id").unique()["source_id"]
    per_source = _per_source(claims["source_id"].unique(), lineage, derived)
    # each claim with the row of its proposition (of each row, where an id repeats): counts
    # are then grouped by an integer and set in place, with no join back
    placed = claims.join(
        propositions.select("proposition_id").with_row_index("_pi"), on="proposition_id"
    )
    counts = (
        placed.select("_pi", "source_id")
        .join(per_source, on="source_id", how="left")
        .group_by("_pi")
        .agg(
            source_count=col("_source").n_unique(),
            origin_count=col("_origin").drop_nulls().n_unique(),
            attesting_count=col("_source").filter(col("_root")).n_unique(),
        )
    )
    parents = claims.select(
        parent_claim_id="claim_id", _pprop="proposition_id", _pvalue="proposition_value"
    )
    altered = (
        placed.filter(col("parent_claim_id").is_not_null())
        .join(parents, on="parent_claim_id")
        .filter(
            (col("_pprop") == col("proposition_id"))
            & col("proposition_value").is_not_null()
            & col("proposition_value").ne_missing(col("_pvalue"))
        )
        .group_by("_pi")
        .agg(altered_copy_count=col("source_id").n_unique())
    )
    kinds = propositions.select("proposition_id", "value_kind")
    roots_claims = claims.filter(~col("source_id").is_in(derived.implode()))
    clash = _incompatible_propositions(roots_claims, kinds)["proposition_id"]
    size = propositions.height
    out = propositions.select(
        "proposition_id",
        *(
            _in_place(frame, name, size)
            for frame, name in (
                (counts, "source_count"),
                (counts, "origin_count"),
                (altered, "altered_copy_count"),
                (counts, "attesting_count"),
            )
        ),
        _clash=col("proposition_id").is_in(clash.implode()).fill_null(False),
    )
    status = (
        pl.when(col("source_count") == 0)
        .then(pl.lit(None, pl.String))
        .when(col("attesting_count") == 0)
        .then(pl.lit("unsupported"))
        .when(col("source_count") == 1)
        .then(pl.lit("single_source"))
        .when(col("attesting_count") == 1)
        .then(pl.lit("echoed"))
        .when(col("_clash"))
        .then(pl.lit("conflicting"))
        .otherwise(pl.lit("corroborated"))
    )
    return out.with_columns(status=status).select(
        "proposition_id", *COMPUTED[:3], "attesting_count", "status"
    )


def _in_place(frame: pl.DataFrame, name: str, size: int) -> pl.Series:
    """``frame[name]`` at the rows ``_pi`` of a column of ``size`` rows, zero elsewhere."""
    import numpy as np

    values = np.zeros(size, dtype=np.int64)
    values[frame["_pi"].to_numpy()] = frame[name].to_numpy()
    return pl.Series(name, values)


def _per_source(sources: pl.Series, lineage: pl.DataFrame, derived: pl.Series) -> pl.DataFrame:
    """``source_id``, ``_source``, ``_root``, ``_origin``: one row per origin of each source.

    ``_source`` and ``_origin`` are integer codes (a source with no origin, on a cycle, has a
    null one): the group-by then counts integers, not strings. ``_root``: the source has no
    lineage parent.
    """
    coded = sources.to_frame("source_id").with_row_index("_source")
    found = origins(sources, lineage)
    origin_codes = found.select(col("origin_id").unique()).with_row_index("_origin")
    found = found.join(origin_codes, on="origin_id", how="left")
    return coded.join(found.select("source_id", "_origin"), on="source_id", how="left").select(
        "source_id", "_source", _root=~col("source_id").is_in(derived.implode()), _origin="_origin"
    )
