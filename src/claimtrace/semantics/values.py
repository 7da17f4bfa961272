"""Values compared by meaning: one compatibility rule for every ``proposition_value``.

A claim's ``proposition_value`` is encoded by its proposition's ``value_kind``:

==========  ===============================================================================
kind        encoding and meaning
==========  ===============================================================================
number      ``N`` exact [N, N]; ``~N`` approximately [N(1-t), N(1+t)]; ``<~N`` nearly
            [N(1-t), N]; ``<N`` less than / up to [0, N]; ``>N`` more than [N, inf);
            ``>=N`` at least [N, inf); ``low..high`` a range [low, high]; t = ``TOLERANCE``
date        EDTF (YYYY, YYYY-MM, YYYY-MM-DD, a season YYYY-21..24), ``XXXX`` for a year the
            text does not give: the interval of its lower and upper bounds
set         labels joined by ``+``; the statement is exclusive ("only ..."), so a set is
            compatible only with the same set
category    one label; compatible only with itself
==========  ===============================================================================

``compatible`` is THE rule: two values are compatible when their intervals overlap (numbers and
dates) or are equal (sets and categories). Figures of the figures table become intervals through
``figure_interval`` with the same tolerance table, so a figure and its proposition_value agree.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

TOLERANCE = 0.10
"""Relative widening of a hedged number: ``~N`` is [N(1-t), N(1+t)], ``<~N`` is [N(1-t), N]."""

KINDS = ("date", "number", "set", "category")

NUMBER_PREFIX = {
    "exact": "",
    "approximately": "~",
    "nearly": "<~",
    "less_than": "<",
    "up_to": "<",
    "more_than": ">",
    "at_least": ">=",
}
"""The prefix of a number ``proposition_value`` per figures qualifier (a range is ``low..high``)."""

_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
_HEDGED = re.compile(rf"(~|<~|<|>=|>)?({_NUMBER})")
_RANGE = re.compile(rf"({_NUMBER})\.\.({_NUMBER})")
_LABEL = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
_EDTF_SHAPE = re.compile(r"([0-9]{4}|XXXX)(-[0-9]{2}(-[0-9]{2})?)?")
_STAND_IN_YEAR = "2000"  # a leap year, so XXXX-02-29 has a stand-in day


@dataclass(frozen=True)
class Interval:
    """A value as a closed interval [low, high].

    Numbers have float bounds (``high`` may be ``math.inf``); dates have ``datetime.date``
    bounds, and ``any_year`` marks a date whose year is the ``XXXX`` wildcard (its bounds then
    carry a stand-in leap year and only their month and day mean anything). Sets and categories
    are degenerate intervals: ``low == high`` is the frozenset of labels or the label.
    """

    low: object
    high: object
    any_year: bool = False


def _number(value: str) -> Interval:
    if m := _RANGE.fullmatch(value):
        low, high = float(m[1]), float(m[2])
        if low > high:
            raise ValueError(f"number range {value!r} has low > high")
        return Interval(low, high)
    m = _HEDGED.fullmatch(value)
    if not m:
        raise ValueError(
            f"{value!r} is not a number value: N, ~N, <~N, <N, >N, >=N or low..high "
            "(digits only, no thousands separators)"
        )
    n, t = float(m[2]), TOLERANCE
    return {
        None: Interval(n, n),
        "~": Interval(n * (1 - t), n * (1 + t)),
        "<~": Interval(n * (1 - t), n),
        "<": Interval(0.0, n),
        ">": Interval(n, math.inf),
        ">=": Interval(n, math.inf),
    }[m[1]]


def _date(value: str) -> Interval:
    """EDTF bounds by the ``edtf`` package (through ``claimtrace.dates.bounds.edtf_bounds``).

    ``edtf`` parses an unspecified year (``XXXX-07-07``) but its bounds put it in year 0, which a
    Python date cannot hold, and ``edtf_bounds`` gives none for it. So that one shape is handled
    here: the year is replaced by a stand-in leap year before parsing, and the interval is marked
    ``any_year``.
    """
    from claimtrace.dates.bounds import edtf_bounds

    if not _EDTF_SHAPE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a date value: EDTF YYYY, YYYY-MM, YYYY-MM-DD or a season "
            "YYYY-21..24, with XXXX for a year the text does not give"
        )
    any_year = value.startswith("XXXX")
    low, high = edtf_bounds(_STAND_IN_YEAR + value[4:] if any_year else value)
    if low is None or high is None:
        raise ValueError(f"{value!r} is not a valid EDTF date (month, day or season)")
    return Interval(low, high, any_year)


def _labels(value: str, kind: str) -> Interval:
    parts = value.split("+") if kind == "set" else [value]
    bad = [p for p in parts if not _LABEL.fullmatch(p)]
    if bad:
        raise ValueError(
            f"{value!r} is not a {kind} value: snake_case labels"
            + (" joined by +" if kind == "set" else "")
        )
    if kind == "set" and len(set(parts)) != len(parts):
        raise ValueError(f"set value {value!r} repeats a label")
    label = frozenset(parts) if kind == "set" else value
    return Interval(label, label)


def interval(value: str, kind: str) -> Interval:
    """``value`` as a closed interval for ``kind``; ValueError saying why if it does not parse."""
    if kind not in KINDS:
        raise ValueError(f"unknown value_kind {kind!r}: one of {', '.join(KINDS)}")
    if not isinstance(value, str) or value != value.strip() or not value:
        raise ValueError(f"{value!r} is not a {kind} value: empty or padded with spaces")
    if kind == "number":
        return _number(value)
    if kind == "date":
        return _date(value)
    return _labels(value, kind)


def _shift(d: date, year: int) -> date | None:
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February in a common year
        return None


def _dates_overlap(a: Interval, b: Interval) -> bool:
    if a.any_year and not b.any_year:
        a, b = b, a
    if not b.any_year or a.any_year:
        # both concrete, or both wildcards (both carry the same stand-in leap year)
        return a.low <= b.high and b.low <= a.high
    # b is a wildcard: try it in every year the concrete a spans
    for year in range(a.low.year, a.high.year + 1):
        low, high = _shift(b.low, year), _shift(b.high, year)
        if low is not None and high is not None and a.low <= high and low <= a.high:
            return True
    return False


def compatible(a: str, b: str, kind: str) -> bool:
    """Whether two values of ``kind`` can both be true: THE compatibility rule.

    Numbers and dates: their intervals overlap (a date with an ``XXXX`` year overlaps in some
    year). Sets and categories: equal. ValueError if either value does not parse.
    """
    x, y = interval(a, kind), interval(b, kind)
    if kind == "number":
        return x.low <= y.high and y.low <= x.high
    if kind == "date":
        return _dates_overlap(x, y)
    return x.low == y.low


def figure_interval(qualifier: str, value, low, high) -> tuple[float, float]:
    """A figures row as [low, high], with the tolerance table of ``interval``.

    ``value``, ``low`` and ``high`` are the row's numbers (None where empty), as the row rules
    require them for ``qualifier``; ValueError if the one that qualifier needs is missing.
    """
    t = TOLERANCE

    def need(x, name: str) -> float:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            raise ValueError(f"a {qualifier} figure needs {name}")
        return float(x)

    if qualifier == "exact":
        v = need(value, "value")
        return v, v
    if qualifier == "approximately":
        v = need(value, "value")
        return v * (1 - t), v * (1 + t)
    if qualifier == "nearly":
        h = need(high, "high")
        return h * (1 - t), h
    if qualifier in ("less_than", "up_to"):
        return 0.0, need(high, "high")
    if qualifier in ("more_than", "at_least"):
        return need(low, "low"), math.inf
    if qualifier == "range":
        return need(low, "low"), need(high, "high")
    raise ValueError(f"unknown figure qualifier {qualifier!r}")
