"""Create every missing vX.Y.Z tag from the release records, at the commit each one records.

Usage: python scripts/tag_release.py [PACKAGE_DIR]
Tags do not travel with a branch; the records in releases/ do. Run this in any clone (with full
history) to get the tags back, then push them: git push origin --tags
"""

from __future__ import annotations

import argparse
import sys

from claimtrace.release.errors import ReleaseError
from claimtrace.release.tag import create_missing_tags


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default=".", help="package directory")
    args = parser.parse_args()
    try:
        states = create_missing_tags(args.package)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for state in states:
        done = "created" if state.created else "already there"
        print(f"{state.tag} at {state.commit[:12]}: {done}")
    if not states:
        print("no release records in releases/; nothing to tag")
    return 0


if __name__ == "__main__":
    sys.exit(main())
