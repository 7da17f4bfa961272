"""The drift report's data, computed from the typed tables with vectorised joins and group-bys.

Statuses, source and origin counts are the propositions table's own (computed by ``claimtrace
derive`` and checked by the validator); drift is shown against each claim's parent claim, and the
per-source change counts cover derived sources only (a root source's claims are not changes).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from claimtrace.report.lineage import ancestors, source_order
from claimtrace.report.load import ReportTables
from claimtrace.semantics import origins

STATUS_ORDER = ("conflicting", "unsupported", "corroborated", "echoed", "single_source")
"""The order the report shows propositions in: conflicts first, then invented statements."""
VALUE_DRIFTS = ("value_changed", "date_changed")
OMITTED = "omitted"
"""Drift label of a source silent on a proposition that a source it derives from states."""
SILENT = "unsupported"
"""Label of a source silent on a value that a source derived from it states: the copy's value is
unsupported by the report it was made from."""
NOT_CLAIMS = (OMITTED, SILENT)
"""Labels of report rows that stand for a silence, not for a claim."""
INVERSE_RELATIONS = {"supports": "supported_by"}
"""A directed relation read from its other end; contradicts and same_quantity are symmetric."""


@dataclass(frozen=True)
class Report:
    """Everything the report shows, as frames in display order."""

    sources: pl.DataFrame
    """One row per source in lineage order: origins, claims, change counts (derived only)."""
    drift_counts: pl.DataFrame
    """source_id, drift, claims: claims per derived source and drift label (omissions included)."""
    drift_labels: tuple[str, ...]
    """Drift labels in the claims schema's order, then ``omitted``."""
    status_counts: pl.DataFrame
    """status, propositions: one row per status in STATUS_ORDER."""
    lineage: pl.DataFrame
    """The derivation edges, in source order."""
    propositions: pl.DataFrame
    """One row per proposition in display order, with nested ``values`` and ``rows``."""
    problems: pl.DataFrame
    """What was found wrong while reading (PROBLEM_SCHEMA)."""


def _claim_rows(tables: ReportTables, order: pl.DataFrame) -> pl.DataFrame:
    """One row per claim: its source's kind and position, attribution name and parent claim.

    ``differs_from_parent``: the claim states a value that its parent claim does not (another
    value, or none).
    """
    claims = tables.frames["claims"]
    # A repeated key (an invalid package) must not multiply the claims joined to it.
    props = (
        tables.frames["propositions"]
        .select("proposition_id", "original_claim_id")
        .unique("proposition_id", keep="first", maintain_order=True)
    )
    names = (
        tables.frames["actors"]
        .select(attribution_actor_id="actor_id", attribution_name="name")
        .unique("attribution_actor_id", keep="first", maintain_order=True)
    )
    parent_values = claims.select(
        parent_claim_id="claim_id", parent_value="proposition_value"
    ).unique("parent_claim_id", keep="first", maintain_order=True)
    return (
        claims.join(
            order.select("source_id", "source_kind", "position", "is_origin"),
            on="source_id",
            how="left",
        )
        .join(props, on="proposition_id", how="left")
        .join(parent_values, on="parent_claim_id", how="left")
        .join(names, on="attribution_actor_id", how="left")
        .select(
            "proposition_id",
            "source_id",
            "source_kind",
            "is_origin",
            "position",
            "claim_id",
            "start",
            value="proposition_value",
            parent_claim_id="parent_claim_id",
            differs_from_parent=pl.col("parent_claim_id").is_not_null()
            & pl.col("proposition_value").is_not_null()
            & pl.col("proposition_value").ne_missing(pl.col("parent_value")),
            quote="quote",
            is_headline="is_headline",
            is_furniture="is_furniture",
            attribution_kind="attribution_kind",
            attribution_actor_id="attribution_actor_id",
            attribution_name=pl.coalesce("attribution_name", "attribution_actor_id"),
            drift="drift",
            drift_note="drift_note",
            is_original=(pl.col("claim_id") == pl.col("original_claim_id")).fill_null(False),
        )
    )


def _omitted_rows(
    claim_rows: pl.DataFrame, lineage: pl.DataFrame, order: pl.DataFrame
) -> pl.DataFrame:
    """Sources silent on a proposition although a source they derive from states it."""
    stating = claim_rows.select("proposition_id", "source_id").unique()
    # Page furniture (a photo caption) is not article content a rewrite is expected to carry.
    content = claim_rows.filter(pl.col("is_furniture").not_().fill_null(True))
    inherited = (
        content.select("proposition_id", ancestor_id="source_id")
        .unique()
        .join(ancestors(lineage), on="ancestor_id")
        .join(stating, on=["proposition_id", "source_id"], how="anti")
        .join(order.select(ancestor_id="source_id", ancestor_position="position"), on="ancestor_id")
        .sort("ancestor_position", "ancestor_id")
        .group_by("proposition_id", "source_id", maintain_order=True)
        .agg(pl.col("ancestor_id").unique(maintain_order=True))
    )
    note = pl.format(
        "silent, though it derives from {}, which states it",
        pl.col("ancestor_id").list.join(" and "),
    )
    return _silence_rows(inherited, order, OMITTED, note)


