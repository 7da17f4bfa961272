"""Time the layers after the read, and each corpus rule, on one package (CPU and wall seconds).

Usage: python scripts/bench_layers.py PACKAGE [--repeat 2]

The tables and texts are read once; then the structure (keys), table, hostile-cell and corpus
layers, and each corpus rule alone, run ``--repeat`` times and the fastest run of each is
printed. Against an older source tree: ``PYTHONPATH=before/src python scripts/bench_layers.py``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def _timed(fn) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from claimtrace.metadata import read_package
    from claimtrace.validation import corpus
    from claimtrace.validation.guarded import guarded_reads, hostile_cell_problems
    from claimtrace.validation.structure import structure_problems
    from claimtrace.validation.table import table_problems
    from claimtrace.validation.texts_batch import text_pass

    package = read_package(args.package)
    reads, _ = guarded_reads(package)
    _, read_texts = text_pass(package, reads)
    _, texts = corpus.text_problems(package.root, reads, read_texts)
    layers = {
        "structure (keys)": lambda: structure_problems(reads),
        "table (pandera + row rules)": lambda: table_problems(reads),
        "hostile cells": lambda: hostile_cell_problems(reads),
        "corpus (all rules)": lambda: corpus.corpus_problems(package.root, reads, read_texts),
    }
    rules = {
        "texts against sources": lambda: corpus.text_problems(package.root, reads, read_texts),
        "spans and quotes": lambda: corpus.span_problems(reads, texts),
        "propositions": lambda: corpus.proposition_problems(reads),
        "id order": lambda: corpus.id_order_problems(reads),
        "drift": lambda: corpus.drift_problems(reads),
        "attribution": lambda: corpus.attribution_problems(reads),
        "headlines": lambda: corpus.headline_problems(reads, texts),
        "figures in claims": lambda: corpus.figure_problems(reads),
        "id prefixes": lambda: corpus.id_prefix_problems(reads),
        "lineage cycles": lambda: corpus.lineage_cycle_problems(reads),
    }
    total = [0.0, 0.0]
    for group, fns in (("layer", layers), ("corpus rule", rules)):
        for name, fn in fns.items():
            runs = [_timed(fn) for _ in range(args.repeat)]
            wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
            if group == "layer":
                total = [total[0] + wall, total[1] + cpu]
            print(f"{group:<12} {name:<30} wall {wall:6.2f} s  cpu {cpu:6.2f} s")
    print(f"{'':<12} {'the four layers':<30} wall {total[0]:6.2f} s  cpu {total[1]:6.2f} s")


if __name__ == "__main__":
    main()
