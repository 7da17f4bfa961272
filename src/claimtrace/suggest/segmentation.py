"""Candidate claim spans: sentences from pysbd, then clauses split by rules.

pysbd is a rule-based sentence splitter (the "Golden Rules" of sentence boundaries) with no model to
download; with ``char_span=True`` it returns the offsets of each sentence in the text, so spans stay
code points of the archived text. It handles the abbreviations this corpus prints ("Sept. 21",
"U.S. and EU") where a naive split on full stops does not.

No package splits sentences into the atomic assertions of ``docs/CODEBOOK.md``, so the clause rules
are our own and follow the codebook: an attribution is its own claim ("according to X", "X told Y"),
a participial or "with" clause after a comma asserts on its own ("…, expanding military recruitment
efforts"), a contrast splits ("Though …, …"), a second verb phrase splits ("remains in force and
has never been formally rescinded", "a decree that has never been …", "by providing …", "and
targeting …"), a non-restrictive relative clause ("The decree, which came into effect on June 7,
permits …") and an afterthought (", especially after …") split, a leading connective
("However,") is left out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

MIN_WORDS = 4

_NOT_PARTICIPLES = "during|including|regarding|concerning|following|according|nothing|something"
# Split points inside a sentence: the clause starts at group "at".
_SPLIT = re.compile(
    r",\s+(?P<at16>(?:but|and|yet)\s+(?:despite|though|although|while)\b)[^,]{3,80},\s+(?P<at17>\w)"
    r"|,\s+(?P<at>according to\b)"
    r"|,\s+(?P<at2>(?!(?:" + _NOT_PARTICIPLES + r")\b)[a-z]+ing\b)"
    r"|,\s+(?P<at3>(?:with|though|although|but|while|whereas|who|sources)\b)"
    r"|;\s+(?P<at4>\w)"
    r"|\s+[—–]\s+(?P<at5>\w)"
    r"|\s+(?P<at6>as\s+(?=[A-Z]))"
    r"|(?<=[a-z]),\s+(?P<at7>(?:reports|relatives|human rights)\b)"
    r"|,\s+(?P<at8>an? \w+ (?:that|which)\b)"
    r"|(?<=\w)\s+(?P<at9>despite\s+being\b)"
    r"|(?<=\w)\s+(?P<at10>and\s+(?:has|have|had|is|was|will|would|could|provides|allows|marks"
    r"|remains|expands)\b)"
    r"|(?<=\w)\s+(?P<at11>that\s+(?:has|have|had|is|are|was|were)\s+(?:never|not|been|also)\b)"
    r"|(?<=\w)\s+(?P<at12>(?:by|and)\s+(?!(?:" + _NOT_PARTICIPLES + r")\b)[a-z]+ing\b)"
    r"|,\s+(?P<at13>(?:especially|particularly)\b)"
    r"|,\s+(?P<at14>which\b)(?:[^,]{3,80},\s+(?P<at15>\w))?",
)
# A sentence-initial phrase that is its own clause up to its first comma.
_LEADING_CLAUSE = re.compile(
    r"^(?:According to|Though|Although|While|Whereas|Despite|In a move|In an attempt)\b[^,]*,\s+",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    r"^(?:(?:but|and|yet)\s+(?=(?:despite|though|although|while)\b)"
    r"|(?:However|Additionally|Moreover|Furthermore|Meanwhile|In addition(?: to [^,]+)?),\s+)"
)
_HEADING = re.compile(r"^\s*(?:\*\*.*\*\*|#+ .*)\s*$")


@dataclass(frozen=True)
class ClaimSpan:
    """A candidate claim ``[start, end)`` inside its sentence ``[sentence_start, sentence_end)``."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: pysbd within each non-empty line (a line break always ends a sentence).

    A heading line (markdown ``**…**`` or ``# …``) is one sentence: a headline is a claim.
    """
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        if _HEADING.match(line.group()):
            start, end = _strip(text, *line.span())
            while start < end and text[start] == "#":
                start += 1
            start, end = _strip(text, start, end)
            if start < end:
                spans.append((start, end))
            continue
        for a, b in _line_sentences(line.group()):
            start, end = _strip(text, line.start() + a, line.start() + b)
            if start < end:
                spans.append((start, end))
    return spans


@lru_cache(maxsize=8192)
def _line_sentences(line: str) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in _segmenter().segment(line))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding white space and markdown emphasis."""
    while start < end and (text[start].isspace() or text[start] == "*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "*"):
        end -= 1
    return start, end


def _trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading connective and the final punctuation of a clause."""
    start, end = _strip(text, start, end)
    m = _CONNECTIVE.match(text[start:end])
    if m:
        start += m.end()
    while end > start and (text[end - 1] in ".,;:!?—–-" or text[end - 1].isspace()):
        end -= 1
    return _strip(text, start, end)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence ``text[start:end]``, by the rules in the module docstring."""
    cuts = {start, end}
    body = text[start:end]
    lead = _CONNECTIVE.match(body)
    offset = lead.end() if lead else 0
    m = _LEADING_CLAUSE.match(body[offset:])
    if m:
        cuts.add(start + offset + m.end())
    for m in _SPLIT.finditer(body):
        cuts.update(start + m.start(g) for g, v in m.groupdict().items() if v is not None)
    points = sorted(cuts)
    pieces = [_trim_clause(text, a, b) for a, b in itertools.pairwise(points)]
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if b <= a:
            continue
        if merged and len(text[a:b].split()) < MIN_WORDS:
            merged[-1] = (merged[-1][0], b)  # too short to assert anything: join the previous
        else:
            merged.append((a, b))
    if len(merged) > 1 and len(text[merged[0][0] : merged[0][1]].split()) < MIN_WORDS:
        merged[1] = (merged[0][0], merged[1][1])
        merged.pop(0)
    return merged


def _is_content(clause: str, headline: bool = False) -> bool:
    """Whether a clause can carry an assertion: enough words, some in lower case, no link.

    A headline is written in title case, so for it the lower-case rule is waived.
    """
    words = clause.split()
    return (
        len(words) >= MIN_WORDS
        and (headline or sum(w[:1].islower() for w in words) >= 2)
        and "@" not in clause
        and "http" not in clause
    )


def candidate_spans(text: str) -> list[ClaimSpan]:
    """Every candidate claim of ``text``, in text order."""
    found = []
    for s_start, s_end in sentences(text):
        line_start = text.rfind("\n", 0, s_start) + 1
        line_end = text.find("\n", s_end)
        headline = bool(_HEADING.match(text[line_start : len(text) if line_end < 0 else line_end]))
        for a, b in clauses(text, s_start, s_end):
            if _is_content(text[a:b], headline):
                found.append(ClaimSpan(a, b, s_start, s_end))
    return found
