"""The earliest and latest day an EDTF string can mean, by the ``edtf`` package.

The one place the package calls ``edtf``: the release's typed date columns use it directly, and
``claimtrace.semantics.values`` builds its date intervals on it (treating ``XXXX`` as a year
wildcard). Here a year the text does not give (``XXXX``) has no bounds: any year would be a guess.
"""

from __future__ import annotations

from datetime import date


def edtf_bounds(value: str | None) -> tuple[date | None, date | None]:
    """``(earliest, latest)`` of an EDTF date or interval; ``(None, None)`` when there are none.

    None is returned for an empty value, text that is not EDTF ("since the invasion began"), an
    unknown year (``XXXX-07-07``) and an open or unknown interval end.
    """
    from edtf import parse_edtf, struct_time_to_date
    from edtf.parser.edtf_exceptions import EDTFParseException

    if not value or "X" in value:
        return None, None
    try:
        parsed = parse_edtf(value)
        low, high = parsed.lower_strict(), parsed.upper_strict()
        return struct_time_to_date(low), struct_time_to_date(high)
    except (EDTFParseException, ValueError, TypeError, AttributeError, OverflowError):
        return None, None
