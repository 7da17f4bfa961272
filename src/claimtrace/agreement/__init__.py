"""Agreement between the curated tables and a blind second annotation of the same claims.

``run`` reads ``data/curation/agreement/annotator_b.csv`` (written by the second annotator from the
texts and the codebook alone), compares it field by field with the tables, and writes
``docs/agreement.md`` and ``data/curation/agreement/disagreements.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from claimtrace.agreement.annotation import AgreementInputError, read_annotation
from claimtrace.agreement.compare import disagreements, field_agreement
from claimtrace.agreement.fields import side_by_side
from claimtrace.agreement.kappa import Agreement, cohen_kappa
from claimtrace.agreement.output import agreement_markdown, merge_resolutions, write_outputs

ANNOTATION = Path("data/curation/agreement/annotator_b.csv")
DISAGREEMENTS = Path("data/curation/agreement/disagreements.csv")
DOC = Path("docs/agreement.md")

__all__ = ["Agreement", "AgreementInputError", "AgreementRun", "cohen_kappa", "run"]


@dataclass(frozen=True)
class AgreementRun:
    """Per-field results and the disagreements written."""

    results: dict[str, Agreement]
    disagreements: pl.DataFrame


def _our_tables(root: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Claims (offsets as integers), lineage, actors and the archived texts of the package."""
    from claimtrace.curation.tables import CurationInputError, read_table
    from claimtrace.metadata import read_package
    from claimtrace.texts.archive import read_archived_text

    try:
        package = read_package(root)
        claims, lineage, actors, sources = (
            read_table(package, name) for name in ("claims", "lineage", "actors", "sources")
        )
        texts = pl.DataFrame(
            {
                "source_id": sources["source_id"],
                "text": [read_archived_text(package.root, s) for s in sources["source_id"]],
            }
        )
    except (CurationInputError, OSError, ValueError) as exc:
        raise AgreementInputError(str(exc)) from None
    claims = claims.with_columns(pl.col("start", "end").cast(pl.Int64))
    return claims, lineage, actors, texts


def run(root: Path, write: bool = True) -> AgreementRun:
    """Compare the annotation with the package at ``root``; write both outputs if ``write``."""
    claims, lineage, actors, texts = _our_tables(root)
    theirs = read_annotation(root / ANNOTATION, claims, str(ANNOTATION))
    table = side_by_side(claims, lineage, actors, texts, theirs)
    results = field_agreement(table)
    listed = merge_resolutions(disagreements(table), root / DISAGREEMENTS)
    if write:
        page = agreement_markdown(results, claims.height, table.height, listed)
        write_outputs(root / DOC, root / DISAGREEMENTS, page, listed)
    return AgreementRun(results, listed)
