"""Time the text pass of validation on the ``.txt`` layout and on the Parquet texts table.

Usage: python scripts/bench_texts.py PACKAGE_DIR

PACKAGE_DIR is a package in the ``.txt`` layout (e.g. made by ``scripts/scale_corpus.py``). A copy
(files hard-linked, the descriptor copied) is converted to the Parquet layout, and the text pass
(``validation.texts_batch.text_pass``: every text read, scanned, decoded, hashed and checked,
then the corpus rules on texts) is timed on both, best of two runs each, with the tables read once
beforehand. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _best(run, repeat: int = 2) -> tuple[object, float]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return result, best


def _text_pass(root: Path) -> tuple[int, float, int]:
    from claimtrace.metadata import read_package
    from claimtrace.validation.corpus import text_problems
    from claimtrace.validation.guarded import guarded_reads
    from claimtrace.validation.texts_batch import text_pass

    package = read_package(root)
    reads, _ = guarded_reads(package)

    def run():
        scanned, texts = text_pass(package, reads)
        found, usable = text_problems(package.root, reads, texts)
        return scanned.height + found.height, usable.height

    (problems, usable), seconds = _best(run)
    return usable, seconds, problems


def _copy(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, copy_function=os.link)
    (dst / "datapackage.json").unlink()  # rewritten by the conversion: never the original's inode
    shutil.copy2(src / "datapackage.json", dst / "datapackage.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    args = parser.parse_args()
    from claimtrace.texts_table.convert import convert_to_parquet

    txt_texts, txt_seconds, txt_problems = _text_pass(args.package)
    txt_bytes = sum(p.stat().st_size for p in (args.package / "data/texts").glob("*.txt"))
    with tempfile.TemporaryDirectory(dir=args.package.parent) as tmp:
        copy = Path(tmp) / "parquet"
        _copy(args.package, copy)
        start = time.perf_counter()
        parts = convert_to_parquet(copy)
        convert_seconds = time.perf_counter() - start
        pq_bytes = sum((copy / p).stat().st_size for p in parts)
        pq_texts, pq_seconds, pq_problems = _text_pass(copy)
    if txt_problems or pq_problems or txt_texts != pq_texts:
        print(f"error: problems found ({txt_problems}, {pq_problems})", file=sys.stderr)
        return 1
    print(f"{txt_texts:,} texts; conversion to the Parquet layout took {convert_seconds:.1f} s\n")
    print("| layout | files | bytes on disk | text pass (s) | texts/s |")
    print("|---|---:|---:|---:|---:|")
    for name, files, size, seconds in (
        ("`.txt` (one file per text)", txt_texts, txt_bytes, txt_seconds),
        ("Parquet texts table", len(parts), pq_bytes, pq_seconds),
    ):
        print(f"| {name} | {files:,} | {size:,} | {seconds:.2f} | {txt_texts / seconds:,.0f} |")
    print(f"\nspeed-up: {txt_seconds / pq_seconds:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
