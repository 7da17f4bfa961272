"""Numbers in running text: find every one with its offsets, and re-derive a figure's bounds.

Two jobs share one scanner so they can never disagree:

- :func:`find_numbers` lists every number in a text (digits with thousands separators and
  decimals, cardinal number words such as "one million" or "a thousand", ordinals, list markers)
  with code-point offsets: the basis of ``claimtrace numbers`` and of the completeness test.
- :func:`parse_figure` reads a figure's quote ("nearly one million", "between 30,000 and 40,000")
  and returns the qualifier, value, low and high the quote bounds it to; it refuses a quote it
  cannot read unambiguously (:class:`FigureParseError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    "eleventh|twelfth|twentieth|hundredth|thousandth|millionth"
)
_WORD = "|".join([*_UNITS, *_SCALES])
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = rf"(?:(?:a|an)\s+(?:{'|'.join(_SCALES)})|(?:{_WORD}))(?:[\s-]+(?:and\s+)?(?:{_WORD}))*"

_RELATIVE = (
    r"\b(?:a|an|one)\s+(?:day|week|month|year)s?\s+(?:prior|earlier|before|later|after|ago)\b"
)

_TOKEN = re.compile(
    rf"(?P<relative>{_RELATIVE})"
    rf"|(?m:^)[ \t]*(?P<marker>\d{{1,2}}\.(?=[ \t]))"
    rf"|(?P<digits>(?<![\w.,])(?:{_DIGITS})(?![\w]|[.,]\d))"
    rf"|(?P<ordinal>\b(?:{_ORDINALS})\b|\b\d+(?:st|nd|rd|th)\b)"
    rf"|(?P<words>\b{_WORDS}\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMention:
    """One number in a text: ``text[start:end] == surface``.

    ``kind`` is ``digits``, ``words`` (cardinal number words), ``ordinal``, ``marker`` (a list
    marker such as "1.") or ``relative`` (a relative date such as "a day prior"); ``value`` is the
    number it names (None for a list marker, an ordinal or a relative date).
    """

    start: int
    end: int
    surface: str
    kind: str
    value: float | None


class FigureParseError(ValueError):
    """A figure quote that does not name its numbers and hedge unambiguously."""


def words_value(words: str) -> float:
    """The value of cardinal number words ("one million", "a thousand", "forty-two")."""
    parts = [p for p in re.split(r"[\s-]+", words.lower()) if p and p != "and"]
    if not parts:
        raise FigureParseError(f"no number words in {words!r}")
    if parts[0] in ("a", "an"):
        parts[0] = "one"
    total = current = 0
    for part in parts:
        if part in _UNITS:
            current += _UNITS[part]
        elif part == "hundred":
            current = (current or 1) * 100
        elif part in _SCALES:
            total += (current or 1) * _SCALES[part]
            current = 0
        else:
            raise FigureParseError(f"{part!r} is not a number word")
    return float(total + current)


def digits_value(digits: str) -> float:
    """The value of a number printed in digits, thousands separators allowed ("30,000")."""
    if not re.fullmatch(_DIGITS, digits):
        raise FigureParseError(f"{digits!r} is not a number in digits")
    return float(digits.replace(",", ""))


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text``, in order, with code-point offsets."""
    found = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or ""
        surface = m.group(kind)
        start = m.start(kind)
        value: float | None = None
        if kind == "digits":
            value = digits_value(surface)
        elif kind == "words":
            value = words_value(surface)
        found.append(NumberMention(start, start + len(surface), surface, kind, value))
    return found


# Hedge words and the qualifier each signals; checked against the figure's declared qualifier.
_HEDGES: tuple[tuple[str, str], ...] = (
    (r"\bbetween\b", "range"),
    (r"\b(?:approximately|about|around|roughly|some|an estimated|estimated)\b", "approximately"),
    (r"\b(?:nearly|almost|nearing|close to)\b", "nearly"),
    (r"\b(?:more than|over|above|upwards of)\b", "more_than"),
    (r"\bat least\b", "at_least"),
    (r"\b(?:less than|fewer than|under|below)\b", "less_than"),
    (r"\bup to\b", "up_to"),
)
_RANGE_JOIN = re.compile(r"^\s*(?:to|and|-|–|—)\s*$")
BOUNDS = {
    "exact": "value",
    "approximately": "value",
    "nearly": "high",
    "less_than": "high",
    "up_to": "high",
    "more_than": "low",
    "at_least": "low",
}


@dataclass(frozen=True)
class ParsedFigure:
    """What a figure quote bounds: a single value, a lower or upper bound, or a range."""

    qualifier: str
    value: float | None
    low: float | None
    high: float | None


def parse_figure(quote: str) -> ParsedFigure:
    """Re-derive qualifier, value, low and high from a figure quote; refuse what is ambiguous."""
    numbers = [n for n in find_numbers(quote) if n.kind in ("digits", "words")]
    hedges = {q for pattern, q in _HEDGES if re.search(pattern, quote, re.IGNORECASE)}
    if not numbers:
        raise FigureParseError(f"no number in figure quote {quote!r}")
    if len(numbers) > 2:
        raise FigureParseError(f"{len(numbers)} numbers in figure quote {quote!r}")
    if len(numbers) == 2:
        first, second = numbers
        if not _RANGE_JOIN.match(quote[first.end : second.start]):
            raise FigureParseError(f"two numbers but no range in {quote!r}")
        if hedges - {"range"}:
            raise FigureParseError(f"hedge {sorted(hedges)} on a range in {quote!r}")
        if "between" in quote.lower() and " and " not in quote[first.end : second.start]:
            raise FigureParseError(f"'between' without 'and' in {quote!r}")
        if first.value is None or second.value is None or first.value > second.value:
            raise FigureParseError(f"range bounds out of order in {quote!r}")
        return ParsedFigure("range", None, first.value, second.value)
    if "range" in hedges:
        raise FigureParseError(f"'between' with one number in {quote!r}")
    if len(hedges) > 1:
        raise FigureParseError(f"conflicting hedges {sorted(hedges)} in {quote!r}")
    qualifier = hedges.pop() if hedges else "exact"
    bound = BOUNDS[qualifier]
    number = numbers[0].value
    return ParsedFigure(
        qualifier,
        number if bound == "value" else None,
        number if bound == "low" else None,
        number if bound == "high" else None,
    )
