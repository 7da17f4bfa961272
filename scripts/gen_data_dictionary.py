"""Write docs/data-dictionary.md from schemas/; with --check, exit 1 if the committed file is stale.

Usage: python scripts/gen_data_dictionary.py [PACKAGE_DIR] [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimtrace.atomic import write_atomic
from claimtrace.release.dictionary import DICTIONARY_PATH, render_dictionary
from claimtrace.release.errors import ReleaseError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default=".", help="package directory")
    parser.add_argument("--check", action="store_true", help="only check that the file is current")
    args = parser.parse_args()
    target = Path(args.package) / DICTIONARY_PATH
    try:
        text = render_dictionary(args.package)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(
                f"{DICTIONARY_PATH} is stale: run python scripts/gen_data_dictionary.py",
                file=sys.stderr,
            )
            return 1
        return 0
    if current != text:
        write_atomic(target, text.encode("utf-8"))
        print(f"wrote {DICTIONARY_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
