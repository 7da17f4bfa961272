"""The viewer page: every highlight is its quote, texts are intact, data cannot inject markup."""

from __future__ import annotations

import re
import time

import polars as pl
import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.valid import load_valid
from claimtrace.viewer.build import build_viewer
from claimtrace.viewer.page import status_order
from viewer_helpers import HOSTILE_QUOTE, HOSTILE_TEXT, hostile_package, page_data, read_page

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
MAX_BYTES = 1_000_000


@pytest.fixture(scope="module")
def corpus_page() -> tuple[str, object]:
    return build_viewer(ROOT).decode("utf-8"), load_valid(ROOT)


def test_every_claim_and_figure_is_highlighted_with_its_exact_quote(corpus_page):
    html, package = corpus_page
    page = read_page(html)
    claims = dict(package.frames["claims"].select("claim_id", "quote").iter_rows())
    figures = dict(package.frames["figures"].select("figure_id", "quote").iter_rows())
    assert dict(page.claims) == claims
    assert dict(page.figures) == figures


def test_each_text_column_is_the_archived_text_unchanged(corpus_page):
    html, package = corpus_page
    assert dict(read_page(html).columns) == package.texts


def test_the_page_is_small_and_asks_for_nothing_from_the_network(corpus_page):
    html, _ = corpus_page
    assert len(html.encode("utf-8")) < MAX_BYTES
    page = read_page(html)
    fetching = [(t, a) for t, a in page.elements if {"src", "href", "srcset", "action"} & set(a)]
    assert fetching == []
    assert [t for t, _ in page.elements if t in ("link", "iframe", "img", "object")] == []
    assert not re.search(r"url\((?!#)|@import|fetch\(|XMLHttpRequest|import\(", html)
    csp = next(a["content"] for t, a in page.elements if a.get("http-equiv"))
    assert "default-src 'none'" in csp


def test_building_the_corpus_viewer_takes_under_two_seconds():
    started = time.perf_counter()
    build_viewer(ROOT)
    assert time.perf_counter() - started < 2.0


def test_the_data_block_round_trips_and_lists_claims_of_each_proposition(corpus_page):
    html, package = corpus_page
    data = page_data(read_page(html), html)
    claims = package.frames["claims"]
    assert set(data["claims"]) == set(claims["claim_id"])
    per_prop = claims.group_by("proposition_id").agg(pl.col("claim_id").sort())
    for prop, ids in per_prop.iter_rows():
        assert sorted(data["propositions"][prop]["claim_ids"]) == ids


def test_statuses_come_from_the_schema_with_conflicting_first(corpus_page):
    _, package = corpus_page
    order = status_order(package)
    assert order[0] == "conflicting"
    assert sorted(order) == sorted(package.enum("propositions", "status"))
    html, _ = corpus_page
    options = re.findall(r'<option value="([a-z_]+)">', html.split('id="filter-status"')[1])
    assert options[: len(order)] == order


def test_hostile_strings_stay_text(tmp_path):
    corpus = hostile_package(tmp_path / "pkg")
    html = build_viewer(corpus.root).decode("utf-8")
    page = read_page(html)
    assert page.claims["kyivindependent_decree.c99"] == HOSTILE_QUOTE
    scripts = [a for t, a in page.elements if t == "script"]
    assert scripts == [{"type": "application/json", "id": "ct-data"}, {}]
    handlers = [(t, a) for t, a in page.elements for k in a if k.startswith("on")]
    assert handlers == []
    assert [t for t, _ in page.elements if t == "img"] == []
    data = page_data(page, html)
    assert data["claims"]["kyivindependent_decree.c99"]["quote"] == HOSTILE_QUOTE
    assert data["propositions"]["p_hostile"]["canonical_text"] == HOSTILE_TEXT
    titles = [a.get("title") for t, a in page.elements if t == "h2" and a.get("title")]
    assert f"Title {HOSTILE_TEXT}" in titles
    assert "<script>alert" not in html
    assert 'onerror="alert' not in html and "<img" not in html


def test_cli_writes_the_viewer_and_says_its_size(tmp_path):
    out = tmp_path / "viewer.html"
    result = CliRunner().invoke(app, ["view", str(ROOT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{out.stat().st_size:,} bytes" in result.output


def test_cli_refuses_more_sources_than_max_sources_and_writes_nothing(tmp_path):
    out = tmp_path / "viewer.html"
    result = CliRunner().invoke(app, ["view", str(ROOT), "--out", str(out), "--max-sources", "2"])
    assert result.exit_code == 1
    assert "--max-sources 5" in result.output
    assert not out.exists()


def test_cli_refuses_an_invalid_package_and_writes_nothing(tmp_path):
    corpus = hostile_package(tmp_path / "pkg")
    corpus.set("claims", "kyivindependent_decree.c99", quote="not the text")
    out = tmp_path / "viewer.html"
    result = CliRunner().invoke(app, ["view", str(corpus.root), "--out", str(out)])
    assert result.exit_code == 1
    assert "claimtrace validate" in result.output and "claims row" in result.output
    assert not out.exists()


def test_relations_between_propositions_reach_the_panel_from_both_sides(corpus):
    corpus.write(
        "proposition_relations",
        [
            {
                "proposition_id": "p_decree_effective_date",
                "related_proposition_id": "p_decree_signing_date",
                "relation": "supports",
                "note": "An effective date <b>implies</b> a signing before it.",
            }
        ],
    )
    html = build_viewer(corpus.root).decode("utf-8")
    relations = page_data(read_page(html), html)["relations"]
    assert relations["p_decree_effective_date"] == [
        {
            "relation": "supports",
            "other": "p_decree_signing_date",
            "note": "An effective date <b>implies</b> a signing before it.",
        }
    ]
    assert relations["p_decree_signing_date"][0]["other"] == "p_decree_effective_date"
    assert "<b>implies" not in html
