"""Align candidate claims with what the corpus holds: proposition candidates and parent claims.

Similarity is rapidfuzz's, computed as whole matrices (``process.cdist``, C code, no Python loop
per pair): the mean of ``token_set_ratio`` (shared words, whatever their order and whatever the
longer text adds) and ``ratio`` (edit similarity, which penalises what one text adds). The first
alone ranks any short phrase contained in a long claim as a perfect match; the second alone misses
reordered paraphrases; their mean was the best of the scorers we measured (docs/suggest.md).
rapidfuzz is chosen for being fast, maintained and deterministic, with no model to download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import polars as pl

from claimtrace.suggest.words import STOPWORDS

TOP = 3
ALIGN_MIN = 60.0
"""A candidate claim is aligned with a parent claim scoring at least this (0 to 100)."""
PRIOR_BONUS = 5.0
"""Ranking bonus of a proposition the best parent states (scores shown stay unchanged)."""
SURE_ALIGN = 70.0
"""Below this score an alignment also needs ``COVER_MIN`` of the claim's content words."""
COVER_MIN = 0.3
"""Share of a weakly aligned claim's content words its parent sentence must hold."""
PRESENT_MIN = 90.0
"""A candidate claim whose words the parent's text holds this closely (partial match) is not new."""


def content_words(text: str) -> frozenset[str]:
    """Words that carry content, crudely stemmed (suffixes -ing, -ed, -es, -s, possessive)."""
    words = set()
    for word in re.findall(r"[\w’']+", text.lower().replace("’", "'")):
        if word in STOPWORDS:
            continue
        word = re.sub(r"'s$", "", word)
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        words.add(word)
    return frozenset(words)


def coverage(text: str, context: str) -> float:
    """The share of ``text``'s content words that ``context`` also has (1.0 for no words)."""
    words = content_words(text)
    return len(words & content_words(context)) / len(words) if words else 1.0


@dataclass(frozen=True)
class Candidate:
    """A proposition a candidate claim may state, and its similarity score (0 to 100)."""

    proposition_id: str
    score: float


def similarity(queries: list[str], choices: list[str]) -> np.ndarray:
    """The similarity matrix (len(queries) x len(choices)) of the module docstring."""
    from rapidfuzz import fuzz, process, utils

    if not queries or not choices:
        return np.zeros((len(queries), len(choices)))
    kw = {"processor": utils.default_process, "workers": 1, "dtype": np.float32}
    token_set = process.cdist(queries, choices, scorer=fuzz.token_set_ratio, **kw)
    edit = process.cdist(queries, choices, scorer=fuzz.ratio, **kw)
    return (token_set + edit) / 2


def containment(queries: list[str], choices: list[str]) -> np.ndarray:
    """How closely each query occurs inside each choice (rapidfuzz ``partial_ratio``)."""
    from rapidfuzz import fuzz, process, utils

    if not queries or not choices:
        return np.zeros((len(queries), len(choices)))
    return process.cdist(
        queries, choices, scorer=fuzz.partial_ratio, processor=utils.default_process, workers=1
    )


class PropositionIndex:
    """The texts that stand for each proposition: canonical text, claim quotes, claim texts."""

    def __init__(self, claims: pl.DataFrame, propositions: pl.DataFrame) -> None:
        texts = pl.concat(
            [
                claims.select("proposition_id", text=pl.col("quote")),
                claims.select("proposition_id", text=pl.col("claim_text")),
                propositions.select("proposition_id", text=pl.col("canonical_text")),
            ]
        ).drop_nulls()
        texts = texts.sort("proposition_id", maintain_order=True)
        self.texts: list[str] = texts["text"].to_list()
        ids = texts["proposition_id"]
        self.ids: list[str] = ids.unique(maintain_order=True).to_list()
        starts = ids.ne(ids.shift(1)).fill_null(True).arg_true().to_numpy()
        self._starts = starts
        self._memo: dict[str, np.ndarray] = {}

    def candidates(
        self, quotes: list[str], prior: frozenset[str] = frozenset(), top: int = TOP
    ) -> list[list[Candidate]]:
        """The ``top`` propositions each quote most resembles, best first (ties by id).

        Propositions in ``prior`` (those the best parent states: a copy mostly restates its
        parent) rank as if they scored ``PRIOR_BONUS`` more; the scores shown are the real ones.
        """
        if not self.ids or not quotes:
            return [[] for _ in quotes]
        new = list(dict.fromkeys(q for q in quotes if q not in self._memo))
        if new:
            per_text = similarity(new, self.texts)
            for quote, row in zip(
                new, np.maximum.reduceat(per_text, self._starts, axis=1), strict=True
            ):
                self._memo[quote] = row
        scores = np.stack([self._memo[q] for q in quotes])
        bonus = np.array([PRIOR_BONUS * (p in prior) for p in self.ids], dtype=np.float32)
        index = np.broadcast_to(np.arange(len(self.ids)), scores.shape)
        order = np.lexsort((index, -(scores + bonus)))
        return [
            [Candidate(self.ids[j], round(float(row[j]), 1)) for j in order_row[:top]]
            for row, order_row in zip(scores, order, strict=True)
        ]
