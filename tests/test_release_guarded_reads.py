"""``claimtrace diff`` and the release build read tables behind the validator's byte scan.

A table that is not a regular file, has a line beyond the limit or an unclosed quote is refused
with one line naming the table and file, without being parsed (so nothing blocks or fills memory).
"""

import os
import subprocess
import sys

import pytest

from release_corpus import make_corpus

CLAIMTRACE = os.path.join(os.path.dirname(sys.executable), "claimtrace")


def _long_line(root):
    path = root / "data" / "claims.csv"
    head, first, *rest = path.read_bytes().split(b"\n")
    first = first[:-1] + b"x" * (2 << 20) + b'"'  # the last cell is quoted: grow it by 2 MiB
    path.write_bytes(b"\n".join([head, first, *rest]))


def _unclosed_quote(root):
    path = root / "data" / "claims.csv"
    head, first, *rest = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([head, first + b',"', *rest]))


def _fifo(root):
    (root / "data" / "claims.csv").unlink()
    os.mkfifo(root / "data" / "claims.csv")


CASES = {
    "long_line": (_long_line, "longer than"),
    "unclosed_quote": (_unclosed_quote, "never closed"),
    "fifo": (_fifo, "not a regular file"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_diff_refuses_a_hostile_table_in_one_line(tmp_path, case):
    mutate, words = CASES[case]
    old, new = make_corpus(tmp_path / "old"), make_corpus(tmp_path / "new")
    mutate(new)
    run = subprocess.run(
        [CLAIMTRACE, "diff", str(old), str(new)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 2, run.stdout + run.stderr
    err = " ".join(run.stderr.split())
    assert "table claims" in err and "data/claims.csv" in err and words in err, err
    assert "Traceback" not in run.stderr and len(err) < 400


def test_the_release_build_scans_before_it_parses(tmp_path):
    from claimtrace.release.corpus import csv_tables, read_text
    from claimtrace.release.errors import ReleaseError

    root = make_corpus(tmp_path)
    _long_line(root)  # as if changed after validation passed
    with pytest.raises(ReleaseError, match=r"table claims: data/claims\.csv: line 2 "):
        read_text(csv_tables(root)["claims"])
