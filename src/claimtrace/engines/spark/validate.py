"""Validate a package on Spark: descriptor and paths on the driver, every row rule as a job."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.engines.spark.rules import (
    PROBLEM_COLUMNS,
    all_problems,
    corpus_problems,
    foreign_key_problems,
    primary_key_problems,
    table_problems,
    text_files,
    typed,
)
from claimtrace.engines.spark.session import spark_session
from claimtrace.metadata import Package, Resource
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.texts.archive import TEXTS_DIR
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.problems import problem, problems_frame
from claimtrace.validation.report import Report
from claimtrace.validation.structure import read_descriptor


def _read(spark, package: Package, resource: Resource):
    """The table as strings (missing values null), or the shared check's problem."""
    try:
        path = resolve_inside(package.root, resource.path)
    except UnsafePathError as exc:
        return None, problem(
            layer="structure",
            table=resource.name,
            rule="structure.unsafe_path",
            field="path",
            value=resource.path,
            message=f"resource path refused: {exc}",
        )
    if not path.is_file():
        return None, problem(
            layer="structure",
            table=resource.name,
            rule="structure.missing_file",
            value=resource.path,
            message=f"{resource.path} does not exist",
        )
    if path.suffix == ".parquet":
        frame = spark.read.parquet(str(path))
        frame = frame.select(*(frame[c].cast("string").alias(c) for c in frame.columns))
    else:
        frame = (
            spark.read.option("header", True)
            .option("multiLine", True)
            .option("escape", '"')
            .option("encoding", "UTF-8")
            .option("inferSchema", False)
            .csv(str(path))
        )
    from pyspark.sql import functions as F

    missing = list(resource.schema.missing_values)
    frame = frame.select(
        *(F.when(~F.col(c).isin(*missing), F.col(c)).alias(c) for c in frame.columns)
    )
    absent = [f for f in resource.schema.field_names if f not in frame.columns]
    found = [
        problem(
            layer="structure",
            table=resource.name,
            rule="structure.missing_column",
            row=1,
            field=f,
            message=f"the schema declares column {f!r} but the header has no such column",
        )
        for f in absent
    ]
    return typed(frame, resource.schema).cache(), concat_problems(found)


def validate_spark(path: Path | str, master: str | None = None) -> Report:
    """The report of the Spark engine on the package at ``path`` (see ``coverage``)."""
    package, found = read_descriptor(path)
    if package is None:
        return Report(found, readable=False)
    spark = spark_session(master)
    frames, schemas, driver = {}, {}, [found]
    for resource in package.resources:
        frame, shared = _read(spark, package, resource)
        driver.append(shared)
        if frame is not None:
            frames[resource.name] = frame
            schemas[resource.name] = resource.schema
    for resource in package.resources:
        for fk in resource.schema.foreign_keys:
            if fk.resource not in {r.name for r in package.resources}:
                driver.append(
                    problem(
                        layer="structure",
                        table=resource.name,
                        rule="structure.foreign_key_resource",
                        field=", ".join(fk.fields),
                        value=fk.resource,
                        message=f"foreign key names resource {fk.resource!r}, which the package "
                        "does not declare",
                    )
                )
    texts_dir = package.root / TEXTS_DIR
    files = text_files(spark, str(texts_dir)) if texts_dir.is_dir() else None
    parts = []
    for name, frame in frames.items():
        parts += table_problems(frame, name, schemas[name])
        parts += primary_key_problems(frame, name, schemas[name])
    parts += foreign_key_problems(frames, schemas)
    parts += corpus_problems(frames, schemas, files)
    union = all_problems(parts)
    rows = union.coalesce(1).collect() if union is not None else []
    for frame in frames.values():
        frame.unpersist()
    spark_found = pl.DataFrame(
        [r.asDict() for r in rows], schema=dict.fromkeys(PROBLEM_COLUMNS, pl.String), orient="row"
    )
    return Report(concat_problems([*driver, problems_frame(spark_found)]))
