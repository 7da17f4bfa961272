"""Layer 1, structure: the descriptor, resource paths, CSV shape, types and keys."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.metadata import Package, read_package
from claimtrace.metadata.package import DESCRIPTOR_NAME, PackageError
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.keys import foreign_key_problems, primary_key_problems
from claimtrace.validation.problems import problem
from claimtrace.validation.reader import TableRead, load_tables


def package_root(path: Path | str) -> Path:
    """The package directory for ``path``: a directory, or the datapackage.json inside one."""
    path = Path(path)
    return path.parent if path.name == DESCRIPTOR_NAME or path.is_file() else path


def read_descriptor(path: Path | str) -> tuple[Package | None, pl.DataFrame]:
    """The package, or None and the one problem saying why it cannot be read."""
    path = Path(path)
    if path.is_file() and path.name != DESCRIPTOR_NAME:
        return None, problem(
            layer="structure",
            table=str(path.name),
            rule="structure.descriptor",
            message=f"{path.name} is not a package descriptor; give the package directory or "
            f"its {DESCRIPTOR_NAME}",
        )
    try:
        return read_package(package_root(path)), concat_problems([])
    except PackageError as exc:
        return None, problem(
            layer="structure",
            table=exc.where,
            field=exc.field,
            rule="structure.descriptor",
            message=exc.message,
        )


def structure_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Shape and type problems of every table, then primary and foreign keys."""
    frames = [read.problems for read in reads.values()]
    frames += [primary_key_problems(read) for read in reads.values()]
    frames.append(foreign_key_problems(reads))
    return concat_problems(frames)


def read_and_check(package: Package) -> tuple[dict[str, TableRead], pl.DataFrame]:
    """Read every table of ``package`` and return the reads with the structure problems."""
    reads = load_tables(package)
    return reads, structure_problems(reads)
