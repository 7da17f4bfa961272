"""Highlight markup for overlapping spans: a token stream the page template turns into elements.

Spans that nest become nested elements. Spans that cross are split: when a span closes while
spans opened after it are still open, those are closed with it and reopened as new parts right
after, as HTML's own parser does for misnested inline elements. Every part of a span carries the
span's id, so the text of all parts of one id, in document order, is exactly the span's text.
Written here because no library segments overlapping offset spans into nested markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KIND_RANK = {"claim": 0, "figure": 1}
"""At equal offsets a claim is the outer element, its figure the inner one."""


@dataclass(frozen=True)
class Span:
    """One highlighted span ``[start, end)`` in code points, with the attributes its parts carry."""

    kind: str
    id: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Token:
    """A piece of text, or the opening or closing of one part of a span."""

    type: str  # "text", "open" or "close"
    text: str = ""
    span: Span | None = None
    first: bool = False
    last: bool = False


def _order(span: Span) -> tuple:
    return (span.start, -span.end, KIND_RANK.get(span.kind, 9), span.id)


def tokens(text: str, spans: list[Span]) -> list[Token]:
    """The text with every span opened and closed around its characters (see module docstring)."""
    spans = sorted(spans, key=_order)
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[Token] = []
    opened: dict[str, Token] = {}
    stack: list[Span] = []

    def open_part(span: Span) -> None:
        token = Token("open", span=span, first=span.id not in opened)
        opened[span.id] = token
        out.append(token)
        stack.append(span)

    for i, pos in enumerate(bounds):
        ending = [j for j, s in enumerate(stack) if s.end == pos]
        if ending:
            lowest = ending[0]
            reopen = [s for s in stack[lowest:] if s.end != pos]
            for _ in stack[lowest:]:
                out.append(Token("close"))
            del stack[lowest:]
            for span in reopen:
                open_part(span)
        for span in starts.get(pos, []):
            open_part(span)
        if i + 1 < len(bounds):
            out.append(Token("text", text=text[pos : bounds[i + 1]]))
    for token in opened.values():
        token.last = True
    return out
