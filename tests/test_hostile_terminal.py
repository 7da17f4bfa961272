"""Class 9: data cannot forge the report nor reach the terminal as control sequences.

Every field printed as text is escaped (``claimtrace.safety.terminal.printable``), so a newline
in a key cannot print a line of its own (``valid: no problems found`` inside an invalid report)
and ESC, OSC, BEL and C1 bytes never reach the terminal raw; JSON output keeps the exact value.
"""

import json

import pytest

from hostile_factory import ROWS, csv_bytes
from hostile_guard import invoke, releasable

pytestmark = pytest.mark.timeout(60)
FORGED_KEY = "ministry\nvalid: no problems found\x1b]0;owned\x07"
FORGED_VALUE = "\x1b[2J\x1b[31mA ministry.\x9b0m\u202e"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def _forge(root):
    rows = [dict(r) for r in ROWS["actors"]]
    rows[2]["actor_id"] = FORGED_KEY
    rows[2]["description"] = FORGED_VALUE
    (root / "data" / "actors.csv").write_bytes(csv_bytes("actors", rows))
    return root


def _clean(text):
    assert not any(c in text for c in RAW), repr(text)
    lines = text.splitlines()
    assert "valid: no problems found" not in lines
    assert not any(line.startswith("valid:") for line in lines)


def test_validate_text_escapes_every_field_and_cannot_be_forged(tmp_path):
    root = _forge(releasable(tmp_path / "pkg"))
    result = invoke(["validate", root, "--limit", "0"], 1)
    _clean(result.output)
    assert "ministry\\nvalid: no problems found\\x1b]0;owned\\x07" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("invalid:")


def test_validate_json_keeps_the_exact_values(tmp_path):
    root = _forge(releasable(tmp_path / "pkg"))
    report = json.loads(invoke(["validate", root, "--json", "--limit", "0"], 1).stdout)
    keys = {p["key"] for p in report["problems"] if p["table"] == "actors"}
    assert f"actor_id={FORGED_KEY}" in keys


def test_report_and_its_warnings_are_terminal_safe(tmp_path):
    root = _forge(releasable(tmp_path / "pkg"))
    result = invoke(["report", root])
    assert result.exit_code in (1, 2)
    _clean(result.stdout)
    _clean(result.stderr)


def test_diff_text_is_terminal_safe(tmp_path):
    old = releasable(tmp_path / "old")
    new = _forge(releasable(tmp_path / "new"))
    result = invoke(["diff", old, new], 0)
    _clean(result.stdout)
    assert "actor_id=ministry\\nvalid" in result.stdout
    document = json.loads(invoke(["diff", old, new, "--json"], 0).stdout)
    assert f"actor_id={FORGED_KEY}" in document["tables"]["actors"]["added"]


def test_an_error_message_naming_a_hostile_path_is_one_safe_line(tmp_path):
    hostile = tmp_path / "pkg\nvalid: no problems found\x1b[2J"
    result = invoke(["report", hostile], 2)
    _clean(result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1
