"""Cut the working version: build its release and archives, write and commit releases/X.Y.Z.json.

Usage: python scripts/cut_release.py [PACKAGE_DIR] [--dist DIR]
Then tag it from the record: python scripts/tag_release.py (see docs/releasing.md).
"""

from __future__ import annotations

import argparse
import sys

from claimtrace.release.cut import cut_release
from claimtrace.release.errors import ReleaseError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default=".", help="package directory")
    parser.add_argument("--dist", default=None, help="release output directory (default dist/)")
    args = parser.parse_args()
    try:
        record, path = cut_release(args.package, args.dist)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"cut {record.version} from {record.commit[:12]}; record {path} committed")
    print("tag it: python scripts/tag_release.py && git push origin --tags")
    return 0


if __name__ == "__main__":
    sys.exit(main())
