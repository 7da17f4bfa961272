"""The whole proposal for one text: parents, candidate claims, alignment, drift and numbers."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import polars as pl

from claimtrace.suggest.alignment import (
    ALIGN_MIN,
    COVER_MIN,
    PRESENT_MIN,
    SURE_ALIGN,
    PropositionIndex,
    containment,
    coverage,
    similarity,
)
from claimtrace.suggest.corpus import Corpus
from claimtrace.suggest.drift import (
    attribution_drift,
    category_drift,
    date_drift,
    figure_drift,
    is_attribution,
)
from claimtrace.suggest.numbers import uncovered_numbers
from claimtrace.suggest.parents import features, rank_parents
from claimtrace.suggest.segmentation import ClaimSpan, candidate_spans, sentences

PARENT_MIN = 0.2
"""The best-ranked source is taken as the parent (for alignment and drift) from this score up."""
PROPOSITION_BONUS = 5.0
"""Added to a parent claim's alignment score when its proposition is a candidate of the claim."""


@dataclass(frozen=True)
class ClaimProposal:
    """A candidate claim: its span, its top proposition candidates and its parent claim."""

    start: int
    end: int
    quote: str
    candidates: list[dict]
    parent_claim_id: str | None


@dataclass(frozen=True)
class DriftProposal:
    """A drift candidate with spans in both texts (None where a side has none)."""

    kind: str
    start: int | None
    end: int | None
    quote: str | None
    parent_source_id: str | None
    parent_start: int | None
    parent_end: int | None
    parent_quote: str | None
    note: str


@dataclass(frozen=True)
class Suggestion:
    """Everything ``claimtrace suggest`` proposes for one source."""

    source_id: str
    parents: list[dict]
    claims: list[ClaimProposal]
    drift: list[DriftProposal]
    numbers: list[dict]

    def to_dict(self) -> dict:
        """The JSON object ``claimtrace suggest --json`` prints."""
        return asdict(self)


