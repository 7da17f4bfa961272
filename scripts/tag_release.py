"""Build the release and tag HEAD vX.Y.Z; refuse an existing tag or a version below the bump due.

Usage: python scripts/tag_release.py [PACKAGE_DIR] [--dist DIR]
"""

from __future__ import annotations

import argparse
import sys

from claimtrace.release.errors import ReleaseError
from claimtrace.release.tag import tag_release


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default=".", help="package directory")
    parser.add_argument(
        "--dist", default=None, help="release output directory (default PACKAGE/dist)"
    )
    args = parser.parse_args()
    try:
        result = tag_release(args.package, args.dist)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    since = f" (changes since {result.previous}: {result.bump.label})" if result.previous else ""
    print(f"tagged {result.tag}{since}; release {result.release}")
    print(f"push it with: git push origin {result.tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
