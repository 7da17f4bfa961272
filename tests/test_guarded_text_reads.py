"""Every reader of tables as text (``claimtrace diff``, the release build, ``add-source``, the
curation tools) reads behind the validator's byte scan.

A table that is not a regular file, has a line beyond the limit or an unclosed quote is refused
with one line naming the table and file, without being parsed (so nothing blocks or fills memory).
"""

import os
import subprocess
import sys

import pytest

from hostile_factory import build_package
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


@pytest.mark.parametrize("case", ["fifo", "unclosed_quote"])
def test_add_source_refuses_a_hostile_sources_table_without_blocking(tmp_path, case):
    root = build_package(tmp_path / "pkg")
    sources = root / "data" / "sources.csv"
    if case == "fifo":
        sources.unlink()
        os.mkfifo(sources)
    else:
        head, first, *rest = sources.read_bytes().split(b"\n")
        sources.write_bytes(b"\n".join([head, first + b',"', *rest]))
    text = tmp_path / "gamma_wire.txt"
    text.write_text("Gamma Wire\n\nA third report.\n", encoding="utf-8")
    args = ["--kind", "copy", "--ai-generated", "--ai-evidence", "Byline.", "--rights", "Ok."]
    args += ["--package", str(root)]
    run = subprocess.run(
        [CLAIMTRACE, "add-source", str(text), *args], capture_output=True, text=True, timeout=60
    )
    assert run.returncode != 0 and "Traceback" not in run.stderr
    err = " ".join(run.stderr.split())
    assert "data/sources.csv" in err, err
    assert ("not a regular file" if case == "fifo" else "never closed") in err, err
    assert not (root / "data" / "texts" / "gamma_wire.txt").exists()
