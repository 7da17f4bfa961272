"""The Parquet texts table is validated by the rules of the ``.txt`` layout, and hostile parts
are reported by name (exit 1) or refused (exit 2), never with a traceback."""

from __future__ import annotations

import json
import os
from pathlib import PurePosixPath

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimtrace.texts_table.convert import convert_to_parquet
from claimtrace.texts_table.layout import texts_resource
from claimtrace.texts_table.schema import texts_schema
from claimtrace.texts_table.write import cut_parts
from claimtrace.validation import validate_package
from corpus_factory import build_corpus
from hostile_guard import invoke, problems, validate_json
from mutations import MUTATIONS

TEXT_MUTATIONS = [
    m
    for m in MUTATIONS
    if m.id
    in {
        "quote",
        "span_past_end",
        "text_sha256",
        "text_chars",
        "text_missing",
        "text_not_utf8",
        "text_crlf",
        "text_not_nfc",
        "text_path_id",
        "text_path_unsafe",
        "orphan_text",
    }
]
SMALL_PARTS = {"max_rows": 2}  # the five curated texts in three parts


def _findings(found: pl.DataFrame) -> set[tuple[str, str | None]]:
    """(rule, key) of every problem. An orphan ``.txt`` file has no row, so it is keyed by the
    source id its file name would give (what the texts table's orphan row is keyed by)."""
    orphan = (pl.col("rule") == "corpus.orphan_text") & pl.col("key").is_null()
    stem = pl.col("value").str.extract(r"([^/]+)\.txt$")
    keyed = found.with_columns(
        key=pl.when(orphan).then(pl.lit("source_id=") + stem).otherwise("key")
    )
    return set(keyed.select("rule", "key").iter_rows())


@pytest.fixture
def corpus(tmp_path):
    return build_corpus(tmp_path / "corpus")


def _resource(root):
    return texts_resource(json.loads((root / "datapackage.json").read_text(encoding="utf-8")))


def test_the_curated_corpus_in_the_parquet_layout_is_valid(corpus):
    parts = convert_to_parquet(corpus.root, **SMALL_PARTS)
    assert len(parts) == 3 and not list((corpus.root / "data/texts").glob("*.txt"))
    assert _resource(corpus.root)["path"] == parts
    report = validate_package(corpus.root)
    assert report.valid, report.to_text(10)


def test_parts_are_cut_by_rows_and_by_bytes_in_id_order():
    texts = {"c": b"x" * 5, "a": b"x" * 5, "b": b"x" * 5, "d": b"x" * 20}
    assert cut_parts(texts, max_rows=2, max_bytes=100) == [["a", "b"], ["c", "d"]]
    assert cut_parts(texts, max_rows=9, max_bytes=10) == [["a", "b"], ["c"], ["d"]]
    assert cut_parts({}) == []


@pytest.mark.parametrize("mutation", TEXT_MUTATIONS, ids=lambda m: m.id)
def test_a_text_mutation_is_found_alike_in_both_layouts(corpus, mutation):
    expected = mutation.apply(corpus)
    as_txt = _findings(validate_package(corpus.root).problems)
    assert expected.rule in {rule for rule, _ in as_txt}  # never two empty sets
    convert_to_parquet(corpus.root, **SMALL_PARTS)
    as_parquet = _findings(validate_package(corpus.root).problems)
    assert as_parquet == as_txt


def test_a_content_problem_names_the_texts_table_the_row_and_the_field(corpus):
    corpus.root.joinpath("data/texts/byai_decree_rewrite.txt").write_bytes(b"caf\xc3\xa9\x00\r\n")
    convert_to_parquet(corpus.root, **SMALL_PARTS)
    found = validate_package(corpus.root).problems.filter(pl.col("table") == "texts")
    rows = {(p["rule"], p["key"], p["field"]) for p in found.to_dicts()}
    key = "source_id=byai_decree_rewrite"
    assert {("corpus.text_normal_form", key, "text"), ("encoding.nul", key, "text")} <= rows
    assert all("part-" in m for m in found["message"])


def _rewrite_part(root, rel, table):
    (root / rel).unlink()
    pq.write_table(table, root / rel)


def test_rows_the_txt_layout_cannot_have_are_reported(corpus):
    convert_to_parquet(corpus.root, **SMALL_PARTS)
    rel = _resource(corpus.root)["path"][0]
    table = pq.read_table(corpus.root / rel)
    first = table.slice(0, 1)
    sha = pa.array(["0" * 64] * first.num_rows, pa.string())
    tampered = pa.concat_tables([table, first.set_column(2, table.schema.field(2), sha)])
    _rewrite_part(corpus.root, rel, tampered)
    found = validate_package(corpus.root).problems
    key = f"source_id={first['source_id'][0].as_py()}"
    rows = {(p["table"], p["rule"], p["key"]) for p in found.to_dicts()}
    assert ("texts", "structure.primary_key", key) in rows
    # the duplicate is reported, not checked again as a text of its own
    assert ("texts", "corpus.texts_sha256", key) not in rows

    table = table.set_column(
        2, table.schema.field(2), pa.array(["f" * 64] * table.num_rows, pa.string())
    )
    _rewrite_part(corpus.root, rel, table)
    found = validate_package(corpus.root).problems
    assert set(found["rule"]) == {"corpus.texts_sha256"} and set(found["field"]) == {"sha256"}


