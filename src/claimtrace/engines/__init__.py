"""Engines that run the validator's rule catalogue.

The default engine (polars, in this process) is ``claimtrace.validation``; Apache Spark is
``claimtrace.engines.spark`` (optional extra ``claimtrace[spark]``).
"""
