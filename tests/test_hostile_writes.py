"""Writes are safe: an error, an interrupt or a kill never loses or half-writes a file."""

import os
import signal
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import claimtrace.cli.add_source as add_source_module
from claimtrace.atomic import write_atomic
from claimtrace.cli import app
from hostile_factory import build_package
from hostile_run import validate

runner = CliRunner()
NEW_TEXT = "Gamma Wire\n\nA third report of the same news.\n"


def snapshot(root):
    """Every file of the package (hidden ones included) with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def add_args(root, source):
    return [
        "add-source",
        str(source),
        "--kind",
        "copy",
        "--ai-generated",
        "--ai-evidence",
        "Byline 'By AI'.",
        "--rights",
        "Quoted for research.",
        "--package",
        str(root),
    ]


@pytest.fixture
def package(tmp_path):
    root = build_package(tmp_path / "pkg")
    source = tmp_path / "gamma_wire.txt"
    source.write_text(NEW_TEXT, encoding="utf-8")
    return root, source


def test_a_failed_atomic_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    target.write_bytes(b"old,content\n")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomic(target, b"new" * 100_000)
    assert target.read_bytes() == b"old,content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


def test_an_atomic_write_never_replaces_when_told_not_to(tmp_path):
    target = tmp_path / "text.txt"
    target.write_bytes(b"archived")
    with pytest.raises(FileExistsError):
        write_atomic(target, b"other", overwrite=False)
    assert target.read_bytes() == b"archived"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["text.txt"]


def test_a_killed_writers_temp_file_is_swept_by_the_next_write(tmp_path):
    target = tmp_path / "table.csv"
    code = (
        "import os, sys, signal\n"
        "import claimtrace.atomic as a\n"
        "def die(fd): os.kill(os.getpid(), signal.SIGKILL)\n"
        "a.os.fsync = die\n"
        "a.write_atomic(a.Path(sys.argv[1]), b'half' * 1000)\n"
    )
    target.write_bytes(b"old")
    run = subprocess.run([sys.executable, "-c", code, str(target)], timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"old"  # never half written
    assert len(list(tmp_path.iterdir())) == 2  # the killed writer's temp file
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_add_source_interrupted_before_its_row_leaves_the_package_as_it_was(
    package, monkeypatch, failure
):
    root, source = package
    before = snapshot(root)

    def interrupted(*args, **kwargs):
        raise failure

    monkeypatch.setattr(add_source_module, "write_text_table", interrupted)
    result = runner.invoke(app, add_args(root, source))
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert snapshot(root) == before


def test_add_source_never_overwrites_an_existing_text(package):
    root, source = package
    taken = root / "data" / "texts" / "gamma_wire.txt"
    taken.write_text("A different text already archived.\n", encoding="utf-8")
    before = snapshot(root)
    result = runner.invoke(app, add_args(root, source))
    assert result.exit_code == 2
    assert "taken" in result.output
    assert snapshot(root) == before


def test_add_source_killed_mid_way_loses_nothing_and_a_rerun_completes_it(package):
    root, source = package
    before = snapshot(root)
    code = (
        "import os, signal, sys\n"
        "import claimtrace.cli.add_source as m\n"
        "def killed(*a, **k): os.kill(os.getpid(), signal.SIGKILL)\n"
        "m.write_text_table = killed\n"
        "from claimtrace.cli import app\n"
        "app(sys.argv[1:])\n"
    )
    run = subprocess.run([sys.executable, "-c", code, *add_args(root, source)], timeout=120)
    assert run.returncode == -signal.SIGKILL
    after = snapshot(root)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing lost or changed
    assert set(after) - set(before) == {"data/texts/gamma_wire.txt"}  # complete, not partial
    assert after["data/texts/gamma_wire.txt"] == NEW_TEXT.encode()
    code_, report, _ = validate(root)
    assert code_ == 1 and {p["rule"] for p in report["problems"]} == {"corpus.orphan_text"}
    rerun = runner.invoke(app, add_args(root, source))
    assert rerun.exit_code == 0, rerun.output
    assert "gamma_wire" in (root / "data" / "sources.csv").read_text(encoding="utf-8")
    assert not [p for p in root.rglob(".*.tmp")]


def test_a_release_killed_mid_build_keeps_the_old_release_whole(tmp_path, monkeypatch):
    from claimtrace.release.build import build_release
    from release_corpus import EPOCH, all_bytes, make_corpus

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    corpus = make_corpus(tmp_path)
    target = build_release(corpus, tmp_path / "dist")
    before = all_bytes(target)
    code = (
        "import os, signal, sys\n"
        "import claimtrace.release.build as b\n"
        "b.sha256sums = lambda root: os.kill(os.getpid(), signal.SIGKILL)\n"
        "b.build_release(sys.argv[1], sys.argv[2], force=True)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(corpus), str(tmp_path / "dist")],
        timeout=300,
        env=os.environ | {"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert run.returncode == -signal.SIGKILL
    assert all_bytes(target) == before  # the published release is untouched, never partial
    dist = tmp_path / "dist"
    published = [p.name for p in dist.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert published == [target.name]
