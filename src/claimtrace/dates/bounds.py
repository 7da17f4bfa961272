"""The earliest and latest day an EDTF string can mean, by the ``edtf`` package.

The one place the package calls ``edtf``: the release's typed date columns use it directly, and
``claimtrace.semantics.values`` builds its date intervals on it (treating ``XXXX`` as a year
wildcard). Here a year the text does not give (``XXXX``) has no bounds: any year would be a guess.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

_PLAIN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def edtf_bounds(value: str | None) -> tuple[date | None, date | None]:
    """``(earliest, latest)`` of an EDTF date or interval; ``(None, None)`` when there are none.

    None is returned for an empty value, text that is not EDTF ("since the invasion began"), an
    unknown year (``XXXX-07-07``) and an open or unknown interval end.
    """
    if not value or "X" in value:
        return None, None
    return plain_bounds(value) or parsed_bounds(value)


def plain_bounds(value: str) -> tuple[date, date] | None:
    """The bounds of a plain calendar year, month or day, or None for any other value.

    ``edtf``'s parser takes milliseconds a value (a second for a handful of dates in a
    validation); these shapes, most dates of a corpus, are computed here instead, and any value
    that is not a real year, month or day goes to the parser. ``tests/test_dates_fast_path.py``
    checks that both give the same bounds.
    """
    m = _PLAIN.fullmatch(value)
    if not m:
        return None
    year = int(m[1])
    try:
        if m[2] is None:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(m[2])
        if m[3] is None:
            last = monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return date(year, month, 1), date(year, month, last)
        day = date(year, month, int(m[3]))
    except ValueError:  # year 0, month 13, a season, 30 February: the parser decides
        return None
    return day, day


def parsed_bounds(value: str) -> tuple[date | None, date | None]:
    """``edtf_bounds`` by ``edtf``'s parser alone."""
    from edtf import parse_edtf, struct_time_to_date
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(value)
        low, high = parsed.lower_strict(), parsed.upper_strict()
        return struct_time_to_date(low), struct_time_to_date(high)
    except (EDTFParseException, ValueError, TypeError, AttributeError, OverflowError):
        return None, None
