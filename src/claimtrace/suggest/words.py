"""Function words: the one list the fuzzy rules of ``suggest`` leave out of content and names."""

from __future__ import annotations

STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from",
    "its", "their", "his", "her", "it", "they", "he", "she", "this", "that", "these", "those",
    "some", "many", "also", "has", "have", "had", "is", "are", "was", "were", "be", "been",
    "being", "as", "into", "not", "but", "would", "will", "could", "can", "may", "which", "who",
    "how", "than", "then", "there", "such",
})  # fmt: skip
