"""Per-field agreement between our frozen labels (annotator A) and the blind second annotation (B).

Reads data/curation/agreement/annotator_a.csv and annotator_b.csv; writes docs/agreement.md and
data/curation/agreement/disagreements.csv (keeping every resolution already filled in), and prints
how the current tables differ from annotator A (the adjudicated changes). --freeze-ours writes
annotator_a.csv from the tables once (refused when it exists).
Exit 0 on success, 2 when an input is missing or malformed (the message names file, line and field).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimtrace.agreement import AgreementInputError, freeze_ours, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=Path("."), help="package directory")
    parser.add_argument("--check", action="store_true", help="compute and print, write nothing")
    parser.add_argument(
        "--freeze-ours", action="store_true", help="export the tables' labels to annotator_a.csv"
    )
    args = parser.parse_args(argv)
    try:
        if args.freeze_ours:
            print(f"wrote {freeze_ours(args.package)}")
        done = run(args.package, write=not args.check)
    except AgreementInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for field, res in done.results.items():
        kappa = "n/a" if res.kappa is None else f"{res.kappa:.3f}"
        observed = "n/a" if res.observed is None else f"{res.observed:.3f}"
        print(f"{field:20} n={res.n:6} observed={observed} kappa={kappa}")
    print(f"disagreements: {done.disagreements.height}")
    print(f"tables changed since annotator A: {done.changes.height}")
    for row in done.changes.iter_rows(named=True):
        print(f"  {row['claim_id']} {row['field']}: {row['frozen']} -> {row['now']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
