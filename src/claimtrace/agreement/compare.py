"""Per-field agreement, pairwise proposition alignment, and the list of disagreements."""

from __future__ import annotations

import numpy as np
import polars as pl

from claimtrace.agreement.fields import FIELDS
from claimtrace.agreement.kappa import Agreement, cohen_kappa

ALIGNMENT = "proposition_alignment"


def field_agreement(table: pl.DataFrame) -> dict[str, Agreement]:
    """Cohen's kappa of every field of ``side_by_side``, plus the pairwise proposition alignment."""
    found = {f: cohen_kappa(table[f"{f}_ours"], table[f"{f}_theirs"]) for f in FIELDS}
    found[ALIGNMENT] = pair_agreement(table)
    return found


def _groups(table: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """Our proposition and the annotator's group per claim; an empty group is the claim alone."""
    theirs = (
        pl.when(pl.col("proposition_theirs") == "")
        .then(pl.lit("\x00alone:") + pl.col("claim_id"))
        .otherwise(pl.col("proposition_theirs"))
    )
    both = table.select(pl.col("proposition_ours"), theirs.alias("t"))
    return both["proposition_ours"], both["t"]


def pair_agreement(table: pl.DataFrame) -> Agreement:
    """Kappa over every pair of annotated claims of 'same proposition or not', ours vs theirs."""
    ours, theirs = (s.to_numpy().astype(str) for s in _groups(table))
    i, j = np.triu_indices(len(ours), k=1)
    same_ours = np.where(ours[i] == ours[j], "same", "different")
    same_theirs = np.where(theirs[i] == theirs[j], "same", "different")
    return cohen_kappa(same_ours, same_theirs)


def _co_claims(claim: pl.Series, group: pl.Series) -> pl.Series:
    """Per claim, the other claims in its group, sorted and joined by ' '."""
    frame = pl.DataFrame({"claim_id": claim, "g": group})
    members = frame.group_by("g").agg(pl.col("claim_id").sort().alias("m"))
    joined = frame.join(members, on="g", how="left", maintain_order="left")
    return joined.select(
        pl.col("m").list.set_difference(pl.concat_list("claim_id")).list.sort().list.join(" ")
    ).to_series()


def disagreements(table: pl.DataFrame) -> pl.DataFrame:
    """claim_id, field, ours, theirs for every field where the annotator differs from us.

    For the proposition alignment a claim disagrees when the other claims it shares a proposition
    with differ; ours and theirs then list the proposition (or group) and those claims.
    """
    per_field = [
        table.filter(pl.col(f"{f}_ours") != pl.col(f"{f}_theirs")).select(
            "claim_id",
            pl.lit(f).alias("field"),
            pl.col(f"{f}_ours").alias("ours"),
            pl.col(f"{f}_theirs").alias("theirs"),
        )
        for f in FIELDS
    ]
    ours_g, theirs_g = _groups(table)
    co = table.select("claim_id", "proposition_ours", "proposition_theirs").with_columns(
        _co_claims(table["claim_id"], ours_g).alias("co_ours"),
        _co_claims(table["claim_id"], theirs_g).alias("co_theirs"),
    )
    align = co.filter(pl.col("co_ours") != pl.col("co_theirs")).select(
        "claim_id",
        pl.lit(ALIGNMENT).alias("field"),
        (pl.col("proposition_ours") + pl.lit(" with: ") + pl.col("co_ours")).str.strip_chars(),
        (
            pl.when(pl.col("proposition_theirs") == "")
            .then(pl.lit("(no group)"))
            .otherwise(pl.col("proposition_theirs"))
            + pl.lit(" with: ")
            + pl.col("co_theirs")
        ).str.strip_chars(),
    )
    align.columns = ["claim_id", "field", "ours", "theirs"]
    order = {f: i for i, f in enumerate((*FIELDS, ALIGNMENT))}
    return (
        pl.concat([*per_field, align])
        .with_columns(pl.col("field").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
        .sort(["claim_id", "_o"])
        .drop("_o")
    )
