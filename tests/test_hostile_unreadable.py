"""Tables that exist but cannot be read, made without permissions (tests run as root).

A symlink loop inside the package is the real unreadable file: resolving it stays inside the
package, and opening it fails (ELOOP), so ``structure.unreadable_file`` fires. The other ways a
path can fail to be a readable table are reported under their own rule ids.
"""

import os
import socket

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from hostile_factory import build_package
from hostile_mutations import expect
from hostile_run import assert_caught

runner = CliRunner()


def test_a_symlink_loop_is_an_unreadable_table(tmp_path):
    root = build_package(tmp_path / "pkg")
    table = root / "data" / "actors.csv"
    table.unlink()
    os.symlink("actors.csv", table)
    report = assert_caught(root, expect("structure.unreadable_file", "actors"))
    hit = [p for p in report["problems"] if p["rule"] == "structure.unreadable_file"]
    assert hit[0]["value"] == "data/actors.csv"
    assert "data/actors.csv cannot be read" in hit[0]["message"]
    result = runner.invoke(app, ["report", str(root)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "table 'actors'" in result.stderr and "cannot be read" in result.stderr


def _socket(path):
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))


@pytest.mark.parametrize(
    ("make", "rule", "field"),
    [
        (lambda p: os.symlink("gone.csv", p), "structure.missing_file", None),
        (_socket, "encoding.not_a_file", "path"),
        (lambda p: p.mkdir(), "encoding.not_a_file", "path"),
    ],
    ids=["dangling_symlink", "socket", "directory"],
)
def test_other_unreadable_paths_are_reported_under_their_own_rule(tmp_path, make, rule, field):
    root = build_package(tmp_path / "pkg")
    table = root / "data" / "figures.csv"
    table.unlink()
    make(table)
    assert_caught(root, expect(rule, "figures", None, field))
