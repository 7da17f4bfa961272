"""The curator's draft: one row per candidate claim (and per omitted parent claim), as CSV.

The draft is written to ``data/curation/drafts/<source_id>.csv`` and never into the tables: the
curator edits it, then writes the claims rows from it. A draft that exists with other content is
never overwritten (it may hold the curator's edits).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.atomic import write_atomic
from claimtrace.metadata.paths import resolve_inside
from claimtrace.suggest.corpus import Corpus
from claimtrace.suggest.engine import Suggestion

DRAFTS_DIR = "data/curation/drafts"
COLUMNS = (
    "claim_id",
    "start",
    "end",
    "quote",
    "proposition_id",
    "proposition_score",
    "other_candidates",
    "parent_claim_id",
    "drift",
    "drift_note",
)
PRECEDENCE = (
    "value_changed",
    "date_changed",
    "attribution_changed",
    "attribution_dropped",
    "hedge_added",
    "hedge_removed",
    "detail_dropped",
    "detail_added",
    "added",
)
"""The codebook's order of consequence: a claim's proposed drift is the first of its candidates."""


class DraftExistsError(FileExistsError):
    """A draft with other content is already there."""


def draft_path(source_id: str) -> str:
    """Package-relative path of a source's draft."""
    return f"{DRAFTS_DIR}/{source_id}.csv"


def draft_frame(suggestion: Suggestion, corpus: Corpus) -> pl.DataFrame:
    """The draft rows: candidate claims in text order, then omitted parent claims."""
    by_span: dict[tuple[int, int], list] = {}
    for d in suggestion.drift:
        if d.start is not None:
            by_span.setdefault((d.start, d.end), []).append(d)
    has_parent = bool(suggestion.drift) or any(c.parent_claim_id for c in suggestion.claims)
    rows = []
    for n, c in enumerate(suggestion.claims, start=1):
        found = sorted(by_span.get((c.start, c.end), []), key=lambda d: PRECEDENCE.index(d.kind))
        if found:
            drift, note = found[0].kind, "; ".join(f"{d.kind}: {d.note}" for d in found)
        elif c.parent_claim_id:
            drift, note = "paraphrase", None
        else:
            drift, note = (None, None) if has_parent else ("original", None)
        cands = c.candidates
        rows.append(
            {
                "claim_id": f"{suggestion.source_id}.c{n:02d}",
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
                "proposition_id": cands[0]["proposition_id"] if cands else None,
                "proposition_score": cands[0]["score"] if cands else None,
                "other_candidates": "|".join(
                    f"{x['proposition_id']}:{x['score']}" for x in cands[1:]
                )
                or None,
                "parent_claim_id": c.parent_claim_id,
                "drift": drift,
                "drift_note": note,
            }
        )
    spans = {(s, e): cid for cid, s, e in corpus.claims.select("claim_id", "start", "end").rows()}
    for d in suggestion.drift:
        if d.start is None:
            rows.append(
                dict.fromkeys(COLUMNS)
                | {
                    "parent_claim_id": spans.get((d.parent_start, d.parent_end)),
                    "drift": d.kind,
                    "drift_note": d.note,
                }
            )
    schema = {c: pl.String for c in COLUMNS} | {
        "start": pl.Int64,
        "end": pl.Int64,
        "proposition_score": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)


def write_draft(package_root: Path, suggestion: Suggestion, corpus: Corpus) -> str:
    """Write the draft atomically inside the package; return its package-relative path."""
    relative = draft_path(suggestion.source_id)
    target = resolve_inside(package_root, relative)
    data = draft_frame(suggestion, corpus).write_csv(line_terminator="\n").encode("utf-8")
    if target.exists():
        if target.is_file() and target.read_bytes() == data:
            return relative
        raise DraftExistsError(
            f"{relative} exists and differs from this proposal (it may hold your edits); "
            "move it away to write a new draft"
        )
    write_atomic(target, data, overwrite=False)
    return relative
