"""Validation of the package in three layers (structure, tables, corpus), reported as one frame."""

import warnings

with warnings.catch_warnings():
    # pandera imports pyspark when it is installed (the spark extra), and pyspark warns on
    # import that it does not yet support pandas 3: not a problem of the package validated.
    warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
    import pandera.polars  # noqa: F401

from claimtrace.validation.guarded import read_tables
from claimtrace.validation.report import Report
from claimtrace.validation.validate import validate_package

__all__ = ["Report", "read_tables", "validate_package"]
