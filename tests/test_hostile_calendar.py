"""Class 8: every date shape the schemas allow names a real date.

A pattern cannot know the calendar: ``date_published`` admits any two digits for a month, and
``event_date`` admits day 30 in February and EDTF's unknown year ``XXXX``. ``date.calendar``
rejects 2025-13, 2025-00, 2025-02-30 and XXXX-02-30, and allows XXXX-02-29 (some year has it) and
the seasons 21-24 only where the field's pattern spells them out.
"""

import pytest

from hostile_factory import ROWS, csv_bytes
from hostile_guard import problems, releasable, validate_json

pytestmark = pytest.mark.timeout(60)


def _published(root, value, precision):
    rows = [dict(r) for r in ROWS["sources"]]
    rows[0].update(
        date_published=value, date_published_precision=precision, date_published_basis="stated"
    )
    (root / "data" / "sources.csv").write_bytes(csv_bytes("sources", rows))
    return "sources", 2, "date_published"


def _event(root, value, precision):
    rows = [dict(r) for r in ROWS["claims"]]
    rows[0].update(event_date=value, event_date_precision=precision)
    (root / "data" / "claims.csv").write_bytes(csv_bytes("claims", rows))
    return "claims", 2, "event_date"


IMPOSSIBLE = [
    (_published, "2025-13", "month"),
    (_published, "2025-00", "month"),
    (_published, "2025-21", "month"),  # no seasons in date_published
    (_published, "2025-02-30", "day"),
    (_published, "2025-00-10", "day"),
    (_published, "2023-02-29", "day"),
    (_event, "XXXX-02-30", "day"),
    (_event, "XXXX-04-31", "day"),
    (_event, "2025-02-29", "day"),
]
POSSIBLE = [
    (_event, "XXXX-02-29", "day"),
    (_event, "2024-02-29", "day"),
    (_event, "2025-22", "season"),
    (_event, "XXXX-07", "month"),
    (_published, "2025-12", "month"),
    (_published, "2025", "year"),
]


@pytest.mark.parametrize(("write", "value", "precision"), IMPOSSIBLE)
def test_an_impossible_date_is_named(tmp_path, write, value, precision):
    root = releasable(tmp_path / "pkg")
    table, row, field = write(root, value, precision)
    code, report = validate_json(root)
    assert code == 1
    hits = problems(report, "date.calendar")
    assert [(p["table"], p["row"], p["field"], p["value"]) for p in hits] == [
        (table, row, field, value)
    ]


@pytest.mark.parametrize(("write", "value", "precision"), POSSIBLE)
def test_a_possible_date_passes(tmp_path, write, value, precision):
    root = releasable(tmp_path / "pkg")
    write(root, value, precision)
    _, report = validate_json(root)
    assert not problems(report, "date.calendar"), report["problems"]
