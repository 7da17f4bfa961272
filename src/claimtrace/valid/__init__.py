"""A package that ``claimtrace validate`` passes, read into memory for the viewer and exports."""

from claimtrace.valid.load import InvalidPackageError, ValidPackage, load_valid

__all__ = ["InvalidPackageError", "ValidPackage", "load_valid"]
