"""Drift candidates along the best parent: what a copy's claim changed from its parent claim.

Each rule compares a candidate claim with the parent claim it is aligned with, and returns
candidates in the codebook's drift vocabulary:

- ``value_changed``: a figure of the claim whose interval (``figure_interval``) no figure of the
  parent sentence has; ``hedge_added``/``hedge_removed`` when the printed numbers are the parent's
  and only the hedge differs;
- ``value_changed`` also when a noun phrase of the parent claim gains a restrictive modifier (a
  narrower set: "the age limit" → "the age limit of mandatory military service");
- ``date_changed``: a date incompatible (``compatible``) with the parent sentence's dates, a date
  where the parent gives none, or a compatible date that states more (a year added) or less ("in
  March" for "On March 31": the codebook's "less or more precise"); ``detail_dropped`` when the
  parent claim's date is lost;
- ``attribution_dropped``/``attribution_changed``: a name the parent claim's attribution credits
  is not in the claim; changed when the claim credits a name the parent sentence does not have;
- ``added``: a claim aligned with no parent claim whose words the parent's text does not hold;
- ``detail_dropped`` with no span in the copy: a parent claim no candidate claim is aligned with
  or clearly restates (omitted).

Values are compared only through :mod:`claimtrace.semantics.values`, the one interval rule.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimtrace.semantics import values
from claimtrace.suggest.attribution import credited, find_cues, name_tokens
from claimtrace.suggest.segmentation import ClaimSpan
from claimtrace.suggest.values import FigureMention, find_dates, find_figures
from claimtrace.suggest.words import STOPWORDS

KINDS = (
    "value_changed",
    "hedge_added",
    "hedge_removed",
    "date_changed",
    "attribution_dropped",
    "attribution_changed",
    "detail_dropped",
    "added",
)


@lru_cache(maxsize=4096)
def compatible_dates(a: str, b: str) -> bool:
    """``claimtrace.semantics.values.compatible`` for two dates, memoised (EDTF parsing is slow)."""
    return values.compatible(a, b, "date")


@lru_cache(maxsize=4096)
def precision_order(a: str, b: str) -> int:
    """1 if date ``a`` states more than ``b``, -1 if less, 0 if as much.

    More is a narrower interval (``claimtrace.semantics.values.interval``), or the same width
    with a year where ``b`` has ``XXXX``.
    """
    x, y = values.interval(a, "date"), values.interval(b, "date")
    wx, wy = (x.high - x.low).days, (y.high - y.low).days
    if wx != wy:
        return 1 if wx < wy else -1
    return (y.any_year and not x.any_year) - (x.any_year and not y.any_year)


def _interval(f: FigureMention) -> tuple[float, float]:
    return values.figure_interval(f.qualifier, f.value, f.low, f.high)


def _printed(f: FigureMention) -> tuple[float | None, ...]:
    return (f.value, f.low, f.high) if f.qualifier == "range" else (f.value or f.low or f.high,)


def figure_drift(copy: str, c: ClaimSpan, parent: str, p: ClaimSpan) -> list[tuple[str, str]]:
    """(kind, note) for each figure of the copy region its parent sentence does not state."""
    theirs = find_figures(parent, p.sentence_start, p.sentence_end)
    found = []
    for f in find_figures(copy, c.start, c.end):
        if any(_interval(g) == _interval(f) for g in theirs):
            continue
        printed = copy[f.start : f.end]
        same_number = [g for g in theirs if _printed(g) == _printed(f)]
        if same_number:
            g = same_number[0]
            kind = "hedge_added" if g.qualifier == "exact" else "hedge_removed"
            if f.qualifier != "exact" and g.qualifier != "exact":
                kind = "value_changed"
            found.append((kind, f"{printed!r} where the parent has {parent[g.start : g.end]!r}"))
        elif theirs:
            was = ", ".join(repr(parent[g.start : g.end]) for g in theirs)
            found.append(("value_changed", f"{printed!r} where the parent has {was}"))
        else:
            found.append(("value_changed", f"{printed!r}: the parent sentence gives no figure"))
    return found


def date_drift(copy: str, c: ClaimSpan, parent: str, p: ClaimSpan) -> list[tuple[str, str]]:
    """(kind, note) for each date of the copy region that differs from its parent sentence's."""
    theirs = find_dates(parent, p.sentence_start, p.sentence_end)
    ours = find_dates(copy, c.start, c.end)
    found = []
    for d in ours:
        printed = copy[d.start : d.end]
        if any(g.edtf == d.edtf for g in theirs):
            continue
        fitting = [g for g in theirs if compatible_dates(d.edtf, g.edtf)]
        if not theirs:
            found.append(("date_changed", f"{printed!r} ({d.edtf}): the parent gives no date"))
        elif not fitting:
            was = ", ".join(f"{parent[g.start : g.end]!r} ({g.edtf})" for g in theirs)
            found.append(("date_changed", f"{printed!r} ({d.edtf}) where the parent has {was}"))
        else:
            g = fitting[0]
            was = f"{parent[g.start : g.end]!r} ({g.edtf})"
            order = precision_order(d.edtf, g.edtf)
            if order > 0:
                found.append(("date_changed", f"{printed!r} ({d.edtf}) states more than {was}"))
            elif order < 0:
                found.append(("date_changed", f"{printed!r} ({d.edtf}) states less than {was}"))
    if not ours and not find_dates(copy, c.sentence_start, c.sentence_end):
        lost = find_dates(parent, p.start, p.end)
        if lost:
            was = ", ".join(f"{parent[g.start : g.end]!r} ({g.edtf})" for g in lost)
            found.append(("detail_dropped", f"the parent's date {was} is not given"))
    return found


