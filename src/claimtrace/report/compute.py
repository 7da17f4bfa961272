"""The drift report's data, computed from the typed tables with vectorised joins and group-bys."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from claimtrace.report.lineage import ancestors, source_order
from claimtrace.report.load import ReportTables

STATUS_ORDER = ("conflicting", "unsupported", "corroborated", "echoed", "single_source")
"""The order the report shows propositions in: conflicts first, then invented statements."""
VALUE_DRIFTS = ("value_changed", "date_changed")
OMITTED = "omitted"
"""Drift label of a source silent on a proposition that a source it derives from states."""
SILENT = "silent"
"""Label of a source silent on a value that a source derived from it states (an invented value)."""
NOT_CLAIMS = (OMITTED, SILENT)
"""Labels of report rows that stand for a silence, not for a claim."""


@dataclass(frozen=True)
class Report:
    """Everything the report shows, as frames in display order."""

    sources: pl.DataFrame
    """One row per source in lineage order, with its claim and drift counts."""
    drift_counts: pl.DataFrame
    """source_id, drift, claims: claims per source and drift label (omissions included)."""
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
    """One row per claim with its source's kind and position, attribution name and original."""
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
    original_values = claims.select(
        original_claim_id="claim_id", original_value="proposition_value"
    ).unique("original_claim_id", keep="first", maintain_order=True)
    return (
        claims.join(
            order.select("source_id", "source_kind", "position"), on="source_id", how="left"
        )
        .join(props, on="proposition_id", how="left")
        .join(original_values, on="original_claim_id", how="left")
        .join(names, on="attribution_actor_id", how="left")
        .select(
            "proposition_id",
            "source_id",
            "source_kind",
            "position",
            "claim_id",
            "start",
            value="proposition_value",
            differs_from_original=pl.col("proposition_value").is_not_null()
            & pl.col("original_value").is_not_null()
            & (pl.col("proposition_value") != pl.col("original_value")),
            quote="quote",
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
        order.select("source_id", "source_kind", "position"), on="source_id", how="left"
    ).select(
        "proposition_id",
        "source_id",
        "source_kind",
        "position",
        claim_id=pl.lit(None, pl.String),
        start=pl.lit(None, pl.Int64),
        value=pl.lit(None, pl.String),
        differs_from_original=pl.lit(False),
        quote=pl.lit(None, pl.String),
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

    The other side of an invented value: the effective date only a rewrite gives is a
    conflict with its parent's silence, so the parent gets a row that says so.
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
        "states no value, though {}, derived from it, states one",
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
                "claim_id",
                "value",
                "differs_from_original",
                "quote",
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
        .sort(status_rank, "position", "start", "proposition_id", nulls_last=True)
        .select(
            "proposition_id",
            "canonical_text",
            "topic",
            "status",
            "disputed_aspect",
            "original_claim_id",
            "values",
            "rows",
        )
    )


def _source_summary(order: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Per source: claims, value or date changes, attributions dropped, added claims, omissions."""
    drift = pl.col("drift")
    counts = rows.group_by("source_id").agg(
        claims=drift.is_in(NOT_CLAIMS).not_().fill_null(True).sum(),
        value_or_date_changes=drift.is_in(VALUE_DRIFTS).sum(),
        attributions_dropped=(drift == "attribution_dropped").sum(),
        added_claims=(drift == "added").sum(),
        omissions=(drift == OMITTED).sum(),
    )
    count_cols = [
        "claims",
        "value_or_date_changes",
        "attributions_dropped",
        "added_claims",
        "omissions",
    ]
    return (
        order.join(counts, on="source_id", how="left")
        .with_columns(pl.col(count_cols).fill_null(0).cast(pl.Int64))
        .sort("position")
        .select("source_id", "title", "source_kind", "parent_source_id", *count_cols)
    )


def build_report(tables: ReportTables) -> Report:
    """Compute the drift report from the typed tables."""
    sources, lineage = tables.frames["sources"], tables.frames["lineage"]
    order = source_order(sources, lineage)
    claim_rows = _claim_rows(tables, order)
    rows = pl.concat(
        [
            claim_rows,
            _omitted_rows(claim_rows, lineage, order),
            _silent_rows(claim_rows, lineage, order),
        ]
    )
    labels = (*tables.schemas["claims"].field("drift").enum, OMITTED)
    drift_counts = (
        rows.filter(pl.col("drift").ne_missing(SILENT))
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
        sources=_source_summary(order, rows),
        drift_counts=drift_counts,
        drift_labels=labels,
        status_counts=status_counts,
        lineage=edges,
        propositions=_propositions(tables, rows, _values(claim_rows), order),
        problems=tables.problems,
    )
