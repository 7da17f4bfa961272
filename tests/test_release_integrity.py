"""claimtrace validate on a release checks every declared size and hash, SHA256SUMS, and that each
Parquet table holds its CSV table's rows: a tampered, missing or garbage file is a named problem."""

import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.release.checksums import sha256_file, sha256sums
from claimtrace.validation import validate_package
from release_corpus import build_pinned_release, make_corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_pinned_release(make_corpus, tmp_path_factory.mktemp("integrity"))


@pytest.fixture
def copy(release, tmp_path):
    target = tmp_path / release.name
    shutil.copytree(release, target)
    return target


def rules(root):
    report = validate_package(root)
    return report, set(report.problems["rule"].to_list())


def test_a_fresh_release_is_valid(release):
    assert validate_package(release).valid


@pytest.mark.parametrize(
    "table", ["sources", "lineage", "actors", "claims", "figures", "claim_actors", "propositions"]
)
def test_one_flipped_byte_in_any_parquet_file_fails(copy, table):
    path = copy / f"data/{table}.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report, found = rules(copy)
    assert report.exit_code == 1
    assert {"integrity.hash", "integrity.sha256sums"} <= found
    hit = report.problems.filter(report.problems["rule"] == "integrity.hash")
    assert hit["table"].to_list() == [f"{table}_parquet"]
    result = runner.invoke(app, ["validate", str(copy)])
    assert result.exit_code == 1 and f"data/{table}.parquet" in result.output


def test_missing_and_unlisted_files_and_a_broken_sums_line_are_named(copy):
    (copy / "data/texts/anon_decree_rewrite.txt").rename(copy / "stray.txt")
    sums = copy / "SHA256SUMS"
    sums.write_text(sums.read_text() + "not a checksum line\n")
    report, found = rules(copy)
    assert {"integrity.missing_file", "integrity.unlisted_file", "integrity.sha256sums"} <= found
    text = report.to_text(None)
    assert "data/texts/anon_decree_rewrite.txt is declared but missing" in text
    assert "stray.txt is in the release but not in SHA256SUMS" in text
    assert "line " in text and "not '<sha256 hex>  <path>'" in text
    (copy / "SHA256SUMS").unlink()
    assert "integrity.sha256sums" in rules(copy)[1]


def test_a_declared_size_that_does_not_hold_is_named(copy):
    dp = json.loads((copy / "datapackage.json").read_text())
    res = next(r for r in dp["resources"] if r["name"] == "claims")
    res["bytes"] += 1
    (copy / "datapackage.json").write_text(json.dumps(dp))
    report, found = rules(copy)
    assert "integrity.bytes" in found
    assert "claims" in report.problems.filter(report.problems["rule"] == "integrity.bytes")["table"]


def _rehash(root):
    """Make every declared hash and SHA256SUMS agree with the files again (a careful forger)."""
    dp = json.loads((root / "datapackage.json").read_text())
    for res in dp["resources"]:
        facts = res["integrity"] if res.get("format") == "parquet" else res
        facts["bytes"] = (root / res["path"]).stat().st_size
        facts["hash"] = "sha256:" + sha256_file(root / res["path"])
    (root / "datapackage.json").write_text(json.dumps(dp))
    (root / "SHA256SUMS").write_bytes(sha256sums(root))


def test_a_parquet_value_that_differs_from_the_csv_is_named_even_with_matching_hashes(copy):
    path = copy / "data/figures.parquet"
    table = pq.read_table(path)
    i = table.schema.get_field_index("value")
    values = table.column("value").to_pylist()
    row = next(n for n, v in enumerate(values) if v is not None)
    values[row] += 1
    pq.write_table(table.set_column(i, table.schema.field(i), pa.array(values, pa.float64())), path)
    _rehash(copy)
    report, found = rules(copy)
    assert found == {"integrity.parquet_matches_csv"}
    p = report.problems.row(0, named=True)
    assert (p["table"], p["field"], p["row"]) == ("figures", "value", row + 2)
    assert p["key"].startswith("figure_id=")


def test_a_garbage_parquet_file_is_named_not_raised(copy):
    (copy / "data/lineage.parquet").write_bytes(b"garbage")
    _rehash(copy)
    report, found = rules(copy)
    assert found == {"integrity.parquet"} and report.exit_code == 1


def test_the_working_corpus_is_not_held_to_release_rules():
    from release_corpus import REPO

    report = validate_package(REPO)
    assert not [r for r in report.problems["rule"].to_list() if r.startswith("integrity.")]
