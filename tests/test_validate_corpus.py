"""The real corpus in the repository validates, with our validator and with frictionless."""

import json
import os
import subprocess
import sys
from pathlib import Path

from claimtrace.validation import read_tables, validate_package

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_claimtrace_validate_accepts_the_real_corpus():
    result = subprocess.run(
        [str(BIN / "claimtrace"), "validate", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_claimtrace_validate_json_on_the_real_corpus():
    result = subprocess.run(
        [str(BIN / "claimtrace"), "validate", "datapackage.json", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
    doc = json.loads(result.stdout)
    assert doc["valid"] is True and doc["problems"] == [] and doc["not_shown"] == 0


def test_frictionless_accepts_the_real_corpus():
    result = subprocess.run(
        [str(BIN / "frictionless"), "validate", "--type", "package", "datapackage.json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_read_tables_gives_typed_frames_with_row_positions():
    report = validate_package(REPO)
    assert report.valid, report.to_text()
    frames = read_tables(REPO)
    assert set(frames) == {
        "sources",
        "lineage",
        "actors",
        "claims",
        "figures",
        "claim_actors",
        "propositions",
        "proposition_relations",
    }
    sources = frames["sources"]
    assert sources["_row"].to_list() == list(range(2, sources.height + 2))
    assert str(sources.schema["text_chars"]) == "Int64"
    assert str(sources.schema["ai_generated"]) == "Boolean"
