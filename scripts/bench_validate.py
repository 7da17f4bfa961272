"""Time validate_package on synthetic corpora, per layer, and the quote check on its own.

Usage: python scripts/bench_validate.py [--sizes 10000 100000 1000000] [--workdir DIR]

Each corpus is generated once by scripts/synth_corpus.py (deterministic) into the work directory.
Prints wall seconds, rows per second (claims + figures + other rows read) and CPU seconds
(all threads) for each layer.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claimtrace.metadata import read_package
from claimtrace.validation import validate_package
from claimtrace.validation.corpus import corpus_problems, span_problems, text_problems
from claimtrace.validation.guarded import (
    guarded_reads,
    hostile_cell_problems,
    text_byte_problems,
)
from claimtrace.validation.reader import load_tables
from claimtrace.validation.structure import structure_problems
from claimtrace.validation.table import table_problems
from synth_corpus import build


def _timed(fn, *args):
    """The result of ``fn(*args)`` and its (wall, CPU of all threads) seconds."""
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, (time.perf_counter() - t, time.process_time() - c)


def bench(root: Path, n_claims: int) -> None:
    """Print the timings of every layer on the corpus at ``root``."""
    package = read_package(root)
    (reads, scanned), t_guarded = _timed(guarded_reads, package)
    _, t_read = _timed(load_tables, package)
    text_bytes, t_text_bytes = _timed(text_byte_problems, package, reads)
    structure, t_keys = _timed(structure_problems, reads)
    rows = sum(r.typed.height for r in reads.values() if r.typed is not None)
    table, t_table = _timed(table_problems, reads)
    hostile, t_hostile = _timed(hostile_cell_problems, reads)
    corpus, t_corpus = _timed(corpus_problems, package.root, reads)
    (_, texts), t_texts = _timed(text_problems, package.root, reads)
    quotes, t_quotes = _timed(span_problems, reads, texts)
    n_spans = reads["claims"].typed.height + reads["figures"].typed.height
    report, t_total = _timed(validate_package, root)
    found = sum(f.height for f in (scanned, text_bytes, structure, table, hostile, corpus, quotes))
    assert report.valid and found == 0, report.to_text(5)
    print(f"claims={n_claims:>9,}  rows read={rows:>9,}  spans={n_spans:>9,}")
    for name, (secs, cpu), n in [
        ("byte scan + read (guarded)", t_guarded, rows),
        ("  read alone (shape, parse, types)", t_read, rows),
        ("byte scan of texts", t_text_bytes, reads["sources"].typed.height),
        ("structure checks (keys)", t_keys, rows),
        ("table (pandera + row rules)", t_table, rows),
        ("hostile cell checks", t_hostile, rows),
        ("corpus (all rules)", t_corpus, rows),
        ("  texts (read, hash, NFC)", t_texts, reads["sources"].typed.height),
        ("  quote check (claims+figures)", t_quotes, n_spans),
        ("validate_package total", t_total, rows),
    ]:
        print(f"  {name:<36} {secs:8.2f} s  {n / secs:>12,.0f} rows/s  cpu {cpu:8.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="claimtrace-bench-"))
    for n in args.sizes:
        root = work / f"synth-{n}"
        if not (root / "datapackage.json").exists():
            _, (secs, _) = _timed(build, root, n)
            print(f"generated {n:,} claims in {secs:.1f} s at {root}")
        bench(root, n)


if __name__ == "__main__":
    main()
