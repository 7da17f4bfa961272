"""``claimtrace suggest`` end to end: on a curated source, and on a text added by add-source."""

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from corpus_factory import REPO

runner = CliRunner()
COPIED = ("datapackage.json", "schemas", "data")


def snapshot(root):
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def package(tmp_path):
    root = tmp_path / "pkg"
    root.mkdir()
    for name in COPIED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("drafts"))
        else:
            shutil.copy(src, root / name)
    return root


def suggest(root, *args):
    return runner.invoke(app, ["suggest", *args], catch_exceptions=False)


def test_json_follows_the_issue_shape_and_offsets_are_exact(package):
    before = snapshot(package)
    result = suggest(package, "byai_decree_rewrite", str(package), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert snapshot(package) == before  # nothing written without --write-draft
    assert set(out) == {"source_id", "parents", "claims", "drift", "numbers"}
    assert out["parents"][0]["source_id"] == "kyivindependent_decree"
    assert [p["score"] for p in out["parents"]] == sorted(
        (p["score"] for p in out["parents"]), reverse=True
    )
    text = (package / "data/texts/byai_decree_rewrite.txt").read_text(encoding="utf-8")
    for c in out["claims"]:
        assert set(c) == {"start", "end", "quote", "candidates", "parent_claim_id"}
        assert text[c["start"] : c["end"]] == c["quote"]
        assert 1 <= len(c["candidates"]) <= 3
        assert all(set(x) == {"proposition_id", "score"} for x in c["candidates"])
    parent = (package / "data/texts/kyivindependent_decree.txt").read_text(encoding="utf-8")
    kinds = {d["kind"] for d in out["drift"]}
    assert {"attribution_dropped", "added", "date_changed"} <= kinds
    for d in out["drift"]:
        assert set(d) == {
            "kind", "start", "end", "quote", "parent_source_id", "parent_start", "parent_end",
            "parent_quote", "note",
        }  # fmt: skip
        if d["start"] is not None:
            assert text[d["start"] : d["end"]] == d["quote"]
        if d["parent_start"] is not None:
            assert parent[d["parent_start"] : d["parent_end"]] == d["parent_quote"]


def test_an_unknown_source_is_a_clear_error(package):
    result = runner.invoke(app, ["suggest", "no_such_source", str(package)])
    assert result.exit_code == 2
    assert "unknown source 'no_such_source'" in result.output


NEW_TEXT = (
    "Putin lets foreigners serve in Russian army\n\n"
    "Russian President Vladimir Putin signed a decree on July 7, 2025, permitting foreigners to "
    "serve in the Russian army during periods of mobilization, expanding military recruitment "
    "efforts.\n\n"
    "Moscow currently recruits 50,000 to 60,000 individuals into its army each month, sources "
    "familiar with U.S. and EU intelligence said.\n\n"
    "The move underscores the mounting difficulty of sustaining the war effort.\n"
)


def test_suggest_on_a_new_text_added_with_add_source_then_write_the_draft(package, tmp_path):
    page = tmp_path / "wire_copy.txt"
    page.write_text(NEW_TEXT, encoding="utf-8")
    added = runner.invoke(
        app,
        [
            "add-source", str(page), "--id", "wire_copy", "--kind", "copy", "--human-written",
            "--ai-evidence", "Test text.", "--rights", "Test.", "--package", str(package),
        ],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    result = suggest(package, "wire_copy", str(package), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["parents"][0]["source_id"] == "kyivindependent_decree"
    text = NEW_TEXT
    found = {(d["kind"], d["quote"]) for d in out["drift"]}
    at = {kind: [q for k, q in found if k == kind] for kind in dict(found)}
    assert any("July 7, 2025" in q for q in at["date_changed"])
    assert any("50,000 to 60,000" in q for q in at["value_changed"])
    assert any("intelligence said" in q for q in at["attribution_dropped"])
    assert any("mounting difficulty" in q for q in at["added"])
    assert any(n["surface"] == "2025" for n in out["numbers"])  # a date: still undecided
    assert all(text[c["start"] : c["end"]] == c["quote"] for c in out["claims"])

    before = snapshot(package)
    written = suggest(package, "wire_copy", str(package), "--write-draft")
    assert written.exit_code == 0, written.output
    after = snapshot(package)
    assert set(after) - set(before) == {"data/curation/drafts/wire_copy.csv"}
    assert all(after[k] == v for k, v in before.items())
    rows = list(csv.DictReader(io.StringIO(after["data/curation/drafts/wire_copy.csv"].decode())))
    claims = [r for r in rows if r["claim_id"]]
    assert [r["claim_id"] for r in claims][:2] == ["wire_copy.c01", "wire_copy.c02"]
    assert all(text[int(r["start"]) : int(r["end"])] == r["quote"] for r in claims)
    assert {r["drift"] for r in claims} >= {"date_changed", "value_changed", "added"}

    again = suggest(package, "wire_copy", str(package), "--write-draft")
    assert again.exit_code == 0  # the same draft again: nothing to do

    draft = package / "data/curation/drafts/wire_copy.csv"
    draft.write_text(draft.read_text() + "edited,by,the,curator\n")
    edited = draft.read_bytes()
    refused = runner.invoke(app, ["suggest", "wire_copy", str(package), "--write-draft"])
    assert refused.exit_code == 2
    assert "no draft written" in refused.output
    assert draft.read_bytes() == edited


def test_a_directory_that_is_no_package_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["suggest", "byai_decree_rewrite", str(tmp_path)])
    assert result.exit_code == 2
    assert "datapackage.json" in result.output


def test_the_draft_is_never_written_outside_the_package(package, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (package / "data/curation/drafts").symlink_to(outside, target_is_directory=True)
    result = runner.invoke(app, ["suggest", "byai_decree_rewrite", str(package), "--write-draft"])
    assert result.exit_code == 2
    assert "no draft written" in result.output
    assert list(outside.iterdir()) == []


def test_a_source_with_no_parent_gets_claims_but_no_drift(package):
    result = runner.invoke(app, ["suggest", "anon_foreign_nationals_decree", str(package)])
    assert result.exit_code == 0, result.output
    assert "drift candidates: none (no source reaches the parent score" in result.output
    out = json.loads(
        runner.invoke(
            app, ["suggest", "anon_foreign_nationals_decree", str(package), "--json"]
        ).stdout
    )
    assert out["claims"] and out["drift"] == []
    assert all(c["parent_claim_id"] is None for c in out["claims"])


def test_a_claim_with_broken_offsets_is_named_not_a_traceback(package):
    path = package / "data/claims.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    broken = next(r for r in rows if r["source_id"] == "kyivindependent_decree")
    broken["start"] = "x" + broken["start"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(app, ["suggest", "byai_decree_rewrite", str(package)])
    assert result.exit_code == 2
    assert broken["claim_id"] in result.output
    assert "run claimtrace validate" in result.output
