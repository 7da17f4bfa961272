"""Figures and dates in a span of text, as the values the drift rules compare.

A figure is a number the scanner of ``claimtrace numbers`` finds (:func:`find_numbers`, the one
scanner) widened to its hedge and range ("between 30,000 and 40,000", "nearly one million") and read
by the figures parser (:func:`parse_figure`); a date is a calendar expression turned into EDTF
("July 7" -> ``XXXX-07-07``, "the summer of 2024" -> ``2024-22``) as ``docs/CODEBOOK.md`` writes
event dates. Comparing values is not done here: :mod:`claimtrace.semantics.values` holds the one
rule (intervals for figures and dates).

The date reader is our own: the ``edtf`` package parses EDTF but does not find dates in prose, and
the general date finders (dateparser, datefinder) guess a year where the text gives none, which the
codebook forbids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from claimtrace.curation.numbers import FigureParseError, find_numbers, parse_figure

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}

_MONTH = (
    r"(?P<{g}>(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_YEAR = r"(?P<{g}>(?:1[89]|20)\d\d)\b"
_DATE = re.compile(
    "|".join(
        [
            rf"(?P<mdy>{_MONTH.format(g='m1')}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
            rf"(?:,?\s+{_YEAR.format(g='y1')})?)",
            rf"(?P<dmy>(?P<d2>\d{{1,2}})\s+{_MONTH.format(g='m2')}(?:,?\s+{_YEAR.format(g='y2')})?)",
            rf"(?P<my>{_MONTH.format(g='m3')},?\s+(?:of\s+)?{_YEAR.format(g='y3')})",
            rf"(?P<season>(?P<s>spring|summer|autumn|fall|winter)\s+of\s+{_YEAR.format(g='y4')})",
            rf"(?P<season2>{_YEAR.format(g='y5')}\s+(?P<s2>spring|summer|autumn|fall|winter)\b)",
            rf"(?P<month>\b(?:in|In|on|On|by|since|Since|until|of|from|during|early|late)\s+"
            rf"{_MONTH.format(g='m4')}(?![.,]*\s+(?:of\s+)?\d))",
            rf"(?P<year>(?<![\d,.]){_YEAR.format(g='y6')}(?!,\d))",
        ]
    )
)

# Hedge words immediately before a number, as the figures parser reads them.
_HEDGE_BEFORE = re.compile(
    r"(?:between|approximately|about|around|roughly|some|an estimated|estimated|nearly|almost"
    r"|nearing|close to|more than|over|above|upwards of|at least|less than|fewer than|under"
    r"|below|up to)\s+$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"\s*(?:to|and|-|–|—)\s*")


@dataclass(frozen=True)
class DateMention:
    """A date in a text: ``[start, end)`` and its EDTF value (``XXXX`` where no year is given)."""

    start: int
    end: int
    edtf: str


@dataclass(frozen=True)
class FigureMention:
    """A figure in a text: ``[start, end)`` holds the hedge and number(s); the parsed bounds."""

    start: int
    end: int
    qualifier: str
    value: float | None
    low: float | None
    high: float | None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _edtf(m: re.Match[str]) -> str:
    g = m.groupdict()
    if g["mdy"] or g["dmy"]:
        month, day = (g["m1"], g["d1"]) if g["mdy"] else (g["m2"], g["d2"])
        year = g["y1"] or g["y2"] or "XXXX"
        return f"{year}-{_month(month):02d}-{int(day):02d}"
    if g["my"]:
        return f"{g['y3']}-{_month(g['m3']):02d}"
    if g["season"]:
        return f"{g['y4']}-{SEASONS[g['s'].lower()]}"
    if g["season2"]:
        return f"{g['y5']}-{SEASONS[g['s2'].lower()]}"
    if g["month"]:
        return f"XXXX-{_month(g['m4']):02d}"
    return g["y6"]


def shifted(items, offset: int) -> list:
    """Mentions found in a snippet, moved to the offsets of the text the snippet starts at."""
    return [replace(x, start=x.start + offset, end=x.end + offset) for x in items]


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date in ``text[start:end]`` (read on its own), with offsets in ``text``."""
    return shifted(_dates(text[start:end]), start)


@lru_cache(maxsize=8192)
def _dates(text: str) -> tuple[DateMention, ...]:
    found = []
    for m in _DATE.finditer(text):
        if m.group("mdy") or m.group("dmy"):
            day = int(m.group("d1") or m.group("d2"))
            if not 1 <= day <= 31:
                continue
        begin = m.start("m4") if m.group("month") else m.start()
        found.append(DateMention(begin, m.end(), _edtf(m)))
    return tuple(found)


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[FigureMention]:
    """Every figure in ``text[start:end]``: numbers outside dates, widened to hedge and range."""
    return shifted(_figures(text[start:end]), start)


@lru_cache(maxsize=8192)
def _figures(text: str) -> tuple[FigureMention, ...]:
    start, end = 0, len(text)
    dates = find_dates(text, start, end)
    numbers = [
        n
        for n in find_numbers(text[start:end])
        if n.kind in ("digits", "words")
        and not (n.kind == "words" and n.value is not None and n.value < 2)
        and not any(d.start <= start + n.start < d.end for d in dates)
    ]
    figures: list[FigureMention] = []
    i = 0
    while i < len(numbers):
        a = b = numbers[i]
        if i + 1 < len(numbers):
            nxt = numbers[i + 1]
            if _RANGE_JOIN.fullmatch(text[start + a.end : start + nxt.start]):
                b, i = nxt, i + 1
        f_start, f_end = start + a.start, start + b.end
        hedge = _HEDGE_BEFORE.search(text[max(start, f_start - 20) : f_start])
        if hedge:
            f_start -= len(hedge.group())
        try:
            parsed = parse_figure(text[f_start:f_end])
        except FigureParseError:
            f_start = start + a.start
            parsed = parse_figure(text[f_start:f_end]) if a is b else None
        if parsed is not None:
            figures.append(
                FigureMention(
                    f_start, f_end, parsed.qualifier, parsed.value, parsed.low, parsed.high
                )
            )
        i += 1
    return tuple(figures)
