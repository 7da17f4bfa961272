"""Time the Spark engine and then the default engine on one package, in one process.

Usage: python scripts/bench_spark.py PACKAGE [--master local[2]]

Prints one JSON object: the Spark session's start, ``validate_spark`` (session already up),
``validate_package`` after it, the problems each found, and the load average before and after
(the machine may be shared: the figures are upper bounds when it is above the core count).
Generate a realistic package first: ``python scripts/scale_corpus.py --claims 100000 DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    out: dict = {"package": args.package.name, "master": args.master}
    out["load_before"] = os.getloadavg()
    t = time.perf_counter()
    from claimtrace.engines.spark import validate_spark
    from claimtrace.engines.spark.session import spark_session

    spark_session(args.master)
    out["session_start_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    spark_report = validate_spark(args.package, args.master)
    out["validate_spark_s"] = round(time.perf_counter() - t, 1)
    out["spark_problems"] = spark_report.problems.height
    out["load_after_spark"] = os.getloadavg()
    from claimtrace.validation import validate_package

    t = time.perf_counter()
    report = validate_package(args.package)
    out["validate_package_s"] = round(time.perf_counter() - t, 1)
    out["default_problems"] = report.problems.height
    out["load_after"] = os.getloadavg()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
