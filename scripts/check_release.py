"""CI: the release built from the working tree against the release records.

Usage: python scripts/check_release.py RELEASE_DIR [PACKAGE_DIR]
Exit 0 when the working version is recorded and rebuilt byte for byte, or is a new version with its
CHANGELOG entry; exit 1 with what to do otherwise (see claimtrace.release.cut).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimtrace.release.cut import check_working_version
from claimtrace.release.errors import ReleaseError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", type=Path, help="the release folder built from the working tree")
    parser.add_argument("package", nargs="?", default=".", help="package directory")
    args = parser.parse_args()
    try:
        print(check_working_version(args.package, args.release))
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
