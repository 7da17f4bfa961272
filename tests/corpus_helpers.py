"""Shared helpers of the corpus tests: the real package, and editable copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent


def copy_package(dest: Path) -> Path:
    """A copy of the working package (descriptor, schemas, data) to break in a test."""
    shutil.copy(ROOT / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(ROOT / "schemas", dest / "schemas")
    shutil.copytree(ROOT / "data", dest / "data")
    return dest


def table(root: Path, name: str) -> pl.DataFrame:
    """A data table read with every cell as text."""
    return pl.read_csv(root / "data" / f"{name}.csv", infer_schema=False)


def write_table(root: Path, name: str, frame: pl.DataFrame) -> None:
    """Overwrite a data table of a package copy."""
    frame.write_csv(root / "data" / f"{name}.csv", line_terminator="\n")
