"""The annotator's labels next to ours, one column pair per compared field.

Every field is derived with polars joins and expressions (no loop per claim):
- ``parent_source``: the lineage parent of the claim's source ("none" for a root);
- ``has_parent``: whether the claim has a parent claim;
- ``parent_claim``: which claim of the parent source it was made from ("none" if none). The
  annotator gives the parent claim's quote; it is located in the parent text (first occurrence) and
  matched to the parent source's claim whose span overlaps it most (ties: the shorter span);
  "unmatched" when the quote is not in that text or overlaps no claim;
- ``drift``, ``attribution_kind``: the labels as given;
- ``attribution_actor``: the credited producer, the annotator's free-text name mapped to an actor id
  through actor names, aliases and ids (case and surrounding space aside); an unknown name stays
  "unmapped: <name>", a name two actors share "ambiguous: <name>".
"""

from __future__ import annotations

import polars as pl

NONE = "none"
FIELDS = (
    "parent_source",
    "has_parent",
    "parent_claim",
    "drift",
    "attribution_kind",
    "attribution_actor",
)


def _norm(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.strip_chars().str.replace_all(r"\s+", " ")


def _yes_no(expr: pl.Expr) -> pl.Expr:
    """'yes' where the cell holds text, 'no' where it is empty or null."""
    return pl.when(expr.fill_null("") != "").then(pl.lit("yes")).otherwise(pl.lit("no"))


def _or_none(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.is_null() | (expr == "")).then(pl.lit(NONE)).otherwise(expr)


def parents_of_sources(lineage: pl.DataFrame) -> pl.DataFrame:
    """source_id and its lineage parent(s) as one label, parents joined by '|' in order."""
    return lineage.group_by("source_id").agg(
        pl.col("parent_source_id").sort().str.join("|").alias("parent_source")
    )


def actor_names(actors: pl.DataFrame) -> pl.DataFrame:
    """Normalised name -> actor id label, from ids, names and '|'-separated aliases."""
    names = pl.concat(
        [
            actors.select("actor_id", pl.col("actor_id").alias("name")),
            actors.select("actor_id", "name"),
            actors.select(
                "actor_id", pl.col("aliases").fill_null("").str.split("|").alias("name")
            ).explode("name"),
        ]
    )
    names = names.with_columns(_norm(pl.col("name")).alias("key")).filter(pl.col("key") != "")
    return (
        names.unique(["key", "actor_id"])
        .group_by("key")
        .agg(pl.col("actor_id").sort().alias("ids"))
        .select("key", pl.col("ids").list.first().alias("mapped"), pl.col("ids").list.len() > 1)
        .rename({"ids": "ambiguous"})
    )


def matched_parent_claims(
    theirs: pl.DataFrame, claims: pl.DataFrame, texts: pl.DataFrame
) -> pl.DataFrame:
    """claim_id -> the parent-source claim the annotator's parent_quote overlaps most."""
    wanted = theirs.filter(pl.col("parent_quote") != "").select(
        "claim_id", "parent_quote", pl.col("parent_source").alias("psrc")
    )
    located = wanted.join(texts, left_on="psrc", right_on="source_id", how="left").with_columns(
        pl.col("text").str.find(pl.col("parent_quote"), literal=True).alias("qs")
    )
    located = located.with_columns(
        (pl.col("qs") + pl.col("parent_quote").str.len_chars()).alias("qe")
    ).select("claim_id", "psrc", "qs", "qe")
    spans = claims.select(
        pl.col("claim_id").alias("cand"), pl.col("source_id").alias("psrc"), "start", "end"
    )
    overlap = (
        located.filter(pl.col("qs").is_not_null())
        .join(spans, on="psrc", how="inner")
        .with_columns(
            (pl.min_horizontal("qe", "end") - pl.max_horizontal("qs", "start")).alias("ov"),
            (pl.col("end") - pl.col("start")).alias("len"),
        )
        .filter(pl.col("ov") > 0)
        .sort(["claim_id", "ov", "len", "cand"], descending=[False, True, False, False])
        .group_by("claim_id", maintain_order=True)
        .first()
        .select("claim_id", pl.col("cand").alias("matched"))
    )
    return (
        wanted.select("claim_id")
        .join(overlap, on="claim_id", how="left")
        .with_columns(pl.col("matched").fill_null("unmatched"))
    )


def _side(frame: pl.DataFrame, side: str, *labels: pl.Expr) -> pl.DataFrame:
    """claim_id and a label per field of FIELDS and the proposition, named ``<field>_<side>``."""
    names = (*FIELDS, "proposition")
    return frame.select(
        "claim_id", *(e.alias(f"{n}_{side}") for n, e in zip(names, labels, strict=True))
    )


def table_labels(claims: pl.DataFrame, lineage: pl.DataFrame, side: str) -> pl.DataFrame:
    """claim_id and ``<field>_<side>`` for every field, as the tables label each claim.

    ``claims`` needs claim_id, source_id, parent_claim_id, drift, attribution_kind,
    attribution_actor_id and proposition_id.
    """
    ours = claims.join(parents_of_sources(lineage), on="source_id", how="left")
    return _side(
        ours,
        side,
        _or_none(pl.col("parent_source")),
        _yes_no(pl.col("parent_claim_id")),
        _or_none(pl.col("parent_claim_id")),
        pl.col("drift"),
        pl.col("attribution_kind"),
        _or_none(pl.col("attribution_actor_id")),
        pl.col("proposition_id"),
    )


def annotation_labels(
    annotation: pl.DataFrame,
    claims: pl.DataFrame,
    lineage: pl.DataFrame,
    actors: pl.DataFrame,
    texts: pl.DataFrame,
    side: str,
) -> pl.DataFrame:
    """claim_id and ``<field>_<side>`` for every field, as an annotation labels each claim.

    ``claims`` needs claim_id, source_id, start and end (integers): the spans the parent quotes are
    matched to; ``texts`` source_id and text.
    """
    parents = parents_of_sources(lineage)
    # where the annotator gives a parent quote but no parent source, search our lineage parent
    theirs = annotation.join(
        claims.select("claim_id", "source_id")
        .join(parents, on="source_id", how="left")
        .select("claim_id", pl.col("parent_source").alias("_lineage")),
        on="claim_id",
        how="left",
    ).with_columns(
        pl.when(pl.col("parent_source_id") != "")
        .then(pl.col("parent_source_id"))
        .otherwise(pl.col("_lineage").str.split("|").list.first())
        .alias("parent_source")
    )
    matched = matched_parent_claims(theirs, claims, texts)
    names = actor_names(actors)
    theirs = (
        theirs.join(matched, on="claim_id", how="left")
        .with_columns(_norm(pl.col("attribution")).alias("key"))
        .join(names, on="key", how="left")
    )
    mapped = (
        pl.when(pl.col("attribution") == "")
        .then(pl.lit(NONE))
        .when(pl.col("mapped").is_null())
        .then(pl.lit("unmapped: ") + pl.col("attribution"))
        .when(pl.col("ambiguous"))
        .then(pl.lit("ambiguous: ") + pl.col("attribution"))
        .otherwise(pl.col("mapped"))
    )
    return _side(
        theirs,
        side,
        _or_none(pl.col("parent_source_id")),
        _yes_no(pl.col("parent_quote")),
        _or_none(pl.col("matched")),
        pl.col("drift"),
        pl.col("attribution_kind"),
        mapped,
        pl.col("proposition_group"),
    )


def side_by_side(
    claims: pl.DataFrame,
    lineage: pl.DataFrame,
    actors: pl.DataFrame,
    texts: pl.DataFrame,
    theirs: pl.DataFrame,
) -> pl.DataFrame:
    """One row per annotated claim: the tables' labels ``_ours``, the annotation's ``_theirs``."""
    ours = table_labels(claims, lineage, "ours")
    labelled = annotation_labels(theirs, claims, lineage, actors, texts, "theirs")
    return ours.join(labelled, on="claim_id", how="inner").sort("claim_id")


def two_annotations(
    first: pl.DataFrame,
    second: pl.DataFrame,
    claims: pl.DataFrame,
    lineage: pl.DataFrame,
    actors: pl.DataFrame,
    texts: pl.DataFrame,
) -> pl.DataFrame:
    """One row per claim both annotated: ``first``'s labels ``_ours``, ``second``'s ``_theirs``."""
    a = annotation_labels(first, claims, lineage, actors, texts, "ours")
    b = annotation_labels(second, claims, lineage, actors, texts, "theirs")
    return a.join(b, on="claim_id", how="inner").sort("claim_id")
