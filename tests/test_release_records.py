"""Cutting a release writes its record; CI holds rebuilds to it; tags are made from records."""

import json
import os
import subprocess
import sys

import pytest

from claimtrace.release.build import build_release
from claimtrace.release.cut import check_working_version, cut_release
from claimtrace.release.errors import ReleaseError
from claimtrace.release.record import read_record
from claimtrace.release.tag import create_missing_tags
from claimtrace.release.version import Bump, minimum_next
from release_corpus import REPO, make_corpus, set_version, write_changelog

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]


def git(root, *args):
    done = subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "t")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "t@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "t")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "t@example.org")
    root = make_corpus(tmp_path)
    (root / ".gitignore").write_text("dist/\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "corpus")
    return root


def bump_to(root, version, *changelog):
    set_version(root, version)
    write_changelog(root, *changelog, version)
    git(root, "commit", "-qam", f"prepare {version}")


def test_cut_writes_and_commits_a_record_of_every_file_and_archive(repo):
    cut_commit = git(repo, "rev-parse", "HEAD")
    record, path = cut_release(repo)
    assert path == repo / "releases/0.1.0.json"
    assert git(repo, "log", "-1", "--format=%s") == "Record release 0.1.0"
    assert git(repo, "status", "--porcelain") == ""
    data = json.loads(path.read_text())
    assert data["commit"] == cut_commit and data["version"] == "0.1.0"
    assert set(data["writers"]) == {"polars", "pyarrow"}
    release = repo / "dist/claimtrace-0.1.0"
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert set(data["files"]) == files
    archive = repo / "dist/claimtrace-0.1.0.tar.gz"
    assert data["archives"]["full"]["bytes"] == archive.stat().st_size
    assert read_record(repo, "0.1.0") == record


def test_a_recorded_version_that_rebuilds_identically_passes_and_a_changed_one_fails(repo):
    cut_release(repo)
    release = build_release(repo, force=True)
    assert "rebuilds byte for byte" in check_working_version(repo, release)
    path = repo / "data/lineage.csv"
    path.write_text(path.read_text().replace(",high,", ",medium,", 1))
    release = build_release(repo, force=True)
    with pytest.raises(ReleaseError) as caught:
        check_working_version(repo, release)
    message = str(caught.value)
    assert "0.1.0 is recorded" in message and "data/lineage.csv: differs" in message
    assert "bump the version" in message and "CHANGELOG" in message and "cut_release" in message


def test_a_new_version_needs_its_changelog_entry_and_must_be_above_the_records(repo):
    cut_release(repo)
    bump_to(repo, "0.2.0", "0.1.0")
    release = build_release(repo, force=True)
    assert "0.2.0 is a new version, not yet recorded" in check_working_version(repo, release)
    write_changelog(repo, "0.1.0")  # the 0.2.0 entry is gone
    with pytest.raises(ReleaseError, match=r"no '## \[0\.2\.0\]' entry"):
        check_working_version(repo, release)
    (repo / "releases/0.3.0.json").write_text((repo / "releases/0.1.0.json").read_text())
    data = json.loads((repo / "releases/0.3.0.json").read_text())
    data["version"] = "0.3.0"
    (repo / "releases/0.3.0.json").write_text(json.dumps(data))
    write_changelog(repo, "0.1.0", "0.2.0")
    with pytest.raises(ReleaseError, match="versions only go up"):
        check_working_version(repo, release)


def test_cut_refuses_dirty_trees_recorded_versions_and_too_small_bumps(repo):
    (repo / "data/lineage.csv").write_text("dirty\n")
    with pytest.raises(ReleaseError, match="uncommitted changes"):
        cut_release(repo)
    git(repo, "checkout", "--", "data/lineage.csv")
    cut_release(repo)
    with pytest.raises(ReleaseError, match=r"0\.1\.0 is already recorded"):
        cut_release(repo)
    path = repo / "data/figures.csv"
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))  # a row removed
    bump_to(repo, "0.1.1", "0.1.0")
    # Before 1.0.0 a breaking change is a minor bump (semver item 4): 0.2.0, not 1.0.0.
    with pytest.raises(ReleaseError, match=r"changes since 0\.1\.0 are major.*at least 0\.2\.0"):
        cut_release(repo)
    bump_to(repo, "0.2.0", "0.1.0")
    assert cut_release(repo)[0].version == "0.2.0"


def test_minimum_next_follows_semver_before_and_after_one():
    assert minimum_next((0, 1, 0), Bump.MAJOR) == (0, 2, 0)
    assert minimum_next((0, 1, 3), Bump.MINOR) == (0, 2, 0)
    assert minimum_next((0, 1, 3), Bump.PATCH) == (0, 1, 4)
    assert minimum_next((1, 4, 2), Bump.MAJOR) == (2, 0, 0)
    assert minimum_next((1, 4, 2), Bump.MINOR) == (1, 5, 0)


