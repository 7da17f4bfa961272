"""Time validate_package against the raw parse, per layer, on both corpus generators.

Usage: python scripts/bench_validate.py [--sizes 100000 1000000] [--shape realistic synthetic]
                                        [--workdir DIR] [--no-layers]

Corpora are generated once into the work directory: ``realistic`` by scripts/scale_corpus.py
(the curated corpus replicated under fresh ids: about 27 claims per 3 kB text, long notes) and
``synthetic`` by scripts/synth_corpus.py (200 claims per 10 kB text). For each corpus the same
run measures, each in a fresh process so that its peak RSS is its own:

- the raw parse: polars reading every table as strings, plus reading every text's bytes;
- ``validate_package``: wall and CPU seconds, peak RSS, and the ratio to the raw parse;
- (unless ``--no-layers``) every layer on its own, in one process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _timed(fn, *args):
    """The result of ``fn(*args)`` and its (wall, CPU of all threads) seconds."""
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, (time.perf_counter() - t, time.process_time() - c)


def raw_parse(root: Path) -> int:
    """Read every table as strings and every text's bytes; the number of table rows."""
    import polars as pl

    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    rows = 0
    for res in package["resources"]:
        frame = pl.read_csv(root / res["path"], infer_schema=False)
        rows += frame.height
        if res["name"] == "sources":
            for path in frame["text_path"]:
                (root / path).read_bytes()
    return rows


def validate(root: Path) -> int:
    """Run validate_package as the CLI does (in partitions from 512 MiB of CSV); 0 problems."""
    from claimtrace.validation import validate_package

    report = validate_package(root)
    assert report.valid, report.to_text(5)
    return 0


def validate_whole(root: Path) -> int:
    """Run validate_package with every table held whole; 0 problems expected."""
    from claimtrace.validation import validate_package

    report = validate_package(root, partitioned=False)
    assert report.valid, report.to_text(5)
    return 0


def layers(root: Path) -> None:
    """Print the timings of every layer on the corpus at ``root``."""
    from claimtrace.metadata import read_package
    from claimtrace.validation.corpus import corpus_problems, span_problems, text_problems
    from claimtrace.validation.guarded import (
        guarded_reads,
        hostile_cell_problems,
        text_byte_problems,
    )
    from claimtrace.validation.reader import load_tables
    from claimtrace.validation.structure import structure_problems
    from claimtrace.validation.table import table_problems
    from claimtrace.validation.texts_batch import text_pass

    package = read_package(root)
    (reads, scanned), t_guarded = _timed(guarded_reads, package)
    _, t_read = _timed(load_tables, package)
    text_bytes, t_text_bytes = _timed(text_byte_problems, package, reads)
    _, t_text_pass = _timed(text_pass, package, reads)
    structure, t_keys = _timed(structure_problems, reads)
    rows = sum(r.typed.height for r in reads.values() if r.typed is not None)
    table, t_table = _timed(table_problems, reads)
    hostile, t_hostile = _timed(hostile_cell_problems, reads)
    corpus, t_corpus = _timed(corpus_problems, package.root, reads)
    (_, texts), t_texts = _timed(text_problems, package.root, reads)
    quotes, t_quotes = _timed(span_problems, reads, texts)
    n_spans = reads["claims"].typed.height + reads["figures"].typed.height
    found = sum(f.height for f in (scanned, text_bytes, structure, table, hostile, corpus, quotes))
    assert found == 0
    n_texts = reads["sources"].typed.height
    for name, (secs, cpu), n, unit in [
        ("byte scan + read (guarded)", t_guarded, rows, "rows"),
        ("  read alone (shape, parse, types)", t_read, rows, "rows"),
        ("byte scan of texts", t_text_bytes, n_texts, "texts"),
        ("texts in one pass (scan, read, hash)", t_text_pass, n_texts, "texts"),
        ("structure checks (keys)", t_keys, rows, "rows"),
        ("table (pandera + row rules)", t_table, rows, "rows"),
        ("hostile cell checks", t_hostile, rows, "rows"),
        ("corpus (all rules)", t_corpus, rows, "rows"),
        ("  texts (read, hash, NFC)", t_texts, n_texts, "texts"),
        ("  quote check (claims+figures)", t_quotes, n_spans, "spans"),
    ]:
        rate = f"{n / secs:>12,.0f} {unit}/s"
        print(f"    {name:<36} {secs:8.2f} s {rate:>20}  cpu {cpu:7.2f} s")


def _child(what: str, root: Path) -> dict:
    """Run ``what`` on ``root`` in a fresh interpreter; its wall, CPU seconds and peak RSS."""
    code = (
        "import resource, sys, time, json\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "from bench_validate import raw_parse, validate, validate_whole, layers\n"
        "t, c = time.perf_counter(), time.process_time()\n"
        f"{what}(__import__('pathlib').Path({str(root)!r}))\n"
        "wall, cpu = time.perf_counter() - t, time.process_time() - c\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "print(json.dumps({'wall': wall, 'cpu': cpu, 'rss': rss}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    *printed, last = out.rstrip().splitlines()
    if printed:
        print("\n".join(printed))
    return json.loads(last)


def bench(root: Path, label: str, with_layers: bool) -> None:
    """Print the raw parse, validate_package and (optionally) the layers on one corpus."""
    raw = _child("raw_parse", root)
    full = _child("validate", root)
    whole = _child("validate_whole", root)
    print(f"  {label}")
    for name, m in (
        ("raw parse (tables as strings + texts)", raw),
        ("validate_package (auto)", full),
        ("validate_package (whole)", whole),
    ):
        print(
            f"    {name:<38} {m['wall']:7.2f} s  cpu {m['cpu']:7.2f} s  "
            f"peak RSS {m['rss'] / 2**30:5.2f} GiB"
        )
    for name, m in (("auto", full), ("whole", whole)):
        print(
            f"    validate ({name}) / raw parse: {m['wall'] / raw['wall']:.2f}x wall, "
            f"{m['cpu'] / raw['cpu']:.2f}x CPU"
        )
    if with_layers:
        _child("layers", root)


def _generate(shape: str, root: Path, n: int) -> None:
    if shape == "realistic":
        from scale_corpus import build
    else:
        from synth_corpus import build
    _, (secs, _) = _timed(build, root, n)
    print(f"generated {shape} {n:,} claims in {secs:.1f} s at {root}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--shape", nargs="+", choices=["realistic", "synthetic"], default=["realistic", "synthetic"]
    )
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--no-layers", action="store_true")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="claimtrace-bench-"))
    for n in args.sizes:
        for shape in args.shape:
            root = work / f"{'real' if shape == 'realistic' else 'synth'}-{n}"
            if not (root / "datapackage.json").exists():
                _generate(shape, root, n)
            bench(root, f"{shape}, {n:,} claims", not args.no_layers)


if __name__ == "__main__":
    main()
