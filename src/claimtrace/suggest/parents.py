"""Lineage candidates: which existing sources a new text reuses, by a score blind to sentence order.

The score compares sets, so reordering sentences (which AI rewrites do constantly, and which
defeats passage aligners such as passim) cannot change it. Three kinds of features:

- word 3-grams (shingles) inside each sentence, the classic text-reuse feature;
- figures: the values of the numbers the scanner finds;
- names: capitalised words other than sentence openers and function words.

Each feature is weighted by its rarity across the corpus (inverse document frequency over the
candidate sources and the new text), so boilerplate shared by every report ("Russian President
Vladimir Putin") counts little and a phrase only the new text and one candidate share counts much.
A candidate's score per kind is the weighted share of the new text's features it also has; the
reuse score is their weighted mean (``WEIGHTS``), between 0 and 1. The formula is ours: reuse
detectors in packages (passim, text-matcher) align passages in order and need corpora of many
documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from claimtrace.curation.numbers import find_numbers
from claimtrace.suggest.words import STOPWORDS

WEIGHTS = {"shingles": 0.6, "figures": 0.2, "names": 0.2}
SHINGLE = 3
_NOT_NAMES = STOPWORDS | {
    "however", "while", "though", "although", "despite", "after", "before", "previously",
    "according", "read", "more", "share",
}  # fmt: skip


@dataclass(frozen=True)
class ParentScore:
    """A lineage candidate and its reuse score (0 to 1)."""

    source_id: str
    score: float


def features(text: str) -> dict[str, frozenset[str]]:
    """The order-free features of a text, by kind (apostrophes and possessives normalised)."""
    text = re.sub(r"[’'`]s\b", "", text.replace("’", "'"))
    shingles = set()
    for sentence in re.split(r"[.!?;:\n]+\s", text.lower()):  # never across sentences
        words = re.findall(r"\w+", sentence)
        shingles |= {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    figures = {f"{n.value:g}" for n in find_numbers(text) if n.value is not None and n.value >= 2}
    names = {
        w.lower()
        for w in re.findall(r"\b[A-Z][\w’'-]*", text)
        if w.lower() not in _NOT_NAMES and len(w) > 1
    }
    return {
        "shingles": frozenset(shingles),
        "figures": frozenset(figures),
        "names": frozenset(names),
    }


def rank_parents(text: str, feats: dict[str, dict[str, frozenset[str]]]) -> list[ParentScore]:
    """Every candidate source ranked by its reuse score for ``text``, best first (ties by id).

    ``feats`` holds the :func:`features` of each candidate source.
    """
    new = features(text)
    n_docs = len(feats) + 1
    scores = dict.fromkeys(feats, 0.0)
    for kind, weight in WEIGHTS.items():
        df = Counter(f for fs in feats.values() for f in fs[kind])
        idf = {f: math.log((n_docs + 1) / (df[f] + 1)) + 1e-9 for f in new[kind]}
        total = sum(idf.values())
        if not total:
            continue
        for sid, fs in feats.items():
            shared = sum(idf[f] for f in new[kind] & fs[kind])
            scores[sid] += weight * shared / total
    return sorted(
        (ParentScore(sid, round(s, 4)) for sid, s in scores.items()),
        key=lambda p: (-p.score, p.source_id),
    )