def _silence_rows(
    silent: pl.DataFrame, order: pl.DataFrame, drift: str, note: pl.Expr
) -> pl.DataFrame:
    """Rows in the claim rows' shape for (proposition_id, source_id) pairs that have no claim."""
    return silent.join(
        order.select("source_id", "source_kind", "position", "is_origin"),
        on="source_id",
        how="left",
    ).select(
        "proposition_id",
        "source_id",
        "source_kind",
        "is_origin",
        "position",
        claim_id=pl.lit(None, pl.String),
        start=pl.lit(None, pl.Int64),
        value=pl.lit(None, pl.String),
        parent_claim_id=pl.lit(None, pl.String),
        differs_from_parent=pl.lit(False),
        quote=pl.lit(None, pl.String),
        is_headline=pl.lit(False),
        is_furniture=pl.lit(False),
        attribution_kind=pl.lit(None, pl.String),
        attribution_actor_id=pl.lit(None, pl.String),
        attribution_name=pl.lit(None, pl.String),
        drift=pl.lit(drift),
        drift_note=note,
        is_original=pl.lit(False),
    )


def _silent_rows(
    claim_rows: pl.DataFrame, lineage: pl.DataFrame, order: pl.DataFrame
) -> pl.DataFrame:
    """Sources silent on a proposition whose value a source derived from them states.

    The other side of an invented value: a date only a rewrite gives is unsupported by the
    report it was made from, so that report gets a row that says so.
    """
    stating = claim_rows.select("proposition_id", source_id="source_id").unique()
    valued = claim_rows.filter(pl.col("value").is_not_null())
    silent = (
        valued.select("proposition_id", descendant_id="source_id")
        .unique()
        .join(
            ancestors(lineage).select(descendant_id="source_id", source_id="ancestor_id"),
            on="descendant_id",
        )
        .join(stating, on=["proposition_id", "source_id"], how="anti")
        .join(order.select(descendant_id="source_id", descendant_position="position"),
              on="descendant_id")
        .sort("descendant_position", "descendant_id")
        .group_by("proposition_id", "source_id", maintain_order=True)
        .agg(pl.col("descendant_id").unique(maintain_order=True))
    )  # fmt: skip
    note = pl.format(
        "states no value, though {}, derived from it, states one: that value is unsupported",
        pl.col("descendant_id").list.join(" and "),
    )
    return _silence_rows(silent, order, SILENT, note)


def _values(claim_rows: pl.DataFrame) -> pl.DataFrame:
    """The distinct values per proposition, each with the claims and sources that state it."""
    return (
        claim_rows.filter(pl.col("value").is_not_null())
        .sort("position", "start", "claim_id", nulls_last=True)
        .group_by("proposition_id", "value", maintain_order=True)
        .agg(
            claim_ids=pl.col("claim_id"),
            source_ids=pl.col("source_id").unique(maintain_order=True),
            first=pl.col("is_original").any().not_(),
            position=pl.col("position").min(),
        )
        .sort("proposition_id", "first", "position", "value", nulls_last=True)
        .group_by("proposition_id", maintain_order=True)
        .agg(values=pl.struct("value", "claim_ids", "source_ids"))
    )


def _relations(relations: pl.DataFrame) -> pl.DataFrame:
    """proposition_id and its relations (relation, other_id, note), read from either end."""
    rel = relations.drop_nulls(["proposition_id", "related_proposition_id"])
    forward = rel.select(
        "proposition_id", "relation", other_id="related_proposition_id", note="note"
    )
    backward = rel.select(
        proposition_id="related_proposition_id",
        relation=pl.col("relation").replace(INVERSE_RELATIONS),
        other_id="proposition_id",
        note="note",
    )
    return (
        pl.concat([forward, backward])
        .unique()
        .sort("proposition_id", "relation", "other_id", nulls_last=True)
        .group_by("proposition_id", maintain_order=True)
        .agg(relations=pl.struct("relation", "other_id", "note"))
    )


