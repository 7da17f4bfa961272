"""Per-field agreement between the tables and the blind second annotation.

Reads data/curation/agreement/annotator_b.csv; writes docs/agreement.md and
data/curation/agreement/disagreements.csv (keeping every resolution already filled in).
Exit 0 on success, 2 when an input is missing or malformed (the message names file, line and field).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimtrace.agreement import AgreementInputError, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=Path("."), help="package directory")
    parser.add_argument("--check", action="store_true", help="compute and print, write nothing")
    args = parser.parse_args(argv)
    try:
        done = run(args.package, write=not args.check)
    except AgreementInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for field, res in done.results.items():
        kappa = "n/a" if res.kappa is None else f"{res.kappa:.3f}"
        observed = "n/a" if res.observed is None else f"{res.observed:.3f}"
        print(f"{field:20} n={res.n:6} observed={observed} kappa={kappa}")
    print(f"disagreements: {done.disagreements.height}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
