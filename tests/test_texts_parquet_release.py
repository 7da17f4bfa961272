"""``claimtrace release --texts parquet``: deterministic, checksummed, valid for claimtrace and
frictionless, and ``load(texts=True)`` reads the same texts from either layout."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from claimtrace import load
from claimtrace.release.build import build_release
from claimtrace.release.errors import ReleaseError
from claimtrace.texts_table.convert import convert_to_parquet
from claimtrace.texts_table.layout import texts_resource
from claimtrace.validation import validate_package
from hostile_guard import invoke
from release_corpus import EPOCH, frictionless_cli, make_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("texts_release")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        root = make_corpus(base)
        return {
            "root": root,
            "parquet": build_release(root, base / "a", texts="parquet"),
            "again": build_release(root, base / "b", texts="parquet"),
            "txt": build_release(root, base / "c"),
        }
    finally:
        mp.undo()


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_parquet_release_is_the_same_bytes_twice(built):
    first, second = _files(built["parquet"]), _files(built["again"])
    assert first == second
    assert "data/texts/part-00000.parquet" in first
    assert not [p for p in first if p.endswith(".txt")]
    tars = [p.name for p in built["parquet"].parent.iterdir() if p.is_file()]
    for name in tars:
        again = built["again"].parent / name
        assert again.read_bytes() == (built["parquet"].parent / name).read_bytes()


def test_the_parquet_release_declares_and_checksums_its_parts(built):
    release = built["parquet"]
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    texts = texts_resource(descriptor)
    assert texts["path"] == ["data/texts/part-00000.parquet"]
    facts = texts["integrity"]["parts"][0]
    part = release / facts["path"]
    assert facts["bytes"] == part.stat().st_size
    assert facts["hash"] == "sha256:" + hashlib.sha256(part.read_bytes()).hexdigest()
    assert f"  {facts['path']}" in (release / "SHA256SUMS").read_text(encoding="utf-8")
    assert [f["name"] for f in texts["schema"]["fields"]] == ["source_id", "text", "sha256"]
    assert not [r for r in descriptor["resources"] if r.get("type") == "text"]


def test_claimtrace_validate_passes_on_the_parquet_release(built):
    report = validate_package(built["parquet"])
    assert report.valid, report.to_text(10)


def test_a_damaged_part_of_a_release_fails_its_integrity_checks(built, tmp_path):
    copy = tmp_path / "release"
    shutil.copytree(built["parquet"], copy)
    part = copy / "data/texts/part-00000.parquet"
    part.write_bytes(part.read_bytes() + b"\0")
    rules = set(validate_package(copy).problems["rule"])
    assert {"integrity.bytes", "integrity.hash", "integrity.sha256sums"} <= rules


def test_frictionless_command_line_passes_on_the_parquet_release(built):
    done = frictionless_cli(built["parquet"])
    assert done.returncode == 0, done.stdout[-2000:]
    assert "texts" in done.stdout


@pytest.mark.parametrize("backend", ["polars", "pandas", "arrow"])
def test_load_reads_the_same_texts_from_either_layout(built, backend):
    from_parquet = load(built["parquet"], backend, texts=True)
    from_txt = load(built["txt"], backend, texts=True)
    assert from_parquet["texts"].equals(from_txt["texts"])
    assert set(from_parquet) == set(from_txt)
    assert len(from_parquet["texts"]) == len(from_txt["sources"]) == 5
    assert "texts" not in load(built["parquet"], backend)


def test_load_texts_are_the_archived_texts(built):
    texts = load(built["txt"], texts=True)["texts"]
    for source_id, text, sha in texts.iter_rows():
        stored = (built["root"] / f"data/texts/{source_id}.txt").read_bytes()
        assert stored.decode("utf-8") == text
        assert hashlib.sha256(stored).hexdigest() == sha


def test_a_package_in_the_parquet_layout_releases_in_either_layout(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_corpus(tmp_path)
    convert_to_parquet(root)
    as_txt = build_release(root, tmp_path / "txt")
    assert _files(as_txt) == _files(built["txt"])
    as_parquet = build_release(root, tmp_path / "parquet", texts="parquet")
    assert _files(as_parquet) == _files(built["parquet"])


def test_the_cli_option_builds_the_parquet_layout_and_refuses_an_unknown_one(tmp_path):
    root = make_corpus(tmp_path)
    out = tmp_path / "dist"
    invoke(
        ["release", root, "--out", out, "--texts", "parquet"], 0, env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert (next(out.glob("*-0.1.0")) / "data/texts/part-00000.parquet").is_file()
    invoke(["release", root, "--out", tmp_path / "x", "--texts", "zip"], 2)
    with pytest.raises(ReleaseError):
        build_release(root, tmp_path / "y", texts="zip")
