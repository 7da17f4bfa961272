"""Agreement between the curated tables and a blind second annotation of the same claims.

``run`` compares two frozen files field by field: ``annotator_a.csv`` (our labels exported from the
tables before adjudication, ``export_annotation``) and ``annotator_b.csv`` (written by the second
annotator from the texts and the codebook alone). It writes ``docs/agreement.md`` and
``data/curation/agreement/disagreements.csv``. Separately it lists how the current tables differ
from ``annotator_a.csv``: the changes adjudication made.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from claimtrace.agreement.annotation import AgreementInputError, read_annotation
from claimtrace.agreement.compare import disagreements, field_agreement
from claimtrace.agreement.export import export_annotation
from claimtrace.agreement.fields import side_by_side, two_annotations
from claimtrace.agreement.kappa import Agreement, cohen_kappa
from claimtrace.agreement.output import agreement_markdown, merge_resolutions, write_outputs

ANNOTATION = Path("data/curation/agreement/annotator_b.csv")
OURS_FROZEN = Path("data/curation/agreement/annotator_a.csv")
DISAGREEMENTS = Path("data/curation/agreement/disagreements.csv")
DOC = Path("docs/agreement.md")

__all__ = [
    "Agreement",
    "AgreementInputError",
    "AgreementRun",
    "cohen_kappa",
    "export_annotation",
    "freeze_ours",
    "run",
]


@dataclass(frozen=True)
class AgreementRun:
    """Per-field results and the disagreements written."""

    results: dict[str, Agreement]
    disagreements: pl.DataFrame
    changes: pl.DataFrame


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


def freeze_ours(root: Path) -> Path:
    """Write the tables' labels to ``annotator_a.csv``; refused when it exists (it is frozen)."""
    from claimtrace.atomic import write_atomic

    path = root / OURS_FROZEN
    if path.exists():
        raise AgreementInputError(f"{OURS_FROZEN} exists: the frozen labels are never overwritten")
    claims, lineage, _, _ = _our_tables(root)
    frame = export_annotation(claims, lineage)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, frame.write_csv(line_terminator="\n").encode("utf-8"))
    return path


def run(root: Path, write: bool = True) -> AgreementRun:
    """Compare annotator A (frozen) with B; list the tables' changes since A; write if ``write``."""
    claims, lineage, actors, texts = _our_tables(root)
    ours = read_annotation(root / OURS_FROZEN, claims, str(OURS_FROZEN))
    theirs = read_annotation(root / ANNOTATION, claims, str(ANNOTATION))
    table = two_annotations(ours, theirs, claims, lineage, actors, texts)
    results = field_agreement(table)
    listed = merge_resolutions(disagreements(table), root / DISAGREEMENTS)
    changes = disagreements(side_by_side(claims, lineage, actors, texts, ours))
    changes.columns = ["claim_id", "field", "now", "frozen"]
    if write:
        page = agreement_markdown(results, claims.height, table.height, listed, changes)
        write_outputs(root / DOC, root / DISAGREEMENTS, page, listed)
    return AgreementRun(results, listed, changes)
