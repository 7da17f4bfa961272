"""Calendar dates written as text: a full ``YYYY-MM-DD`` must name a day that exists.

Dates whose precision varies (``2025``, ``2025-07``, ``2025-07-08``, seasons ``2025-21``) are
string fields with a pattern, and a pattern cannot know that February has no 30th. Every string
field whose declared pattern starts with a four-digit year is checked here.
"""

from __future__ import annotations

import polars as pl

from claimtrace.validation.frames import concat_problems, rows_to_problems
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

LAYER = "table"
_YEAR_FIRST = ("[0-9]{4}", "([0-9]{4}")
_FULL_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
RULES = (
    Rule(
        "date.calendar",
        LAYER,
        "a date written YYYY-MM-DD in a date field (a string field whose pattern starts with a "
        "year) is a real calendar day: no 2025-02-30, no month 13",
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


def calendar_problems(read: TableRead) -> pl.DataFrame:
    """One problem per full date that names no real day."""
    if read.typed is None:
        return concat_problems([])
    out = []
    for name in date_fields(read):
        col = pl.col(name)
        bad = read.typed.filter(
            col.str.contains(_FULL_DATE) & col.str.to_date("%Y-%m-%d", strict=False).is_null()
        )
        out.append(
            rows_to_problems(
                bad,
                read.schema,
                layer=LAYER,
                rule="date.calendar",
                field=name,
                message=pl.format(
                    "{} is not a day of the calendar; write an existing date YYYY-MM-DD, or "
                    "YYYY-MM if the day is not known",
                    col,
                ),
            )
        )
    return concat_problems(out)
