"""A release build killed outright leaves its staging folder; the next build sweeps it.

Only folders of builds that no longer run are removed: a concurrent live build keeps its own.
"""

import os
import signal
import subprocess
import sys

from typer.testing import CliRunner

from claimtrace.cli import app
from release_corpus import EPOCH, all_bytes, make_corpus

runner = CliRunner()
ENV = os.environ | {"SOURCE_DATE_EPOCH": EPOCH}
KILLED = (
    "import os, signal, sys\n"
    "import claimtrace.release.build as b\n"
    "b.sha256sums = lambda root: os.kill(os.getpid(), signal.SIGKILL)\n"
    "b.build_release(sys.argv[1], sys.argv[2], force=True)\n"
)
HELD = (  # a live build that waits, mid-build, until its standard input is closed
    "import sys\n"
    "import claimtrace.release.build as b\n"
    "real = b.sha256sums\n"
    "def held(root):\n"
    "    print('staged', flush=True)\n"
    "    sys.stdin.read()\n"
    "    return real(root)\n"
    "b.sha256sums = held\n"
    "b.build_release(sys.argv[1], sys.argv[2], force=True)\n"
)


def _hidden(dist):
    return sorted(p.name for p in dist.iterdir() if p.name.startswith("."))


def test_the_next_release_sweeps_a_killed_builds_staging_but_not_a_live_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    corpus, dist = make_corpus(tmp_path), tmp_path / "dist"
    first = runner.invoke(app, ["release", str(corpus), "--out", str(dist)])
    assert first.exit_code == 0, first.output
    target = dist / "claimtrace-0.1.0"
    published = all_bytes(target)

    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(corpus), str(dist)], timeout=300, env=ENV
    )
    assert killed.returncode == -signal.SIGKILL
    stale = _hidden(dist)
    assert len(stale) == 1 and stale[0].endswith(".tmp")
    assert all_bytes(target) == published

    live = subprocess.Popen(
        [sys.executable, "-c", HELD, str(corpus), str(dist)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert live.stdout.readline() == "staged\n"
        own = [n for n in _hidden(dist) if n not in stale]  # the live build's staging folder
        assert len(own) == 1

        rerun = runner.invoke(app, ["release", str(corpus), "--out", str(dist), "--force"])
        assert rerun.exit_code == 0, rerun.output
        assert _hidden(dist) == own  # the killed build's folder is gone, the live one's kept
        assert all_bytes(target) == published
    finally:
        live.stdin.close()
        assert live.wait(timeout=300) == 0
    assert _hidden(dist) == []
    assert all_bytes(target) == published
    assert [p.name for p in dist.iterdir() if p.is_dir()] == [target.name]


def test_a_non_forced_rerun_that_refuses_still_sweeps(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    corpus, dist = make_corpus(tmp_path), tmp_path / "dist"
    assert runner.invoke(app, ["release", str(corpus), "--out", str(dist)]).exit_code == 0
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(corpus), str(dist)], timeout=300, env=ENV
    )
    assert killed.returncode == -signal.SIGKILL and len(_hidden(dist)) == 1
    refused = runner.invoke(app, ["release", str(corpus), "--out", str(dist)])
    assert refused.exit_code != 0 and "already exists" in refused.output
    assert _hidden(dist) == []


def test_the_sweep_removes_only_dead_builds_staging_folders_of_this_package(tmp_path):
    from claimtrace.release.staging import sweep_stale

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its pid no longer runs
    names = {
        f".claimtrace-0.1.0.build-{dead.pid}.x1y2.tmp": True,  # a dead build's staging folder
        f".claimtrace-0.2.0.build-{dead.pid}.x1y2.old": True,  # its parked old release
        f".claimtrace-0.1.0.build-{os.getpid()}.x1y2.tmp": False,  # a live build (this one)
        f".other-0.1.0.build-{dead.pid}.x1y2.tmp": False,  # another package's
        ".claimtrace-0.1.0.x1y2.tmp": False,  # no pid: cannot tell whether it runs
        "claimtrace-0.1.0": False,  # a published release
    }
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "f").write_text("x")
    archive = f".claimtrace-0.1.0.tar.gz.build-{dead.pid}.zz.tmp"  # a dead build's archive
    (tmp_path / archive).write_text("half an archive")
    removed = sweep_stale(tmp_path, "claimtrace")
    gone = sorted([archive, *(n for n, gone in names.items() if gone)])
    assert sorted(p.name for p in removed) == gone
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {n for n, gone in names.items() if not gone}


def test_a_killed_builds_half_written_archive_is_swept(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    corpus, dist = make_corpus(tmp_path), tmp_path / "dist"
    dist.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale = dist / f".claimtrace-0.1.0.tar.gz.build-{dead}.abc123.tmp"
    stale.write_bytes(b"half an archive")
    result = runner.invoke(app, ["release", str(corpus), "--out", str(dist)])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert sorted(p.name for p in dist.iterdir()) == [
        "claimtrace-0.1.0",
        "claimtrace-0.1.0-annotations.tar.gz",
        "claimtrace-0.1.0.tar.gz",
    ]