def _hostile(corpus, damage):
    convert_to_parquet(corpus.root, **SMALL_PARTS)
    rel = _resource(corpus.root)["path"][1]
    damage(corpus.root, rel)
    return rel


def _not_parquet(root, rel):
    (root / rel).write_bytes(b"PAR1 this is not a Parquet file PAR1")


def _wrong_types(root, rel):
    table = pq.read_table(root / rel)
    _rewrite_part(root, rel, table.set_column(2, "sha256", pa.array([1] * table.num_rows)))


def _missing_column(root, rel):
    _rewrite_part(root, rel, pq.read_table(root / rel).drop_columns(["text"]))


def _extra_column(root, rel):
    table = pq.read_table(root / rel)
    _rewrite_part(root, rel, table.append_column("chars", pa.array([1] * table.num_rows)))


def _symlink(root, rel):
    other = root / "data" / "elsewhere.parquet"
    os.replace(root / rel, other)
    os.symlink(other, root / rel)


def _directory(root, rel):
    (root / rel).unlink()
    (root / rel).mkdir()


def _missing(root, rel):
    (root / rel).unlink()


@pytest.mark.parametrize(
    ("damage", "field"),
    [
        (_not_parquet, "path"),
        (_wrong_types, "sha256"),
        (_missing_column, "text"),
        (_extra_column, "chars"),
        (_symlink, "path"),
        (_directory, "path"),
        (_missing, "path"),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_a_hostile_part_is_a_named_problem(corpus, damage, field):
    rel = _hostile(corpus, damage)
    code, report = validate_json(corpus.root)
    assert code == 1
    found = problems(report, "corpus.texts_table")
    assert [(p["table"], p["field"], p["value"]) for p in found] == [("texts", field, rel)]
    # the texts of a part that could not be read are not reported missing, one by one
    assert not problems(report, "corpus.text_exists")


@pytest.mark.parametrize(
    "path", ["../outside.parquet", "/etc/hostname", "http://127.0.0.1:9/p.parquet", []]
)
def test_a_part_path_outside_the_package_is_refused_before_anything_is_read(corpus, path):
    convert_to_parquet(corpus.root)
    descriptor = json.loads((corpus.root / "datapackage.json").read_text(encoding="utf-8"))
    texts = texts_resource(descriptor)
    texts["path"] = [*texts["path"], path] if isinstance(path, str) else path
    (corpus.root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = invoke(["validate", corpus.root], 2)
    assert "texts" in result.output and "structure.descriptor" in result.output


def test_a_symlinked_part_leading_out_is_refused(corpus, tmp_path):
    convert_to_parquet(corpus.root)
    rel = _resource(corpus.root)["path"][0]
    outside = tmp_path / "outside.parquet"
    os.replace(corpus.root / rel, outside)
    os.symlink(outside, corpus.root / rel)
    result = invoke(["validate", corpus.root], 2)
    assert "outside the package" in result.output


def test_the_texts_schema_is_generated_from_the_sources_schema(corpus):
    sources = json.loads((corpus.root / "schemas/sources.json").read_text(encoding="utf-8"))
    schema = texts_schema(sources)
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == ["source_id", "text", "sha256"]
    declared = {f["name"]: f for f in sources["fields"]}
    assert fields["source_id"] == declared["source_id"]
    assert fields["sha256"] == {**declared["text_sha256"], "name": "sha256"}
    assert schema["primaryKey"] == ["source_id"]


def test_text_path_keeps_its_meaning_in_the_parquet_layout(corpus):
    convert_to_parquet(corpus.root)
    sources = corpus.rows("sources")
    assert all(PurePosixPath(r["text_path"]).stem == r["source_id"] for r in sources), (
        "the converted corpus still names data/texts/<source_id>.txt"
    )


def test_the_viewer_and_exports_read_the_same_texts_from_either_layout(corpus):
    from claimtrace.valid import load_valid

    as_txt = load_valid(corpus.root).texts
    convert_to_parquet(corpus.root, **SMALL_PARTS)
    assert load_valid(corpus.root).texts == as_txt
    assert len(as_txt) == len(corpus.rows("sources"))


def test_the_texts_resource_declares_the_generated_schema(corpus):
    convert_to_parquet(corpus.root)
    descriptor = json.loads((corpus.root / "datapackage.json").read_text(encoding="utf-8"))
    texts_resource(descriptor)["schema"]["fields"][2]["type"] = "integer"
    (corpus.root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    code, report = validate_json(corpus.root)
    assert code == 1
    found = problems(report, "corpus.texts_table")
    assert [(p["table"], p["field"]) for p in found] == [("texts", "schema")]
    assert {p["rule"] for p in report["problems"]} == {"corpus.texts_table"}


def test_conversion_never_reads_a_text_outside_the_package(corpus, tmp_path):
    from claimtrace.safety.files import ContainedFileError

    outside = tmp_path / "secret.txt"
    outside.write_text("secret\n", encoding="utf-8")
    os.symlink(outside, corpus.root / "data/texts/leak.txt")
    before = (corpus.root / "datapackage.json").read_bytes()
    with pytest.raises(ContainedFileError):
        convert_to_parquet(corpus.root)
    assert (corpus.root / "datapackage.json").read_bytes() == before
    assert not list((corpus.root / "data/texts").glob("*.parquet"))
