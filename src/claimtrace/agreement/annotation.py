"""Read and check a second annotator's blind annotation (``annotator_b.csv``)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

COLUMNS = (
    "claim_id",
    "source_id",
    "parent_source_id",
    "parent_quote",
    "drift",
    "attribution_kind",
    "attribution",
    "proposition_group",
)


class AgreementInputError(ValueError):
    """An input of the agreement computation is missing or malformed; the message says where."""


def read_annotation(path: Path, claims: pl.DataFrame, shown: str) -> pl.DataFrame:
    """The annotator's rows, every cell as text with empty cells as ""; checked against our claims.

    Refused with an AgreementInputError naming the file, row and field: a missing file or column, a
    claim_id given twice or unknown to ``claims``, a source_id that is not the claim's source.
    """
    if not path.is_file():
        raise AgreementInputError(f"{shown} does not exist: the blind annotation is not there yet")
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise AgreementInputError(f"{shown} cannot be read: {first}") from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise AgreementInputError(f"{shown} lacks the column(s) {', '.join(missing)}")
    frame = frame.select(COLUMNS).with_columns(pl.all().fill_null("").str.strip_chars())
    frame = frame.with_row_index("_row", offset=2)  # line 1 is the header
    dup = frame.filter(pl.col("claim_id").is_duplicated())
    if dup.height:
        row = dup.row(0, named=True)
        raise AgreementInputError(
            f"{shown} line {row['_row']} claim_id: {row['claim_id']!r} is annotated more than once"
        )
    ours = claims.select("claim_id", pl.col("source_id").alias("_ours"))
    known = frame.join(ours, on="claim_id", how="left")
    bad = known.filter(pl.col("_ours").is_null() | (pl.col("_ours") != pl.col("source_id")))
    if bad.height:
        row = bad.row(0, named=True)
        if row["_ours"] is None:
            why = f"claim_id: {row['claim_id']!r} is not a claim of data/claims.csv"
        else:
            why = f"source_id: {row['source_id']!r}, but the claim belongs to {row['_ours']!r}"
        raise AgreementInputError(f"{shown} line {row['_row']} {why}")
    return frame.drop("_row")
