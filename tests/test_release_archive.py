"""One file per release: a deterministic .tar.gz that claimtrace.load reads and verifies."""

import gzip
import hashlib
import shutil
import tarfile

import pytest

import claimtrace
from claimtrace.release.archive import archive_bytes
from claimtrace.release.build import build_release
from claimtrace.release.errors import ReleaseError
from release_corpus import EPOCH, make_corpus


@pytest.fixture
def built(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return build_release(make_corpus(tmp_path), tmp_path / "dist")


def test_the_archive_is_byte_identical_across_two_builds(built, tmp_path):
    first = (built.parent / "claimtrace-0.1.0.tar.gz").read_bytes()
    again = build_release(make_corpus(tmp_path / "again"), tmp_path / "again/dist")
    assert (again.parent / "claimtrace-0.1.0.tar.gz").read_bytes() == first
    annotations = built.parent / "claimtrace-0.1.0-annotations.tar.gz"
    assert (again.parent / annotations.name).read_bytes() == annotations.read_bytes()


def test_members_are_sorted_owned_by_root_and_stamped_with_the_release_time(built):
    path = built.parent / "claimtrace-0.1.0.tar.gz"
    with gzip.open(path) as stream:
        assert stream.read(1)  # a gzip stream
    header = path.read_bytes()[:10]
    assert header[4:8] == b"\0\0\0\0"  # gzip header mtime fixed at 0
    with tarfile.open(path) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names[0] == "claimtrace-0.1.0" and names == sorted(names)
    assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
    assert {m.mtime for m in members} == {int(EPOCH)}
    files = {
        f"claimtrace-0.1.0/{p.relative_to(built).as_posix()}"
        for p in built.rglob("*")
        if p.is_file()
    }
    assert {m.name for m in members if m.isfile()} == files


def test_the_annotations_archive_leaves_out_the_texts_only(built):
    with tarfile.open(built.parent / "claimtrace-0.1.0-annotations.tar.gz") as tar:
        names = {m.name for m in tar.getmembers() if m.isfile()}
    assert not [n for n in names if "/data/texts" in n]
    assert (
        "claimtrace-0.1.0/SHA256SUMS" in names and "claimtrace-0.1.0/data/claims.parquet" in names
    )
    assert (
        archive_bytes(built, int(EPOCH), with_texts=False)
        == (built.parent / "claimtrace-0.1.0-annotations.tar.gz").read_bytes()
    )


def test_load_reads_the_archive_like_the_folder_and_verifies_it(built, tmp_path):
    folder = claimtrace.load(built)
    packed = claimtrace.load(built.parent / "claimtrace-0.1.0.tar.gz")
    assert set(folder) == set(packed)
    assert all(folder[n].equals(packed[n]) for n in folder)
    assert claimtrace.load(built.parent / "claimtrace-0.1.0-annotations.tar.gz")["claims"].height
    # an archive whose Parquet file was changed after the build is refused
    work = tmp_path / "tamper"
    shutil.copytree(built, work / built.name)
    path = work / built.name / "data/figures.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(archive_bytes(work / built.name, int(EPOCH)))
    with pytest.raises(ReleaseError, match=r"figures\.parquet: sha256 differs"):
        claimtrace.load(bad)
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive")
    with pytest.raises(ReleaseError, match="not a readable release archive"):
        claimtrace.load(garbage)


def test_the_record_hash_is_the_archive_file_hash(built):
    from claimtrace.release.record import describe_release

    record = describe_release(built, "0" * 40, "2025-07-08T12:00:00Z", {})
    data = (built.parent / "claimtrace-0.1.0.tar.gz").read_bytes()
    assert record.archives["full"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_validate_reads_an_archive_and_names_a_garbage_one(built, tmp_path):
    from claimtrace.validation import validate_package

    assert validate_package(built.parent / "claimtrace-0.1.0.tar.gz").valid
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"\x1f\x8b not really")
    report = validate_package(garbage)
    assert report.exit_code == 2 and "not a readable release archive" in report.to_text()
