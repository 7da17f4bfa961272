"""What the package already holds, as ``suggest`` sees it: the suggested source itself hidden.

``suggest`` proposes claims for a source from everything else: the source's own claims, the
propositions only it states and its own lineage edges are left out, so running it on a curated
source is exactly the leave-one-out evaluation, and on a new source it sees the whole corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import polars as pl

from claimtrace.curation.tables import CurationInputError, read_table
from claimtrace.metadata import read_package
from claimtrace.texts.archive import read_archived_text

CLAIM_COLUMNS = (
    "claim_id",
    "source_id",
    "start",
    "end",
    "quote",
    "claim_text",
    "proposition_id",
    "is_furniture",
    "drift",
)


@dataclass(frozen=True)
class Corpus:
    """Sources (with their texts), claims, propositions and lineage, one source hidden.

    ``claims`` has the columns of ``CLAIM_COLUMNS`` plus ``parent_claim_id`` (null where the table
    has no such column yet), offsets as integers.
    """

    texts: dict[str, str]
    claims: pl.DataFrame
    propositions: pl.DataFrame
    lineage: pl.DataFrame
    hidden: str | None = None

    @cached_property
    def parent_candidates(self) -> list[str]:
        """Sources that can be the hidden source's parent: all but itself and its descendants."""
        below = {self.hidden} if self.hidden else set()
        edges = self.lineage.select("source_id", "parent_source_id").rows()
        grew = True
        while grew:
            new = {child for child, parent in edges if parent in below} - below
            below |= new
            grew = bool(new)
        return [sid for sid in self.texts if sid not in below]

    def claims_of(self, source_id: str) -> pl.DataFrame:
        """The claims of one source, in text order."""
        return self.claims.filter(pl.col("source_id") == source_id).sort("start", "end")


def _claims_frame(claims: pl.DataFrame) -> pl.DataFrame:
    parent = (
        pl.col("parent_claim_id")
        if "parent_claim_id" in claims.columns
        else pl.lit(None, pl.String).alias("parent_claim_id")
    )
    return claims.select(*CLAIM_COLUMNS, parent).with_columns(
        pl.col("start").cast(pl.Int64, strict=False), pl.col("end").cast(pl.Int64, strict=False)
    )


def load_corpus(package_dir: Path, hide: str | None = None) -> Corpus:
    """The corpus of the package at ``package_dir`` with source ``hide`` left out."""
    package = read_package(package_dir)
    ids = read_table(package, "sources")["source_id"].to_list()
    texts = {sid: read_archived_text(package.root, sid) for sid in ids if sid != hide}
    kept = pl.col("source_id") != hide if hide else pl.lit(True)
    claims = _claims_frame(read_table(package, "claims")).filter(kept)
    broken = claims.filter(
        pl.any_horizontal(pl.col("start", "end", "quote", "source_id").is_null())
    )
    if broken.height:
        raise CurationInputError(
            f"data/claims.csv row {broken['claim_id'][0]!r}: start and end must be integers and "
            "source_id and quote set; run claimtrace validate"
        )
    props = read_table(package, "propositions").select("proposition_id", "canonical_text")
    props = props.filter(pl.col("proposition_id").is_in(claims["proposition_id"].implode()))
    lineage = read_table(package, "lineage").filter(kept)
    return Corpus(texts, claims, props, lineage, hide)
