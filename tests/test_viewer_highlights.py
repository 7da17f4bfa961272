"""Overlapping spans become nested or split highlight parts whose text per id is the span's text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimtrace.viewer.highlights import Span, tokens


def parts(text: str, spans: list[Span]) -> tuple[dict[str, str], str, dict[str, list[bool]]]:
    """Replay the tokens: text per id, the whole text, (first, last) flags of each id's parts."""
    stack: list[Span] = []
    per_id: dict[str, str] = {}
    flags: dict[str, list[tuple[bool, bool]]] = {}
    whole = ""
    for token in tokens(text, spans):
        if token.type == "open":
            stack.append(token.span)
            flags.setdefault(token.span.id, []).append((token.first, token.last))
        elif token.type == "close":
            stack.pop()
        else:
            assert token.text, "no empty text pieces"
            whole += token.text
            for span in stack:
                per_id[span.id] = per_id.get(span.id, "") + token.text
    assert stack == [], "every part is closed"
    return per_id, whole, flags


def test_crossing_spans_are_split_and_nested_spans_nest():
    text = "abcdefghij"
    spans = [Span("claim", "A", 0, 6), Span("claim", "B", 3, 9), Span("figure", "F", 4, 5)]
    per_id, whole, flags = parts(text, spans)
    assert per_id == {"A": "abcdef", "B": "defghi", "F": "e"}
    assert whole == text
    assert flags["B"] == [(True, False), (False, True)]  # B is split where A closes
    assert flags["A"] == [(True, True)] and flags["F"] == [(True, True)]


def test_identical_spans_claim_outside_figure():
    sequence = [t for t in tokens("xyz", [Span("figure", "F", 0, 3), Span("claim", "C", 0, 3)])]
    assert [(t.type, t.span.id if t.span else t.text) for t in sequence] == [
        ("open", "C"),
        ("open", "F"),
        ("text", "xyz"),
        ("close", ""),
        ("close", ""),
    ]


@st.composite
def texts_and_spans(draw):
    text = draw(st.text(alphabet="ab <>&\"'\n€😀", min_size=1, max_size=40))
    n = draw(st.integers(0, 6))
    spans = []
    for i in range(n):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        kind = draw(st.sampled_from(["claim", "figure"]))
        spans.append(Span(kind, f"{kind}{i}", start, end))
    return text, spans


@given(texts_and_spans())
def test_any_spans_give_each_id_exactly_its_slice(case):
    text, spans = case
    per_id, whole, flags = parts(text, spans)
    assert whole == text
    assert per_id == {s.id: text[s.start : s.end] for s in spans}
    for s in spans:
        first_flags = [f for f, _ in flags[s.id]]
        last_flags = [la for _, la in flags[s.id]]
        assert first_flags == [True] + [False] * (len(first_flags) - 1)
        assert last_flags == [False] * (len(last_flags) - 1) + [True]
