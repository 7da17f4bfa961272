"""Integrity of a built release: its files are the ones declared, and its Parquet equals its CSV."""

from claimtrace.integrity.check import RULES, integrity_problems, is_release

__all__ = ["RULES", "integrity_problems", "is_release"]
