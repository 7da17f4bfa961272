import subprocess
import sys
from pathlib import Path

import pytest

from claimtrace.release.errors import ReleaseError
from claimtrace.release.tag import tag_release
from release_corpus import REPO, make_corpus, set_version, write_changelog


def git(root, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_corpus(tmp_path)
    (root / ".gitignore").write_text("dist/\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "corpus")
    return root


def bump_to(root, version, *changelog):
    set_version(root, version)
    write_changelog(root, *changelog, version)
    git(root, "commit", "-qam", f"release {version}")


def test_tags_after_building_and_refuses_an_existing_tag(repo):
    result = tag_release(repo)
    assert result.tag == "v0.1.0" and result.previous is None
    assert (repo / "dist/claimtrace-0.1.0/SHA256SUMS").is_file()
    message = git(repo, "tag", "-l", "--format=%(contents)", "v0.1.0")
    assert "SHA256SUMS" in message and "data/sources.parquet" in message
    with pytest.raises(ReleaseError, match=r"tag v0\.1\.0 already exists"):
        tag_release(repo)


def test_refuses_a_version_below_the_bump_the_changes_require(repo):
    tag_release(repo)
    path = repo / "data/figures.csv"
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))  # a row removed
    bump_to(repo, "0.1.1", "0.1.0")
    with pytest.raises(ReleaseError, match=r"changes since v0.1.0 are major.*at least 1.0.0"):
        tag_release(repo)
    assert git(repo, "tag", "-l").split() == ["v0.1.0"]
    bump_to(repo, "1.0.0", "0.1.0")
    result = tag_release(repo)
    assert (result.tag, result.previous, result.bump.label) == ("v1.0.0", "v0.1.0", "major")


def test_a_correction_allows_a_patch_release(repo):
    tag_release(repo)
    path = repo / "data/lineage.csv"
    path.write_text(path.read_text().replace(",high,", ",medium,", 1))
    bump_to(repo, "0.1.1", "0.1.0")
    assert tag_release(repo).bump.label == "patch"


def test_refuses_uncommitted_changes_and_a_version_below_the_latest_tag(repo):
    (repo / "data/lineage.csv").write_text("dirty\n")
    with pytest.raises(ReleaseError, match="uncommitted changes"):
        tag_release(repo)
    git(repo, "checkout", "--", "data/lineage.csv")
    git(repo, "tag", "v0.2.0")
    with pytest.raises(ReleaseError, match=r"below the existing tag v0\.2\.0"):
        tag_release(repo)


def test_script_reports_refusal_without_traceback(repo):
    script = REPO / "scripts/tag_release.py"
    ok = subprocess.run([sys.executable, script, str(repo)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "tagged v0.1.0" in ok.stdout
    again = subprocess.run([sys.executable, script, str(repo)], capture_output=True, text=True)
    assert again.returncode == 1
    assert "already exists" in again.stderr and "Traceback" not in again.stderr
    assert Path(repo / "dist/claimtrace-0.1.0").is_dir()
