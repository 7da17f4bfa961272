"""Class 5: a release's declared integrity is checked; tampering is a named problem, never valid.

Built with the integrity checks of issue 9 (``claimtrace.integrity``); these tests add the hostile
forms through the command line: a tampered CSV or text, a wrong declared hash, a missing or
garbage Parquet file, SHA256SUMS swapped for a named pipe: each exits 1 naming the rule and file,
with no traceback and no hang (timeout). A file swapped for a symlink leading out is refused as a
descriptor problem (exit 2) and never opened.
"""

import json
import os
import shutil

import pytest

from hostile_guard import SENTINEL, invoke, snapshot, watch
from release_corpus import build_pinned_release, make_corpus

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_pinned_release(make_corpus, tmp_path_factory.mktemp("hostile_integrity"))


@pytest.fixture
def copy(release, tmp_path):
    return shutil.copytree(release, tmp_path / release.name, symlinks=True)


def _tamper_csv(root):
    path = root / "data" / "actors.csv"
    path.write_bytes(path.read_bytes().replace(b"a", b"e", 1))
    return "integrity.hash", "data/actors.csv"


def _wrong_hash(root):
    desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["path"] == "data/lineage.csv")
    res["hash"] = "sha256:" + "0" * 64
    (root / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")
    return "integrity.hash", "data/lineage.csv"


def _missing_parquet(root):
    (root / "data" / "claims.parquet").unlink()
    return "integrity.missing_file", "data/claims.parquet"


def _garbage_parquet(root):
    (root / "data" / "figures.parquet").write_bytes(b"PAR1 this is not parquet PAR1")
    return "integrity.parquet", "data/figures.parquet"


def _tamper_text(root):
    text = next((root / "data" / "texts").glob("*.txt"))
    text.write_bytes(text.read_bytes() + b"Forged.\n")
    return "integrity.hash", f"data/texts/{text.name}"


def _fifo_sums(root):
    (root / "SHA256SUMS").unlink()
    os.mkfifo(root / "SHA256SUMS")
    return "integrity.sha256sums", "SHA256SUMS"


CASES = {
    f.__name__.lstrip("_"): f
    for f in (
        _tamper_csv,
        _wrong_hash,
        _missing_parquet,
        _garbage_parquet,
        _tamper_text,
        _fifo_sums,
    )
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_tampered_release_is_invalid_and_names_the_file(copy, case):
    rule, rel = CASES[case](copy)
    result = invoke(["validate", copy, "--json", "--limit", "0"], 1)
    report = json.loads(result.stdout)
    hits = [p for p in report["problems"] if p["rule"] == rule]
    assert hits and any(rel in (p["message"] or "") + (p["value"] or "") for p in hits), hits


def test_a_release_file_swapped_for_a_symlink_leading_out_is_never_read(copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "actors.parquet").write_text(SENTINEL, encoding="utf-8")
    (copy / "data" / "actors.parquet").unlink()
    (copy / "data" / "actors.parquet").symlink_to(outside / "actors.parquet")
    before = snapshot(outside)
    with watch(outside):
        result = invoke(["validate", copy, "--json", "--limit", "0"], 2)  # a descriptor problem
    assert SENTINEL not in result.output and "data/actors.parquet" in result.output
    assert snapshot(outside) == before


def test_an_archive_that_would_expand_beyond_the_limit_is_refused_before_extracting(
    tmp_path, monkeypatch
):
    import io
    import tarfile

    import claimtrace.release.archive as archive_module

    monkeypatch.setattr(archive_module, "MAX_EXTRACTED_BYTES", 1 << 20)  # a small bomb will do
    archive = tmp_path / "bomb-1.0.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("bomb-1.0.0/data/zeros.csv")
        info.size = 2 << 20
        tar.addfile(info, io.BytesIO(bytes(info.size)))
    assert archive.stat().st_size < 16 << 10  # it compresses to a few KiB
    extracted = []
    monkeypatch.setattr(
        archive_module.tarfile.TarFile, "extractall", lambda *a, **k: extracted.append(1)
    )
    result = invoke(["validate", archive, "--json"], 2)
    message = json.loads(result.stdout)["error"]["message"]
    assert "expands to" in message and "not extracted" in message and not extracted