def test_build_refuses_a_recorded_version_with_other_writers_naming_the_difference(repo):
    cut_release(repo)
    path = repo / "releases/0.1.0.json"
    data = json.loads(path.read_text())
    data["writers"]["pyarrow"] = "1.0.0"
    path.write_text(json.dumps(data))
    with pytest.raises(ReleaseError, match=r"pyarrow 1\.0\.0 expected, \S+ installed"):
        build_release(repo, force=True)


def test_cut_and_check_refuse_writers_other_than_the_constraints_pins(repo):
    release = build_release(repo)
    path = repo / "constraints.txt"
    path.write_text(path.read_text().replace("pyarrow==", "pyarrow==1.0.0#"))
    git(repo, "commit", "-qam", "other pin")
    with pytest.raises(ReleaseError, match=r"constraints\.txt pins.*pyarrow 1\.0\.0 expected"):
        cut_release(repo)
    with pytest.raises(ReleaseError, match=r"pyarrow 1\.0\.0 expected"):
        check_working_version(repo, release)


def test_tags_are_made_from_the_records_at_the_recorded_commits(repo):
    record, _ = cut_release(repo)
    git(repo, "commit", "-q", "--allow-empty", "-m", "later work")
    first = create_missing_tags(repo)
    assert [(s.tag, s.commit, s.created) for s in first] == [("v0.1.0", record.commit, True)]
    assert git(repo, "rev-parse", "v0.1.0^{commit}") == record.commit
    assert "claimtrace-0.1.0.tar.gz sha256" in git(repo, "tag", "-l", "--format=%(contents)")
    assert [s.created for s in create_missing_tags(repo)] == [False]
    git(repo, "tag", "-d", "v0.1.0")
    git(repo, "tag", "v0.1.0", "HEAD")  # a wrong tag made by hand
    with pytest.raises(ReleaseError, match=r"points at .* but releases/0\.1\.0\.json records"):
        create_missing_tags(repo)


def test_tag_script_names_a_commit_the_clone_lacks_without_traceback(repo):
    cut_release(repo)
    path = repo / "releases/0.1.0.json"
    data = json.loads(path.read_text())
    data["commit"] = "0" * 40
    path.write_text(json.dumps(data))
    done = subprocess.run(
        [sys.executable, REPO / "scripts/tag_release.py", str(repo)], capture_output=True, text=True
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "records commit 0000000000000000000000000000000000000000" in done.stderr


def _has_cut_commit():
    done = subprocess.run(
        ["git", "cat-file", "-e", "8d73edd^{commit}"], cwd=REPO, capture_output=True
    )
    return done.returncode == 0


needs_history = pytest.mark.skipif(
    not _has_cut_commit(), reason="the clone lacks the 0.1.0 cut commit (shallow clone)"
)


@needs_history
def test_the_record_of_0_1_0_is_rebuilt_byte_for_byte_from_its_cut_commit(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--shared", str(REPO), str(clone)], check=True)
    (clone / "releases/0.1.0.json").unlink(missing_ok=True)
    (clone / "releases").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, REPO / "scripts/record_release.py", "8d73edd", str(clone)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    rebuilt = json.loads((clone / "releases/0.1.0.json").read_text())
    assert rebuilt == json.loads((REPO / "releases/0.1.0.json").read_text())
    assert rebuilt["commit"].startswith("8d73edd")


@needs_history
def test_tag_release_recreates_v0_1_0_at_its_cut_commit(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--shared", str(REPO), str(clone)], check=True)
    subprocess.run(["git", "tag", "-d", "v0.1.0"], cwd=clone, capture_output=True)
    (clone / "releases").mkdir(exist_ok=True)
    (clone / "releases/0.1.0.json").write_bytes((REPO / "releases/0.1.0.json").read_bytes())
    identity = {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(
        [sys.executable, REPO / "scripts/tag_release.py", str(clone)],
        capture_output=True,
        text=True,
        env={**os.environ, **identity},
    )
    assert done.returncode == 0, done.stderr
    assert "v0.1.0 at 8d73edd444e2: created" in done.stdout
    assert git(clone, "rev-parse", "v0.1.0^{commit}").startswith("8d73edd")


def test_check_script_says_what_holds_or_what_to_do_without_traceback(repo):
    script = REPO / "scripts/check_release.py"
    release = build_release(repo)
    new = subprocess.run(
        [sys.executable, script, str(release), str(repo)], capture_output=True, text=True
    )
    assert new.returncode == 0 and "0.1.0 is a new version" in new.stdout
    cut_release(repo)
    path = repo / "data/lineage.csv"
    path.write_text(path.read_text().replace(",high,", ",medium,", 1))
    release = build_release(repo, force=True)
    changed = subprocess.run(
        [sys.executable, script, str(release), str(repo)], capture_output=True, text=True
    )
    assert changed.returncode == 1 and "Traceback" not in changed.stderr
    assert "data/lineage.csv: differs" in changed.stderr and "bump the version" in changed.stderr
