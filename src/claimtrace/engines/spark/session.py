"""A Spark session for validation: local by default, any master URL on request."""

from __future__ import annotations


def spark_session(master: str | None = None):
    """The active session, or a new one on ``master`` (default ``local[2]``), UTC, quiet."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("claimtrace-validate")
    if master:
        builder = builder.master(master)
    elif not SparkSession.getActiveSession():
        builder = builder.master("local[2]")
    session = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session
