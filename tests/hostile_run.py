"""Run ``claimtrace validate`` on a package and check the report names what a mutation broke."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from claimtrace.cli import app
from hostile_mutations import Expect

runner = CliRunner()
CLAIMTRACE = str(Path(sys.executable).parent / "claimtrace")


def validate(root: Path, *args: str) -> tuple[int, dict, str]:
    """Exit code, JSON report and all output of ``claimtrace validate ROOT --json --limit 0``."""
    result = runner.invoke(app, ["validate", str(root), "--json", "--limit", "0", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    out = result.output
    assert "Traceback" not in out
    return result.exit_code, json.loads(out), out


def validate_subprocess(
    root: Path, *args: str, env: dict | None = None
) -> subprocess.CompletedProcess:
    """The real console script in a child process (so the environment is the child's own)."""
    return subprocess.run(
        [CLAIMTRACE, "validate", str(root), *args],
        capture_output=True,
        text=True,
        env=env if env is not None else dict(os.environ),
        timeout=120,
    )


def assert_caught(root: Path, want: Expect) -> dict:
    """The package fails with ``want.exit_code`` and a problem at the expected place."""
    code, report, out = validate(root)
    assert code == want.exit_code, out
    assert not report["valid"]
    found = [
        p
        for p in report["problems"]
        if p["rule"] in want.rules
        and p["table"] == want.table
        and (want.row is None or p["row"] == want.row)
        and (want.field is None or p["field"] == want.field)
    ]
    assert found, f"expected {sorted(want.rules)} at {want}; got:\n" + json.dumps(
        report["problems"], indent=1, ensure_ascii=False
    )
    assert all(p["message"] for p in found)
    return report
