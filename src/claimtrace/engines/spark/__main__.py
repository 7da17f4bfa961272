"""``spark-submit`` entry: ``spark-submit [options] .../claimtrace/engines/spark/__main__.py PATH``.

Prints the report (``--json`` for machines) and exits 0 valid, 1 invalid, 2 unreadable, as
``claimtrace validate --engine spark`` does; the master comes from spark-submit.
"""

from __future__ import annotations

import sys

from claimtrace.engines.spark import validate_spark


def main(argv: list[str]) -> int:
    """Validate the package named in ``argv``; return the exit code."""
    paths = [a for a in argv if not a.startswith("--")]
    if len(paths) != 1:
        print("usage: __main__.py PACKAGE_PATH [--json]", file=sys.stderr)
        return 2
    report = validate_spark(paths[0])
    print(report.to_json(None) if "--json" in argv else report.to_text(100))
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
