"""Write the record of a version cut before records existed, rebuilt from its cut commit.

Usage: python scripts/record_release.py COMMIT [PACKAGE_DIR]
(0.1.0 was recorded so: python scripts/record_release.py 8d73edd)
"""

from __future__ import annotations

import argparse
import sys

from claimtrace.release.errors import ReleaseError
from claimtrace.release.reconstruct import reconstruct_record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the commit the version was cut from")
    parser.add_argument("package", nargs="?", default=".", help="package directory")
    args = parser.parse_args()
    try:
        record, path = reconstruct_record(args.package, args.commit)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"recorded {record.version} at {record.commit[:12]} in {path}; commit it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
