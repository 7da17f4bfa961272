"""Find a quote in an archived text, in code-point offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A half-open span ``[start, end)`` of code points with some context around it."""

    start: int
    end: int
    context: str


def find_spans(text: str, quote: str, context: int = 30) -> list[Span]:
    """Every occurrence of ``quote`` in ``text`` (overlapping ones included)."""
    spans, at = [], text.find(quote)
    while quote and at >= 0:
        end = at + len(quote)
        before = text[max(0, at - context) : at].replace("\n", "⏎")
        after = text[end : end + context].replace("\n", "⏎")
        spans.append(Span(at, end, f"…{before}[{quote}]{after}…"))
        at = text.find(quote, at + 1)
    return spans


def near_misses(text: str, quote: str, limit: int = 3) -> list[Span]:
    """Places where the longest prefix of ``quote`` occurs: a hint for a quote that is not found."""
    lo, hi = 0, len(quote)
    while lo < hi:  # binary search for the longest prefix that occurs
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo < 8:
        return []
    return find_spans(text, quote[:lo])[:limit]
