"""A progress bar on a terminal, none when piped or with --json."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "from claimtrace.cli import main; main()"]


def _on_pty(args: list[str]) -> tuple[int, bytes]:
    """Run the CLI with stdout and stderr on a pseudo-terminal; exit code and all it drew."""
    leader, follower = pty.openpty()
    env = os.environ | {"COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen(CLI + args, stdout=follower, stderr=follower, env=env, cwd=REPO)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the pty closes when the process ends
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return proc.wait(), out


@pytest.mark.slow
def test_validate_on_a_terminal_draws_a_bar():
    code, out = _on_pty(["validate", "."])
    assert code == 0
    assert b"validate: " in out and b"valid: no problems found" in out


@pytest.mark.slow
def test_validate_json_on_a_terminal_draws_nothing_but_json():
    code, out = _on_pty(["validate", ".", "--json"])
    assert code == 0
    assert b"validate: " not in out
    assert out.lstrip().startswith(b"{")


@pytest.mark.slow
def test_validate_piped_draws_nothing():
    done = subprocess.run([*CLI, "validate", "."], capture_output=True, cwd=REPO)
    assert done.returncode == 0
    assert done.stderr == b""
    assert b"validate: " not in done.stdout
