import hashlib
import json
import os
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.release import build as build_module
from claimtrace.release.build import build_release
from claimtrace.release.errors import ReleaseError
from release_corpus import EPOCH, all_bytes, make_corpus, set_version, write_changelog

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return make_corpus(tmp_path)


def test_release_holds_every_table_as_csv_and_parquet_and_every_text(corpus, tmp_path):
    target = build_release(corpus, tmp_path / "dist")
    assert target == tmp_path / "dist" / "claimtrace-0.1.0"
    files = set(all_bytes(target))
    tables = {p.stem for p in (corpus / "data").glob("*.csv")}
    assert {f"data/{t}.csv" for t in tables} <= files
    assert {f"data/{t}.parquet" for t in tables} <= files
    assert {f"data/texts/{p.name}" for p in (corpus / "data/texts").glob("*.txt")} <= files
    assert {"datapackage.json", "SHA256SUMS", "CHANGELOG.md"} <= files
    assert (target / "CHANGELOG.md").read_text().startswith("## [0.1.0]")


def test_descriptor_describes_every_data_file_with_bytes_and_sha256(corpus, tmp_path):
    target = build_release(corpus, tmp_path / "dist")
    dp = json.loads((target / "datapackage.json").read_text())
    assert dp["version"] == "0.1.0"
    assert dp["created"] == "2025-07-08T12:00:00Z"
    assert dp["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    described = set()
    for res in dp["resources"]:
        facts = res["integrity"] if res.get("format") == "parquet" else res
        data = (target / res["path"]).read_bytes()
        assert facts["bytes"] == len(data)
        assert facts["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        if res["type"] == "table":
            assert isinstance(res["schema"], dict)  # inlined: the release is self-contained
        described.add(res["path"])
    data_files = {p for p in all_bytes(target) if p.startswith("data/")}
    assert described == data_files


def test_sha256sums_lists_every_other_file_sorted_and_checks(corpus, tmp_path):
    target = build_release(corpus, tmp_path / "dist")
    lines = (target / "SHA256SUMS").read_text().splitlines()
    paths = [ln.split("  ", 1)[1] for ln in lines]
    assert paths == sorted(set(all_bytes(target)) - {"SHA256SUMS"})
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=target)
        assert done.returncode == 0
        (target / "data/actors.csv").write_bytes(b"tampered\n")
        done = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=target)
        assert done.returncode != 0


def test_building_twice_gives_byte_identical_files(corpus, tmp_path):
    first = build_release(corpus, tmp_path / "one")
    second = build_release(corpus, tmp_path / "two")
    a, b = all_bytes(first), all_bytes(second)
    assert a.keys() == b.keys()
    for rel in a:
        assert a[rel] == b[rel], rel
    mtimes = {p.stat().st_mtime for p in first.rglob("*")}
    assert mtimes == {int(EPOCH)}


def test_release_csv_is_canonical_whatever_the_working_order(corpus, tmp_path):
    path = corpus / "data/actors.csv"
    header, *rows = path.read_text().splitlines(keepends=True)
    path.write_text(header + "".join(reversed(rows)))
    target = build_release(corpus, tmp_path / "dist")
    out = (target / "data/actors.csv").read_bytes()
    assert b"\r" not in out
    ids = [ln.split(",", 1)[0] for ln in out.decode().splitlines()[1:]]
    assert ids == sorted(ids) and len(ids) == len(rows)


def test_created_comes_from_the_last_commit_without_source_date_epoch(
    corpus, tmp_path, monkeypatch
):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with pytest.raises(ReleaseError, match="SOURCE_DATE_EPOCH"):
        build_release(corpus, tmp_path / "dist")
    env = {
        **os.environ,
        "GIT_COMMITTER_DATE": "1700000000 +0000",
        "GIT_AUTHOR_DATE": "1700000000 +0000",
    }
    for cmd in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *cmd], cwd=corpus, check=True, env=env)
    target = build_release(corpus, tmp_path / "dist")
    assert (
        json.loads((target / "datapackage.json").read_text())["created"] == "2023-11-14T22:13:20Z"
    )


