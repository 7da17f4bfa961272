"""``integrity_problems``: the checks ``claimtrace validate`` adds when the package is a release.

A release is recognised by its Parquet resources or its SHA256SUMS file. Its problems are
reported in the structure layer (files, sizes, hashes, SHA256SUMS) and the table layer (Parquet
against CSV), with the rule ids below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from claimtrace.integrity.files import declared_file_problems, sha256sums_problems
from claimtrace.integrity.parquet import RULE as PARQUET_RULE
from claimtrace.integrity.parquet import parquet_problems
from claimtrace.release.checksums import SUMS_NAME
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.rulebook import Rule

RULES = (
    Rule(
        "integrity.missing_file",
        "structure",
        "in a release, every file the descriptor or SHA256SUMS names exists",
    ),
    Rule(
        "integrity.bytes",
        "structure",
        "in a release, every file has the size its resource declares (`bytes`, or "
        "`integrity.bytes` for Parquet)",
    ),
    Rule(
        "integrity.hash",
        "structure",
        "in a release, every file has the SHA-256 its resource declares (`hash`, or "
        "`integrity.hash` for Parquet)",
    ),
    Rule(
        "integrity.sha256sums",
        "structure",
        "a release has SHA256SUMS, every line `<sha256>  <path>`, and every listed file has "
        "that hash",
    ),
    Rule(
        "integrity.unlisted_file",
        "structure",
        "every file of a release (but SHA256SUMS itself) is listed in SHA256SUMS",
    ),
    Rule("integrity.parquet", "table", "every Parquet file of a release is readable Parquet"),
    Rule(
        PARQUET_RULE,
        "table",
        "each Parquet table of a release holds the same rows, columns, types and values as its "
        "CSV table (plus the computed date columns)",
    ),
)


def is_release(root: Path, descriptor: dict[str, Any]) -> bool:
    """Whether the package at ``root`` is a built release rather than a working corpus."""
    from claimtrace.texts_table.layout import is_texts_resource

    resources = descriptor.get("resources", [])
    parquet = any(
        isinstance(r, dict) and r.get("format") == "parquet" and not is_texts_resource(r)
        for r in resources
    )
    return parquet or (root / SUMS_NAME).is_file()


def integrity_problems(root: Path, descriptor: dict[str, Any]) -> pl.DataFrame:
    """Every integrity problem of the release at ``root``; none for a working corpus."""
    if not is_release(root, descriptor):
        return concat_problems([])
    return concat_problems(
        [
            declared_file_problems(root, descriptor),
            sha256sums_problems(root),
            parquet_problems(root, descriptor),
        ]
    )