class Suggester:
    """Proposes claims and drift for texts against one corpus (indexes built once)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.index = PropositionIndex(corpus.claims, corpus.propositions)
        self._sentences: dict[str, list[tuple[int, int]]] = {}
        self._features = {s: features(corpus.texts[s]) for s in corpus.parent_candidates}
        self._rows: dict[tuple[str, str, str], np.ndarray] = {}
        self._parent_claims: dict[str, pl.DataFrame] = {}

    def _claims_of(self, source_id: str) -> pl.DataFrame:
        if source_id not in self._parent_claims:
            self._parent_claims[source_id] = self.corpus.claims_of(source_id)
        return self._parent_claims[source_id]

    def _matrix(self, kind: str, parent_id: str, quotes: list[str], choices: list[str]):
        """``similarity`` or ``containment`` of quotes to a parent's choices, rows memoised."""
        score = similarity if kind == "similarity" else containment
        new = list(dict.fromkeys(q for q in quotes if (kind, parent_id, q) not in self._rows))
        if new:
            for q, row in zip(new, score(new, choices), strict=True):
                self._rows[(kind, parent_id, q)] = row
        if not quotes:
            return np.zeros((0, len(choices)))
        return np.stack([self._rows[(kind, parent_id, q)] for q in quotes])

    def _parent_regions(self, parent_id: str, claims: pl.DataFrame) -> list[ClaimSpan]:
        if parent_id not in self._sentences:
            self._sentences[parent_id] = sentences(self.corpus.texts[parent_id])
        found = self._sentences[parent_id]
        regions = []
        for start, end in claims.select("start", "end").rows():
            inside = [(a, b) for a, b in found if a < end and b > start] or [(start, end)]
            regions.append(ClaimSpan(start, end, min(inside)[0], max(b for _, b in inside)))
        return regions

    def suggest(self, source_id: str, text: str) -> Suggestion:
        """The proposal for ``text`` (the source ``source_id``)."""
        ranked = rank_parents(text, self._features)
        spans = candidate_spans(text)
        quotes = [text[s.start : s.end] for s in spans]
        parent_ids: list[str | None] = [None] * len(spans)
        drift: list[DriftProposal] = []
        best = ranked[0] if ranked and ranked[0].score >= PARENT_MIN else None
        parent_claims = self._claims_of(best.source_id) if best else None
        prior = (
            frozenset(parent_claims["proposition_id"].drop_nulls())
            if parent_claims is not None
            else frozenset()
        )
        candidates = self.index.candidates(quotes, prior)
        if best and parent_claims is not None and parent_claims.height:
            parent_ids, drift = self._drift(best.source_id, text, spans, candidates, parent_claims)
        claims = [
            ClaimProposal(
                s.start,
                s.end,
                q,
                [
                    {"proposition_id": c.proposition_id, "score": round(c.score / 100, 3)}
                    for c in cs
                ],
                pid,
            )
            for s, q, cs, pid in zip(spans, quotes, candidates, parent_ids, strict=True)
        ]
        numbers = [
            {"source_id": source_id, **n.__dict__}
            for n in uncovered_numbers(text, [(s.start, s.end) for s in spans])
        ]
        return Suggestion(
            source_id,
            [{"source_id": p.source_id, "score": p.score} for p in ranked],
            claims,
            drift,
            numbers,
        )

    def _align(self, parent_id, quotes, candidates, parent_claims, p_regions):
        """The score matrix, the best parent claim per candidate claim and whether it aligns."""
        ptext = self.corpus.texts[parent_id]
        scores = self._matrix("similarity", parent_id, quotes, parent_claims["quote"].to_list())
        columns: dict[str, list[int]] = {}
        for j, p in enumerate(parent_claims["proposition_id"].to_list()):
            columns.setdefault(p, []).append(j)
        bonus = np.zeros(scores.shape, dtype=np.float32)
        for i, cs in enumerate(candidates):
            for c in cs:
                bonus[i, columns.get(c.proposition_id, [])] = PROPOSITION_BONUS
        scores = scores + bonus
        if not scores.size:
            return scores, np.zeros(0, dtype=int), np.zeros(0, dtype=bool)
        best, top = scores.argmax(axis=1), scores.max(axis=1)
        aligned = top >= ALIGN_MIN
        for i in np.flatnonzero(aligned & (top < SURE_ALIGN)):
            r = p_regions[int(best[i])]
            aligned[i] = coverage(quotes[i], ptext[r.sentence_start : r.sentence_end]) >= COVER_MIN
        return scores, best, aligned

    def _held_by_parent(self, parent_id: str, quotes: list[str]) -> np.ndarray:
        """Whether the parent's text holds each quote (furniture it did not record as claims)."""
        if not quotes:
            return np.zeros(0, dtype=bool)
        ptext = self.corpus.texts[parent_id]
        p_sentences = [ptext[a:b] for a, b in self._sentences[parent_id]]
        held = self._matrix("containment", parent_id, quotes, p_sentences).max(axis=1)
        return held >= PRESENT_MIN

    def _drift(self, parent_id, text, spans, candidates, parent_claims):
        """Parent claim per candidate claim, and the drift candidates along that parent."""
        ptext = self.corpus.texts[parent_id]
        p_ids = parent_claims["claim_id"].to_list()
        p_regions = self._parent_regions(parent_id, parent_claims)
        p_spans = [(r.start, r.end) for r in p_regions]
        quotes = [text[s.start : s.end] for s in spans]
        scores, best, aligned = self._align(parent_id, quotes, candidates, parent_claims, p_regions)
        unaligned = np.flatnonzero(~aligned)
        present = np.zeros(len(spans), dtype=bool)
        present[unaligned] = self._held_by_parent(parent_id, [quotes[i] for i in unaligned])
        c_spans = [(s.start, s.end) for s in spans]
        drift: list[DriftProposal] = []

        def emit(kind, i, j, note):
            s = spans[i] if i is not None else None
            r = p_regions[j] if j is not None else None
            drift.append(
                DriftProposal(
                    kind,
                    s.start if s else None,
                    s.end if s else None,
                    text[s.start : s.end] if s else None,
                    parent_id,
                    r.start if r else None,
                    r.end if r else None,
                    ptext[r.start : r.end] if r else None,
                    note,
                )
            )

        for i, s in enumerate(spans):
            if not aligned[i]:
                if not present[i]:
                    emit("added", i, None, f"no counterpart in {parent_id}")
                continue
            j = int(best[i])
            others = [x for k, x in enumerate(c_spans) if aligned[k] and best[k] != j]
            p_others = [x for x in p_spans if x != p_spans[j]]
            for kind, note in (
                figure_drift(text, s, ptext, p_regions[j])
                + category_drift(text, s, ptext, p_regions[j])
                + date_drift(text, s, ptext, p_regions[j])
                + attribution_drift(text, s, others, ptext, p_regions[j], p_others)
            ):
                emit(kind, i, j, note)
        taken = {int(best[i]) for i in np.flatnonzero(aligned)}
        col_max = scores.max(axis=0) if scores.size else np.zeros(len(p_ids))
        dropped = {(d.start, d.end) for d in drift if d.kind.startswith("attribution")}
        for j in range(len(p_ids)):
            if j in taken or col_max[j] >= SURE_ALIGN:  # taken, or clearly restated
                continue
            emit("detail_dropped", None, j, f"omitted: {p_ids[j]} has no counterpart here")
            if not is_attribution(ptext, p_regions[j]):
                continue
            for i in np.flatnonzero(aligned):  # the claims its sentence credited lose the credit
                k = int(best[i])
                same = p_regions[k].sentence_start == p_regions[j].sentence_start
                if same and (spans[i].start, spans[i].end) not in dropped:
                    note = f"the parent sentence credits it in {p_ids[j]}, which is omitted"
                    emit("attribution_dropped", int(i), k, note)
        parent_of = [p_ids[int(best[i])] if aligned[i] else None for i in range(len(spans))]
        return parent_of, drift