def test_refuses_without_a_changelog_entry_for_the_version(corpus, tmp_path):
    write_changelog(corpus, "0.0.9")
    with pytest.raises(ReleaseError, match=r"no '## \[0.1.0\]' entry"):
        build_release(corpus, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()


def test_refuses_when_pyproject_and_datapackage_versions_disagree(corpus, tmp_path):
    set_version(corpus, "0.1.0")
    py = corpus / "pyproject.toml"
    py.write_text(py.read_text().replace('version = "0.1.0"', 'version = "0.2.0"'))
    with pytest.raises(ReleaseError, match="versions disagree"):
        build_release(corpus, tmp_path / "dist")


def test_refuses_a_cell_that_is_not_its_declared_type_naming_table_row_and_field(corpus, tmp_path):
    path = corpus / "data/sources.csv"
    text = path.read_text().splitlines(keepends=True)
    text[2] = text[2].replace(",2050,", ",many,")
    path.write_text("".join(text))
    with pytest.raises(
        ReleaseError,
        match=r"(?s)validation failed.*sources row 3 .*field text_chars.*'many'",
    ):
        build_release(corpus, tmp_path / "dist")


def test_never_overwrites_an_existing_release_unless_forced(corpus, tmp_path):
    target = build_release(corpus, tmp_path / "dist")
    (target / "marker").write_text("old")
    with pytest.raises(ReleaseError, match="already exists"):
        build_release(corpus, tmp_path / "dist")
    assert (target / "marker").exists()
    assert build_release(corpus, tmp_path / "dist", force=True) == target
    assert not (target / "marker").exists()
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        "claimtrace-0.1.0",
        "claimtrace-0.1.0-annotations.tar.gz",
        "claimtrace-0.1.0.tar.gz",
    ]


def test_a_build_failing_half_way_leaves_nothing_behind(corpus, tmp_path, monkeypatch):
    calls = []
    real = build_module.parquet_bytes

    def failing(table):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(table)

    monkeypatch.setattr(build_module, "parquet_bytes", failing)
    with pytest.raises(OSError, match="disk full"):
        build_release(corpus, tmp_path / "dist")
    assert len(calls) == 3
    assert not (tmp_path / "dist").exists()  # the output folder it created is removed too


def test_a_forced_rebuild_that_fails_keeps_the_old_release(corpus, tmp_path, monkeypatch):
    target = build_release(corpus, tmp_path / "dist")
    before = all_bytes(target)
    monkeypatch.setattr(build_module, "sha256sums", lambda root: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build_release(corpus, tmp_path / "dist", force=True)
    assert all_bytes(target) == before
    assert sorted(p.name for p in (tmp_path / "dist").iterdir() if p.is_dir()) == [
        "claimtrace-0.1.0"
    ]
    assert not [p for p in (tmp_path / "dist").iterdir() if p.name.startswith(".")]


def test_cli_builds_and_refuses_with_a_clear_message(corpus, tmp_path):
    result = runner.invoke(app, ["release", str(corpus), "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "claimtrace-0.1.0" in result.output and "parquet" in result.output
    result = runner.invoke(app, ["release", str(corpus), "--out", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "already exists; pass --force" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["release", str(corpus), "--out", str(tmp_path / "d"), "--force"])
    assert result.exit_code == 0, result.output


def test_refuses_a_corpus_that_fails_validation_and_writes_nothing(corpus, tmp_path):
    path = corpus / "data/lineage.csv"
    path.write_text(path.read_text().replace(",kyivindependent_decree,", ",no_such_source,", 1))
    with pytest.raises(ReleaseError, match=r"validation failed.*\n.*lineage.*no_such_source"):
        build_release(corpus, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()
    result = runner.invoke(app, ["release", str(corpus), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1 and "validation failed" in result.output


def test_release_parquet_agrees_with_the_validators_reader(corpus, tmp_path):
    import polars as pl

    import claimtrace
    from claimtrace.validation import read_tables

    target = build_release(corpus, tmp_path / "dist")
    loaded = claimtrace.load(target)
    for name, frame in read_tables(corpus).items():
        got = loaded[name].with_columns(pl.col(pl.Enum).cast(pl.String)).select(frame.columns[1:])
        key = list(json.loads((corpus / f"schemas/{name}.json").read_text())["primaryKey"])
        assert got.equals(frame.drop("_row").sort(key)), name


def test_exchange_swaps_two_directories(tmp_path):
    from claimtrace.release.exchange import exchange

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not exchange(a, b):
        pytest.skip("renameat2 RENAME_EXCHANGE is not available here")
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"
    assert not exchange(a, tmp_path / "missing")
