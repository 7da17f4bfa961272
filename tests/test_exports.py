"""Exports: Web Annotation round-trips its anchors, schema.org links resolve, Croissant loads in
mlcroissant, the SQLite database keeps every key; the release carries all of them."""

from __future__ import annotations

import sqlite3

import mlcroissant as mlc
import orjson
import polars as pl
import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.exports.croissant import croissant_metadata
from claimtrace.exports.schema_org import claims_document
from claimtrace.exports.web_annotation import (
    AnnotationError,
    anchors_of,
    annotation_collection,
    read_anchors,
    resolve_quote,
)
from claimtrace.exports.write import export_bytes, exports, write_exports
from claimtrace.valid import load_valid
from corpus_helpers import copy_package
from viewer_helpers import HOSTILE_QUOTE, hostile_package

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def package():
    return load_valid(ROOT)


@pytest.fixture(scope="module")
def annotations(package):
    return orjson.loads(export_bytes(package, "web-annotation"))


def test_web_annotation_read_back_gives_identical_anchors(package, annotations):
    assert read_anchors(annotations, package).equals(anchors_of(package))
    items = annotations["first"]["items"]
    assert annotations["total"] == len(items)
    assert len(items) == package.frames["claims"].height + package.frames["figures"].height


def test_every_quote_selector_resolves_alone_to_its_position_and_quote(package, annotations):
    by_urn = {
        f"urn:sha256:{sha}": package.texts[source]
        for source, sha in package.frames["sources"].select("source_id", "text_sha256").iter_rows()
    }
    for item in annotations["first"]["items"]:
        text = by_urn[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        assert resolve_quote(text, quote) == [position["start"]], item["id"]
        assert text[position["start"] : position["end"]] == quote["exact"]


def test_positions_count_code_points_not_utf16_units(tmp_path):
    corpus = hostile_package(tmp_path / "pkg")
    package = load_valid(corpus.root)
    items = annotation_collection(package)["first"]["items"]
    item = next(i for i in items if i["id"].endswith("kyivindependent_decree.c99"))
    quote, position = item["target"]["selector"]
    text = corpus.text("kyivindependent_decree")
    assert quote["exact"] == HOSTILE_QUOTE
    assert position["start"] == text.index(HOSTILE_QUOTE)
    utf16 = len(text[: position["start"]].encode("utf-16-le")) // 2
    assert utf16 == position["start"] + 1  # the emoji before it is one code point, two units
    assert read_anchors(annotation_collection(package), package).equals(anchors_of(package))


@pytest.mark.parametrize(
    "change",
    [
        lambda sel: sel[1].update(start=sel[1]["start"] + 1),
        lambda sel: sel[0].update(exact=sel[0]["exact"] + "x"),
        lambda sel: sel[0].update(prefix="not the prefix"),
    ],
)
def test_reading_back_refuses_a_selector_that_misses_its_quote(package, annotations, change):
    document = orjson.loads(orjson.dumps(annotations))
    change(document["first"]["items"][3]["target"]["selector"])
    with pytest.raises(AnnotationError, match="do not land"):
        read_anchors(document, package)


def test_reading_back_refuses_an_unknown_text(package, annotations):
    document = orjson.loads(orjson.dumps(annotations))
    document["first"]["items"][0]["target"]["source"] = "urn:sha256:" + "0" * 64
    with pytest.raises(AnnotationError, match="no text has the URN"):
        read_anchors(document, package)


def test_schema_org_claims_link_source_attribution_and_first_appearance(package):
    graph = claims_document(package)["@graph"]
    ids = [node["@id"] for node in graph]
    assert len(ids) == len(set(ids))
    linked = {
        ref["@id"]
        for node in graph
        for key in ("appearance", "author", "firstAppearance", "exampleOfWork", "publisher")
        for ref in (node.get(key) if isinstance(node.get(key), list) else [node.get(key)])
        if isinstance(ref, dict) and "@id" in ref
    }
    assert linked <= set(ids)
    nodes = {node["@id"]: node for node in graph}
    for c in package.frames["claims"].iter_rows(named=True):
        node = nodes[f"urn:claimtrace:claim:{c['claim_id']}"]
        assert node["@type"] == "Claim" and node["text"] == c["quote"]
        assert node["appearance"] == {"@id": f"urn:claimtrace:source:{c['source_id']}"}
        if c["attribution_actor_id"]:
            assert node["author"] == {"@id": f"urn:claimtrace:actor:{c['attribution_actor_id']}"}
        else:
            assert "author" not in node
    first = dict(package.frames["claims"].select("claim_id", "source_id").iter_rows())
    for p in package.frames["propositions"].iter_rows(named=True):
        node = nodes[f"urn:claimtrace:proposition:{p['proposition_id']}"]
        source = first[p["original_claim_id"]]
        assert node["firstAppearance"] == {"@id": f"urn:claimtrace:source:{source}"}
        assert node["firstAppearance"] in node["appearance"]


def _croissant(folder):
    dataset = mlc.Dataset(jsonld=str(folder / "croissant.json"))
    return dataset, dataset.metadata.ctx.issues


def test_croissant_loads_in_mlcroissant_and_every_record_set_reads_whole(tmp_path, package):
    copy = copy_package(tmp_path)
    (copy / "croissant.json").write_bytes(orjson.dumps(croissant_metadata(package)))
    dataset, issues = _croissant(copy)
    assert issues.errors == set()
    for name, frame in package.frames.items():
        records = list(dataset.records(name))
        assert len(records) == frame.height, name
        key = package.schemas[name].primary_key[0]
        got = sorted(r[f"{name}/{key}"].decode() for r in records)
        assert got == sorted(frame[key].to_list())


def test_sqlite_has_every_table_with_keys_and_passes_foreign_key_check(tmp_path, package):
    path = write_exports(exports(package, ["sqlite"]), tmp_path)[0]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for name, frame in package.frames.items():
        assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == frame.height
        pk = [
            r[1]
            for r in sorted(db.execute(f'PRAGMA table_info("{name}")'), key=lambda r: r[5])
            if r[5]
        ]
        assert pk == list(package.schemas[name].primary_key)
        declared = len(package.schemas[name].foreign_keys)
        assert len(db.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()) == declared
    for table in ("claims", "figures"):
        wrong = db.execute(
            f'SELECT count(*) FROM "{table}" r JOIN texts t USING (source_id) '
            'WHERE substr(t.text, r.start + 1, r."end" - r.start) != r.quote'
        ).fetchone()[0]
        assert wrong == 0
    db.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE claims SET source_id = 'nowhere' WHERE rowid = 1")


def test_release_carries_the_viewer_and_every_export(tmp_path):
    from release_corpus import build_pinned_release, make_corpus

    release = build_pinned_release(make_corpus, tmp_path)
    sums = (release / "SHA256SUMS").read_text()
    for name in (
        "viewer.html",
        "web-annotations.jsonld",
        "schema-org-claims.jsonld",
        "croissant.json",
        "claimtrace.sqlite",
    ):
        assert (release / name).is_file() and f"  {name}\n" in sums
    dataset, issues = _croissant(release)
    assert issues.errors == set() and issues.warnings == set()
    assert len(list(dataset.records("claims"))) == pl.read_csv(release / "data/claims.csv").height


def test_cli_exports_each_format_and_refuses_unknown_and_invalid(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["export", "sqlite", str(ROOT), "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["claimtrace.sqlite"]
    result = runner.invoke(app, ["export", "pdf", str(ROOT), "--out", str(tmp_path / "b")])
    assert result.exit_code == 2 and "web-annotation" in result.output
    corpus = hostile_package(tmp_path / "pkg")
    corpus.set("claims", "kyivindependent_decree.c99", start="0")
    result = runner.invoke(app, ["export", "all", str(corpus.root), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1 and not (tmp_path / "c").exists()
