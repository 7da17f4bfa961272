import json
from pathlib import Path

from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.texts.anchor import find_spans

runner = CliRunner()


def archived(source_id: str) -> str:
    return Path(f"data/texts/{source_id}.txt").read_text(encoding="utf-8")


def test_anchor_prints_code_point_offsets_of_a_unique_quote():
    result = runner.invoke(app, ["anchor", "kyivindependent_decree", "30,000 to 40,000"])
    assert result.exit_code == 0, result.output
    start, end = map(int, result.output.split())
    text = archived("kyivindependent_decree")
    assert text[start:end] == "30,000 to 40,000"


def test_anchor_counts_code_points_not_bytes():
    # "’" is three UTF-8 bytes but one code point.
    result = runner.invoke(app, ["anchor", "byai_decree_rewrite", "country’s army", "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    text = archived("byai_decree_rewrite")
    assert text[got["start"] : got["end"]] == "country’s army"
    assert got["start"] != text.encode("utf-8").find("country’s army".encode())


def test_anchor_refuses_an_ambiguous_quote_and_lists_candidates():
    result = runner.invoke(app, ["anchor", "kyivindependent_decree", "martial law"])
    assert result.exit_code == 1
    assert "occurs 2 times" in result.output
    assert result.output.count("martial law") >= 3


def test_anchor_picks_an_occurrence_on_request():
    first = runner.invoke(
        app, ["anchor", "kyivindependent_decree", "martial law", "--occurrence", "2"]
    )
    assert first.exit_code == 0
    text = archived("kyivindependent_decree")
    start, _ = map(int, first.output.split())
    assert start == text.rfind("martial law")


def test_anchor_refuses_an_absent_quote_with_the_nearest_prefix():
    result = runner.invoke(app, ["anchor", "kyivindependent_decree", "signed a decree on July 8"])
    assert result.exit_code == 1
    assert "not found" in result.output
    assert "signed a decree on July " in result.output


def test_anchor_refuses_a_source_id_that_is_a_path():
    result = runner.invoke(app, ["anchor", "../../etc/passwd", "root"])
    assert result.exit_code == 2
    assert "not a source id" in result.output


def test_find_spans_finds_overlapping_occurrences():
    assert [(s.start, s.end) for s in find_spans("aaa", "aa")] == [(0, 2), (1, 3)]