def _propositions(
    tables: ReportTables, rows: pl.DataFrame, values: pl.DataFrame, order: pl.DataFrame
) -> pl.DataFrame:
    """Propositions in display order (status, then where the original claim stands), nested."""
    claims = (
        tables.frames["claims"]
        .select(original_claim_id="claim_id", source_id="source_id", start="start")
        .unique("original_claim_id", keep="first", maintain_order=True)
    )
    nested_rows = (
        rows.sort(
            "proposition_id",
            "is_original",
            "position",
            "start",
            "claim_id",
            "source_id",
            descending=[False, True, False, False, False, False],
            nulls_last=True,
        )
        .group_by("proposition_id", maintain_order=True)
        .agg(
            rows=pl.struct(
                "source_id",
                "source_kind",
                "is_origin",
                "claim_id",
                "value",
                "parent_claim_id",
                "differs_from_parent",
                "quote",
                "is_headline",
                "is_furniture",
                "attribution_kind",
                "attribution_actor_id",
                "attribution_name",
                "drift",
                "drift_note",
            )
        )
    )
    status_rank = pl.col("status").replace_strict(
        {s: i for i, s in enumerate(STATUS_ORDER)}, default=len(STATUS_ORDER), return_dtype=pl.Int64
    )
    return (
        tables.frames["propositions"]
        .join(claims, on="original_claim_id", how="left")
        .join(order.select("source_id", "position"), on="source_id", how="left")
        .join(values, on="proposition_id", how="left")
        .join(nested_rows, on="proposition_id", how="left")
        .join(_relations(tables.frames["proposition_relations"]), on="proposition_id", how="left")
        .sort(status_rank, "position", "start", "proposition_id", nulls_last=True)
        .select(
            "proposition_id",
            "canonical_text",
            "topic",
            "status",
            "source_count",
            "origin_count",
            "altered_copy_count",
            "disputed_aspect",
            "value_kind",
            "original_claim_id",
            "values",
            "relations",
            "rows",
        )
    )


CHANGE_COUNTS = ("value_or_date_changes", "attributions_dropped", "added_claims", "omissions")
"""Per-source counts of changes made to a parent: null for a source with no parent."""


def _source_summary(
    order: pl.DataFrame, rows: pl.DataFrame, source_origins: pl.DataFrame
) -> pl.DataFrame:
    """Per source: its origins and claims, and for a derived source its changes.

    Changes are value or date changes, attributions dropped, added claims and omissions; they are
    null for a root source, whose claims change nothing.
    """
    drift = pl.col("drift")
    counts = rows.group_by("source_id").agg(
        claims=drift.is_in(NOT_CLAIMS).not_().fill_null(True).sum(),
        value_or_date_changes=drift.is_in(VALUE_DRIFTS).sum(),
        attributions_dropped=(drift == "attribution_dropped").sum(),
        added_claims=(drift == "added").sum(),
        omissions=(drift == OMITTED).sum(),
    )
    return (
        order.join(counts, on="source_id", how="left")
        .join(source_origins, on="source_id", how="left")
        .with_columns(
            pl.col("claims").fill_null(0).cast(pl.Int64),
            *(
                pl.when(pl.col("is_origin").not_())
                .then(pl.col(c).fill_null(0).cast(pl.Int64))
                .alias(c)
                for c in CHANGE_COUNTS
            ),
        )
        .sort("position")
        .select(
            "source_id",
            "title",
            "source_kind",
            "parent_source_id",
            "origin_ids",
            "claims",
            *CHANGE_COUNTS,
        )
    )


def _origins(order: pl.DataFrame, lineage: pl.DataFrame) -> pl.DataFrame:
    """source_id and origin_ids, the lineage roots it descends from (itself for a root), sorted."""
    return (
        origins(order["source_id"], lineage)
        .group_by("source_id")
        .agg(origin_ids=pl.col("origin_id").unique().sort())
    )


def build_report(tables: ReportTables) -> Report:
    """Compute the drift report from the typed tables."""
    sources, lineage = tables.frames["sources"], tables.frames["lineage"]
    order = source_order(sources, lineage).with_columns(
        is_origin=pl.col("parent_source_id").is_null()
    )
    source_origins = _origins(order, lineage)
    claim_rows = _claim_rows(tables, order)
    rows = pl.concat(
        [
            claim_rows,
            _omitted_rows(claim_rows, lineage, order),
            _silent_rows(claim_rows, lineage, order),
        ]
    )
    labels = (*tables.schemas["claims"].field("drift").enum, OMITTED)
    derived = order.filter(pl.col("is_origin").not_()).select("source_id")
    drift_counts = (
        rows.filter(pl.col("drift").ne_missing(SILENT))
        .join(derived, on="source_id", how="semi")
        .group_by("source_id", "drift")
        .agg(claims=pl.len().cast(pl.Int64))
        .join(order.select("source_id", "position"), on="source_id", how="left")
        .with_columns(
            label=pl.col("drift").replace_strict(
                {d: i for i, d in enumerate(labels)}, default=len(labels), return_dtype=pl.Int64
            )
        )
        .sort("position", "label", "drift", nulls_last=True)
        .select("source_id", "drift", "claims")
    )
    statuses = tables.frames["propositions"].group_by("status").agg(propositions=pl.len())
    status_counts = (
        pl.DataFrame({"status": STATUS_ORDER})
        .join(statuses, on="status", how="left")
        .with_columns(pl.col("propositions").fill_null(0).cast(pl.Int64))
    )
    edges = (
        lineage.join(order.select("source_id", "position"), on="source_id", how="left")
        .sort("position", "parent_source_id", "relation", nulls_last=True)
        .select("source_id", "parent_source_id", "relation", "confidence", "evidence")
    )
    return Report(
        sources=_source_summary(order, rows, source_origins),
        drift_counts=drift_counts,
        drift_labels=labels,
        status_counts=status_counts,
        lineage=edges,
        propositions=_propositions(tables, rows, _values(claim_rows), order),
        problems=tables.problems,
    )
