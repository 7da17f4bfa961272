"""A Spark session for validation: local by default, any master URL on request."""

from __future__ import annotations

import os
import sys

LOCAL_MEMORY = "4g"
"""Heap of the one JVM of a ``local[...]`` session (a new session only; spark-submit's
``--driver-memory`` sets it otherwise)."""


class SparkUnavailable(Exception):
    """Spark cannot start (no Java, or the master cannot be reached): the reason, for a curator."""


def spark_session(master: str | None = None):
    """The active session, or a new one on ``master`` (default ``local[2]``), UTC, quiet.

    On a local master the Python workers are this interpreter (``PYSPARK_PYTHON`` unless set),
    so they import the same claimtrace; on a cluster, docs/scale.md says how to ship it.
    """
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("claimtrace-validate")
    if master:
        builder = builder.master(master)
    elif not SparkSession.getActiveSession():
        builder = builder.master("local[2]")
    if not master or master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # on a local master the driver's JVM is the executor: Spark's 1 GiB default cannot
        # cache a million claims' cells
        builder = builder.config("spark.driver.memory", LOCAL_MEMORY)
    try:
        session = (
            builder.config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.ansi.enabled", "false")
            .getOrCreate()
        )
    except (PySparkException, OSError, RuntimeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SparkUnavailable(
            f"the spark engine cannot start Spark ({reason}); it needs Java 17 (JAVA_HOME or "
            "java on PATH) and a reachable master"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session