def is_attribution(text: str, r: ClaimSpan) -> bool:
    """Whether a claim is an attribution: its cues cover at least half of its span."""
    covered = sum(
        max(0, min(c.end, r.end) - max(c.start, r.start)) for c in find_cues(text, r.start, r.end)
    )
    return covered * 2 >= r.end - r.start


def _own_cues(text: str, r: ClaimSpan, others: list[tuple[int, int]]):
    """Cues inside the region, and cues of its sentence inside no other claim (orphans)."""
    inside = find_cues(text, r.start, r.end)
    orphans = [
        cue
        for cue in find_cues(text, r.sentence_start, r.sentence_end)
        if not r.start <= cue.start < r.end and not any(a <= cue.start < b for a, b in others)
    ]
    return inside + orphans


def attribution_drift(
    copy: str,
    c: ClaimSpan,
    copy_others: list[tuple[int, int]],
    parent: str,
    p: ClaimSpan,
    parent_others: list[tuple[int, int]],
) -> list[tuple[str, str]]:
    """(kind, note) when the parent claim credits a name the copy claim no longer carries."""
    their_cues = _own_cues(parent, p, parent_others)
    theirs = credited(their_cues)
    if not theirs:
        return []
    ours_cues = _own_cues(copy, c, copy_others)
    carried = name_tokens(copy[c.start : c.end]) | credited(ours_cues)
    lost = theirs - carried
    if not lost:
        return []
    said = "; ".join(
        repr(parent[x.start : x.end].strip(" .")) for x in their_cues if x.names & lost
    )
    new = [x for x in ours_cues if x.names - name_tokens(parent[p.sentence_start : p.sentence_end])]
    if new:
        now = "; ".join(repr(copy[x.start : x.end].strip(" .")) for x in new)
        return [("attribution_changed", f"{now} where the parent has {said}")]
    named = "; ".join(repr(copy[x.start : x.end].strip(" .")) for x in ours_cues if x.names)
    how = f"only {named}" if named else "an unnamed source" if ours_cues else "no source"
    return [("attribution_dropped", f"the parent has {said}; here {how}")]


_TOKEN = re.compile(r"[\w’']+|[^\w\s]")
_MODIFIER_PREPOSITIONS = frozenset({"of", "in", "from", "under"})
_MODIFIER_MAX = 6


def _tokens(text: str, start: int, end: int) -> list[re.Match]:
    return list(_TOKEN.finditer(text, start, end))


def category_drift(copy: str, c: ClaimSpan, parent: str, p: ClaimSpan) -> list[tuple[str, str]]:
    """(value_changed, note) when a noun phrase of the parent claim gains a restrictive modifier.

    The codebook's "a set or category differs": the two claims share a two-word phrase ("the age
    limit", "allowing foreigners"), the copy follows it with a prepositional phrase ("of mandatory
    military service", "in the Russian army") and then goes on as the parent does ("to sign"), so
    the phrase now names a narrower set. No package reads this from two sentences without a model,
    so the rule is ours: word alignment only, no parse.
    """
    ours, theirs = _tokens(copy, c.start, c.end), _tokens(parent, p.start, p.end)
    low = [m.group().lower() for m in ours]
    plow = [m.group().lower() for m in theirs]
    found = []
    for j in range(len(plow) - 2):
        a, b, after = plow[j], plow[j + 1], plow[j + 2]
        if a in STOPWORDS or b in STOPWORDS or not (a.isalpha() and b.isalpha()):
            continue
        for i in range(len(low) - 2):
            if low[i] != a or low[i + 1] != b or low[i + 2] not in _MODIFIER_PREPOSITIONS:
                continue
            if low[i + 2] == after:
                continue
            inserted = low[i + 2 : i + 3 + _MODIFIER_MAX]
            if after not in inserted[1:] or any(not w[0].isalnum() for w in inserted[1:]):
                continue
            k = i + 2 + inserted.index(after, 1)
            printed = copy[ours[i].start() : ours[k - 1].end()]
            was = parent[theirs[j].start() : theirs[j + 1].end()]
            found.append(
                ("value_changed", f"{printed!r} where the parent has {was!r}: a narrower set")
            )
    return found[:1]
