"""``claimtrace report`` and ``read_tables`` read tables behind the validator's guards.

A hostile table never raises nor fills memory: a needed table that cannot be read exits 2 with a
message naming the table, row and file; any other bad table still lets the report render (exit 1).
"""

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.validation import read_tables
from hostile_factory import ROWS, build_package

runner = CliRunner()
CLAIM_ROW = b"beta_rewrite.c09,beta_rewrite,0,1,N,"
CLAIM_TAIL = b",statistic,false,,outlet_voice,,,,,p_joined_march,,original,\n"


def _unclosed_quote(root, table="claims"):
    path = root / "data" / f"{table}.csv"
    head, first, *rest = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([head, first + b'"', *rest]))


def _bare_quote(root):
    path = root / "data" / "actors.csv"
    head, first, *rest = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([head, first.replace(b",Alpha News,", b',"Alpha"News,'), *rest]))


def _invalid_utf8(root):
    path = root / "data" / "claims.csv"
    path.write_bytes(path.read_bytes() + b"\xff\xfe\n")


def _huge_cell(root, mib=2):
    with (root / "data" / "claims.csv").open("ab") as fh:
        fh.write(CLAIM_ROW)
        for _ in range(mib):
            fh.write(b"x" * (1 << 20))
        fh.write(CLAIM_TAIL)


LAST_CLAIM_ROW = len(ROWS["claims"]) + 2

# (mutation, table, text the message must hold)
UNREADABLE = {
    "unclosed_quote": (_unclosed_quote, "claims", ["data/claims.csv", "row 2", "never closed"]),
    "bare_quote": (_bare_quote, "actors", ["data/actors.csv", "cannot be parsed as CSV"]),
    "invalid_utf8": (_invalid_utf8, "claims", ["data/claims.csv", "row 5", "UTF-8"]),
    "huge_cell": (_huge_cell, "claims", ["data/claims.csv", f"row {LAST_CLAIM_ROW}", "longer"]),
}


def test_the_fixture_package_reports_cleanly(tmp_path):
    result = runner.invoke(app, ["report", str(build_package(tmp_path / "pkg"))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_an_unreadable_needed_table_exits_2_naming_it(tmp_path, case):
    mutate, table, words = UNREADABLE[case]
    root = build_package(tmp_path / "pkg")
    mutate(root)
    result = runner.invoke(app, ["report", str(root)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    err = " ".join(result.stderr.split())
    assert f"table '{table}'" in err, err
    for word in words:
        assert word in err, err
    assert "Traceback" not in result.output and "try:" not in err  # no parser's hint list
    assert len(err) < 400 and "x" * 100 not in err  # one clear line, no cell echoed


def test_a_stray_quote_in_a_table_the_report_does_not_need_still_renders(tmp_path):
    root = build_package(tmp_path / "pkg")
    _unclosed_quote(root, "figures")
    result = runner.invoke(app, ["report", str(root)])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("#")
    assert "figures row 2" in result.stderr and "structure.unclosed_quote" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_read_tables_leaves_a_refused_table_out_without_raising(tmp_path, case):
    mutate, table, _ = UNREADABLE[case]
    root = build_package(tmp_path / "pkg")
    mutate(root)
    frames = read_tables(root)
    assert table not in frames
    assert set(frames) == set(ROWS) - {table}


def test_an_enormous_cell_does_not_fill_the_reports_memory(tmp_path):
    code = (
        "import resource, sys\n"
        "from claimtrace.cli import app\n"
        "try:\n"
        "    app(['report', sys.argv[1]])\n"
        "except SystemExit as e:\n"
        "    rc = e.code\n"
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )

    def run(root):
        done = subprocess.run(
            [sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=300
        )
        return done, int(done.stderr.rsplit("RSS", 1)[1].split()[0]) / 1024

    base, base_rss = run(build_package(tmp_path / "base"))
    assert base.returncode == 0, base.stderr
    root = build_package(tmp_path / "pkg")
    _huge_cell(root, mib=256)
    done, rss = run(root)
    assert done.returncode == 2, done.stderr
    assert "table 'claims'" in done.stderr and "Traceback" not in done.stderr
    assert rss - base_rss < 150, f"peak memory grew by {rss - base_rss:.0f} MiB"
