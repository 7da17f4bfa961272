"""Calendar dates written as text: every date shape a schema allows must name a real date.

Dates whose precision varies (``2025``, ``2025-07``, ``2025-07-08``, seasons ``2025-21``, and
EDTF's unspecified year ``XXXX-07-08``) are string fields with a pattern, and a pattern cannot
know that February has no 30th (nor, when it allows any two digits, that there is no month 13).
Every string field whose declared pattern starts with a four-digit year is checked here:

- ``YYYY-MM-DD`` is a day of the calendar;
- ``XXXX-MM-DD`` is a day in some year (checked in a leap year: ``XXXX-02-29`` is allowed);
- ``YYYY-MM`` and ``XXXX-MM`` name a month 01-12, or a season 21-24 where the field's own
  pattern admits seasons.
"""

from __future__ import annotations

import re

import polars as pl

from claimtrace.validation.frames import concat_problems, rows_to_problems
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

LAYER = "table"
_YEAR_FIRST = ("[0-9]{4}", "([0-9]{4}")
_FULL_DATE = r"^(?:[0-9]{4}|XXXX)-[0-9]{2}-[0-9]{2}$"
_MONTH = r"^(?:[0-9]{4}|XXXX)-([0-9]{2})$"
_LEAP_YEAR = "2000"
RULES = (
    Rule(
        "date.calendar",
        LAYER,
        "a date in a date field (a string field whose pattern starts with a year) is real: "
        "YYYY-MM-DD a calendar day (no 2025-02-30), XXXX-MM-DD a day of some year (XXXX-02-29 "
        "yes, XXXX-02-30 no), YYYY-MM a month 01-12 (no 2025-13, no 2025-00) or a season "
        "21-24 where the field's pattern allows seasons",
    ),
)


def date_fields(read: TableRead) -> list[str]:
    """String fields whose pattern starts with a four-digit year."""
    return [
        f.name
        for f in read.schema.fields
        if f.type == "string"
        and f.name in read.present
        and str(f.constraints.get("pattern", "")).startswith(_YEAR_FIRST)
    ]


def _seasons_allowed(pattern: str) -> bool:
    """Whether the field's pattern spells out months and admits the seasons 21-24 among them."""
    try:
        return bool(re.fullmatch(pattern, "2000-21")) and not re.fullmatch(pattern, "2000-13")
    except re.error:
        return False


def _impossible(name: str, seasons: bool) -> pl.Expr:
    """True where the cell has a date shape but names no real date."""
    col = pl.col(name)
    full = col.str.contains(_FULL_DATE)
    day = col.str.replace("^XXXX", _LEAP_YEAR).str.to_date("%Y-%m-%d", strict=False)
    month = col.str.extract(_MONTH, 1).cast(pl.Int32, strict=False)
    month_ok = month.is_between(1, 12)
    if seasons:
        month_ok = month_ok | month.is_between(21, 24)
    return (full & day.is_null()) | (month.is_not_null() & ~month_ok)


def calendar_problems(read: TableRead) -> pl.DataFrame:
    """One problem per date-shaped cell that names no real date."""
    if read.typed is None:
        return concat_problems([])
    out = []
    for name in date_fields(read):
        col = pl.col(name)
        pattern = str(read.schema.field(name).constraints.get("pattern", ""))
        # the test is of the value alone: made once per distinct value, rows looked up after
        values = read.typed.select(col.unique())
        wrong = values.filter(_impossible(name, _seasons_allowed(pattern)).fill_null(False))
        if wrong.height == 0:
            continue
        bad = read.typed.filter(col.is_in(wrong[name].implode()))
        out.append(
            rows_to_problems(
                bad,
                read.schema,
                layer=LAYER,
                rule="date.calendar",
                field=name,
                message=pl.format(
                    "{} is not a date of the calendar; write an existing date YYYY-MM-DD (a "
                    "month 01-12, a day the month has), or YYYY-MM or YYYY if the day or month "
                    "is not known",
                    col,
                ),
            )
        )
    return concat_problems(out)
