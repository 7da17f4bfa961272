"""Leave-one-out evaluation: hide a source's claims, suggest on its text, score against them.

Gold is the curated tables. A predicted span matches a gold span when they share at least half of
the shorter one (``overlaps``). Figures reported (all in [0, 1] except counts):

- ``parent_top1``: the best-ranked parent is the source's lineage parent;
- ``proposition_top1_precision``: of the candidate claims that match a gold claim whose
  proposition the rest of the corpus holds, the share whose top candidate is one of those
  propositions; ``proposition_top3_recall``: of those gold claims, the share matched by a
  candidate claim with the proposition among its top 3;
- ``parent_claim_accuracy``: of the gold claims with a ``parent_claim_id`` matched by a candidate
  claim, the share whose candidate names that parent claim (only when the table has the field);
- drift, per gold kind: ``recall`` (a candidate of the same kind matches the gold claim) and
  ``flagged`` (a candidate of any kind does); omitted parent claims are the kind ``omitted``;
- ``false_alarms``: drift candidates that match no gold drift (a claim whose drift is not
  original, verbatim or paraphrase, or an omitted parent claim), and their share of all candidates.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.curation.tables import read_table
from claimtrace.metadata import read_package
from claimtrace.suggest.corpus import load_corpus
from claimtrace.suggest.engine import Suggester, Suggestion
from claimtrace.texts.archive import read_archived_text

UNCHANGED = ("original", "verbatim", "paraphrase")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans share at least half of the shorter one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared * 2 >= min(a[1] - a[0], b[1] - b[0])


def _ratio(hit: int, total: int) -> float | None:
    return round(hit / total, 3) if total else None


def gold_drift(
    claims: pl.DataFrame, source_id: str, parent_id: str | None
) -> list[tuple[str, tuple[int, int] | str]]:
    """(kind, span) per gold drift of ``source_id``; ("omitted", parent claim id) per omission."""
    own = claims.filter(pl.col("source_id") == source_id)
    items: list[tuple[str, tuple[int, int] | str]] = [
        (kind, (int(a), int(b)))
        for kind, a, b in own.filter(~pl.col("drift").is_in(UNCHANGED))
        .select("drift", "start", "end")
        .rows()
    ]
    if parent_id:
        parents = claims.filter(pl.col("source_id") == parent_id)
        if own["parent_claim_id"].is_not_null().any():
            kept = parents["claim_id"].is_in(own["parent_claim_id"].drop_nulls().implode())
        else:  # tables before parent_claim_id: a parent claim is kept when its proposition is
            kept = parents["proposition_id"].is_in(own["proposition_id"].implode())
        items += [("omitted", cid) for cid in parents.filter(~kept)["claim_id"]]
    return items


def score(suggestion: Suggestion, claims: pl.DataFrame, parent_id: str | None) -> dict:
    """The figures of the module docstring for one suggestion against the gold ``claims``."""
    sid = suggestion.source_id
    gold = claims.filter(pl.col("source_id") == sid).to_dicts()
    visible = set(claims.filter(pl.col("source_id") != sid)["proposition_id"])
    predicted = suggestion.claims
    spans = [(c.start, c.end) for c in predicted]
    top1_hit = top1_n = 0
    for c, span in zip(predicted, spans, strict=True):
        props = {
            g["proposition_id"] for g in gold if overlaps(span, (int(g["start"]), int(g["end"])))
        }
        props &= visible
        if props and c.candidates:
            top1_n += 1
            top1_hit += c.candidates[0]["proposition_id"] in props
    top3_hit = top3_n = pc_hit = pc_n = 0
    for g in gold:
        g_span = (int(g["start"]), int(g["end"]))
        matching = [c for c, span in zip(predicted, spans, strict=True) if overlaps(span, g_span)]
        if g["proposition_id"] in visible:
            top3_n += 1
            top3_hit += any(
                g["proposition_id"] in {x["proposition_id"] for x in c.candidates} for c in matching
            )
        if g.get("parent_claim_id") and matching:
            pc_n += 1
            pc_hit += any(c.parent_claim_id == g["parent_claim_id"] for c in matching)
    drift = _score_drift(suggestion, gold_drift(claims, sid, parent_id), claims)
    return {
        "source_id": sid,
        "parent": parent_id,
        "parent_top1": bool(suggestion.parents and suggestion.parents[0]["source_id"] == parent_id),
        "candidate_claims": len(predicted),
        "gold_claims": len(gold),
        "proposition_top1_precision": _ratio(top1_hit, top1_n),
        "proposition_top1_n": top1_n,
        "proposition_top3_recall": _ratio(top3_hit, top3_n),
        "proposition_top3_n": top3_n,
        "parent_claim_accuracy": _ratio(pc_hit, pc_n),
        "parent_claim_n": pc_n,
        **drift,
    }


def _score_drift(suggestion: Suggestion, gold, claims: pl.DataFrame) -> dict:
    spans = {
        cid: (int(a), int(b)) for cid, a, b in claims.select("claim_id", "start", "end").rows()
    }
    by_kind: dict[str, dict[str, int]] = {}
    for kind, where in gold:
        row = by_kind.setdefault(kind, {"gold": 0, "recalled": 0, "flagged": 0})
        row["gold"] += 1
        if isinstance(where, str):  # an omitted parent claim
            hit = [
                d
                for d in suggestion.drift
                if d.start is None and (d.parent_start, d.parent_end) == spans[where]
            ]
            row["flagged"] += bool(hit)
            row["recalled"] += bool(hit)
            continue
        hit = [
            d for d in suggestion.drift if d.start is not None and overlaps((d.start, d.end), where)
        ]
        row["flagged"] += bool(hit)
        row["recalled"] += any(d.kind == kind for d in hit)
    omitted = {spans[w] for k, w in gold if isinstance(w, str)}
    gold_spans = [w for _, w in gold if not isinstance(w, str)]
    false = [
        d
        for d in suggestion.drift
        if (d.start is None and (d.parent_start, d.parent_end) not in omitted)
        or (d.start is not None and not any(overlaps((d.start, d.end), w) for w in gold_spans))
    ]
    return {
        "drift": {
            k: {**v, "recall": _ratio(v["recalled"], v["gold"])} for k, v in sorted(by_kind.items())
        },
        "drift_candidates": len(suggestion.drift),
        "false_alarms": len(false),
        "false_alarm_rate": _ratio(len(false), len(suggestion.drift)),
        "false_alarm_quotes": [f"{d.kind}: {d.quote or d.parent_quote}"[:100] for d in false],
    }


def leave_one_out(package_dir: Path, source_id: str) -> dict:
    """Suggest on ``source_id`` with its claims hidden and score it against them."""
    package = read_package(package_dir)
    claims = load_corpus(package_dir).claims
    lineage = read_table(package, "lineage").filter(pl.col("source_id") == source_id)
    parent_id = lineage["parent_source_id"][0] if lineage.height else None
    suggestion = Suggester(load_corpus(package_dir, hide=source_id)).suggest(
        source_id, read_archived_text(package.root, source_id)
    )
    return score(suggestion, claims, parent_id)
