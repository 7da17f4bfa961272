"""Validation of the package in three layers (structure, tables, corpus), reported as one frame."""

from claimtrace.validation.guarded import read_tables
from claimtrace.validation.report import Report
from claimtrace.validation.validate import validate_package

__all__ = ["Report", "read_tables", "validate_package"]
