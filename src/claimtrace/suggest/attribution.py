"""Who a span credits: attribution cues ("according to X", "X told Y", "X said") and names.

The cue patterns are our own, written from ``docs/CODEBOOK.md`` (reported speech, unattributed
hedges): no package marks English reported speech without a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claimtrace.suggest.values import shifted
from claimtrace.suggest.words import STOPWORDS

_VERBS = (
    r"told|said|says|claim|claims|claimed|reported|estimated|estimate|announced|stated|warned"
    r"|noted|have\s+raised\s+concerns|has\s+raised\s+concerns|outlines"
)
_ACCORDING = re.compile(
    r"\b[Aa]ccording\s+to\s+(?P<source>.+?)(?=[,;:\n]|\.\s+[A-Z]|\.?$)", re.MULTILINE
)
_UNNAMED = re.compile(
    r"\b(?i:reportedly|allegedly|reports\s+(?:indicate|suggest|say)|it\s+is\s+"
    r"(?:claimed|reported|said)|(?:being|were|was)\s+told)\b"
)
_NAME = r"[A-Z](?:[\w&’'-]|\.(?=[A-Z]))*"  # a capitalised word; dots only inside ("U.S")
# The speaker: up to eight words before the verb; a clause boundary inside cuts it (_BOUNDARY).
_SPEAKER_VERB = re.compile(
    rf"(?P<who>(?:[\w’'.&-]+[ \t]+){{0,7}}?[\w’'.&-]+)"
    rf"[ \t]+(?:have[ \t]+|has[ \t]+)?(?P<v>{_VERBS})\b"
    rf"(?:[ \t]+(?:the[ \t]+)?(?P<channel>{_NAME}(?:[ \t]+{_NAME})*))?"
)
_BOUNDARY = re.compile(
    r".*(?:[,;:()—–]|[.!?](?=\s+[A-Z])"
    r"|\b(?i:that|though|although|while|but|and\s+(?=[a-z]+\s+(?:have|has)\b)"
    r"|despite|who|which|as|if|when|in\s+\w+,?))\s+"
)
_NOT_NAMES = STOPWORDS | {"head"}
_GENERIC = frozenset({"reports", "report", "reportedly", "allegedly", "it", "claimed", "said"})


@dataclass(frozen=True)
class Cue:
    """An attribution cue ``[start, end)`` and the names it credits (empty: an unnamed source)."""

    start: int
    end: int
    names: frozenset[str]


def name_tokens(text: str) -> frozenset[str]:
    """Content words of a name, lower case, without dots, possessives and plural s."""
    tokens = set()
    for word in re.findall(r"[\w.’'&-]+", text.lower()):
        word = re.sub(r"[’']s$", "", word).replace(".", "").strip("-’'")
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word and word not in _NOT_NAMES and word not in _GENERIC:
            tokens.add(word)
    return frozenset(tokens)


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """Every attribution cue in ``text[start:end]`` (read on its own), with offsets in ``text``."""
    return shifted(_cues(text[start:end]), start)


@lru_cache(maxsize=8192)
def _cues(text: str) -> tuple[Cue, ...]:
    start, end = 0, len(text)
    cues = [
        Cue(m.start(), m.end(), name_tokens(m["source"]))
        for m in _ACCORDING.finditer(text, start, end)
    ]
    cues += [Cue(m.start(), m.end(), frozenset()) for m in _UNNAMED.finditer(text, start, end)]
    for m in _SPEAKER_VERB.finditer(text, start, end):
        if any(c.start <= m.start("v") < c.end for c in cues):
            continue
        bound = _BOUNDARY.match(m["who"])
        who_start = m.start("who") + (bound.end() if bound else 0)
        names = name_tokens(text[who_start : m.start("v")]) | name_tokens(m["channel"] or "")
        if names:
            cues.append(Cue(who_start, m.end(), names))
    return tuple(sorted(cues, key=lambda c: c.start))


def credited(cues: list[Cue]) -> frozenset[str]:
    """Every name the cues credit."""
    return frozenset().union(*(c.names for c in cues)) if cues else frozenset()
