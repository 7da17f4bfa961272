"""Validate a package on Spark: every rule of the catalogue, where ``coverage`` says it runs.

Three Spark jobs: (1) every table read by the default engine's guarded reader, one task per
file, cached as rows of cells; (2) the archived texts checked by its text pass, partitioned by
text path, cached as usable texts; (3) every other rule at once, native Spark SQL and executor
tasks in one union, collected as Arrow. The descriptor and a release's checksums are checked
on the driver.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.metadata import Package
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.problems import PROBLEM_SCHEMA, problem, problems_frame
from claimtrace.validation.report import Report
from claimtrace.validation.structure import read_descriptor


def validate_spark(path: Path | str, master: str | None = None) -> Report:
    """The report of the Spark engine on the package at ``path`` (its folder).

    A release archive is not extracted here (executors could not see a temporary folder of the
    driver): extract it onto storage every node sees, then validate the folder.
    """
    package, found = read_descriptor(path)
    if package is None:
        return Report(found, readable=False)
    from claimtrace.engines.spark.session import SparkUnavailable, spark_session

    try:
        spark = spark_session(master)
    except SparkUnavailable as exc:
        found = problem(layer="structure", table="spark", rule="internal.error", message=str(exc))
        return Report(found, readable=False)
    return Report(concat_problems([found, *_driver_problems(package), _run(spark, package)]))


def _driver_problems(package: Package) -> list[pl.DataFrame]:
    """Foreign keys naming undeclared resources, and a release's integrity (default code)."""
    from claimtrace.integrity import integrity_problems

    names = {r.name for r in package.resources}
    out = [
        problem(
            layer="structure",
            table=resource.name,
            rule="structure.foreign_key_resource",
            field=", ".join(fk.fields),
            value=fk.resource,
            message=f"foreign key names resource {fk.resource!r}, which the package does not "
            "declare",
        )
        for resource in package.resources
        for fk in resource.schema.foreign_keys
        if fk.resource not in names
    ]
    out.append(integrity_problems(package.root, package.descriptor))
    return out


SMALL_BYTES = 64 << 20
"""Below this many bytes of tables a package is one partition: Spark's per-task cost would
exceed the work (a test corpus), and no shuffle spreads it."""


def _bytes(package: Package) -> int:
    """Bytes of the package's table files (those that are regular files inside it)."""
    from claimtrace.metadata.paths import UnsafePathError, resolve_inside

    total = 0
    for resource in package.resources:
        try:
            path = resolve_inside(package.root, resource.path)
            total += path.stat().st_size if path.is_file() else 0
        except (UnsafePathError, OSError):
            continue
    return total


def _spread(frame, parallel: int, *by):
    """``frame`` over ``parallel`` partitions (by ``by``), or as it is on one partition."""
    return frame.repartition(parallel, *by) if parallel > 1 else frame


def _run(spark, package: Package) -> pl.DataFrame:
    """Every Spark job of the validation; the problems they find."""
    from pyspark.sql import functions as F

    from claimtrace.engines.spark import tasks
    from claimtrace.engines.spark.rules import (
        all_problems,
        corpus_problems,
        foreign_key_problems,
        primary_key_problems,
        table_problems,
        typed,
    )
    from claimtrace.engines.spark.transport import PROBLEM_DDL
    from claimtrace.validation.texts_check import texts_on_disk

    names = [r.name for r in package.resources]
    small = _bytes(package) < SMALL_BYTES
    parallel = 1 if small else spark.sparkContext.defaultParallelism
    read_ddl = "_kind string, _cells array<string>, " + PROBLEM_DDL
    tables = spark.createDataFrame([(n,) for n in names], "_table string")
    if not small:  # one task per table file
        tables = tables.repartition(max(1, len(names)))
    cells = tables.mapInArrow(tasks.read_tables(package), read_ddl).cache()
    found, present = [], {}
    for row in cells.filter("_kind != 'row'").toArrow().to_pylist():  # job 1: read every table
        if row["_kind"] == "present":
            present[row["table"]] = list(row["_cells"] or [])
        else:
            found.append({k: v for k, v in row.items() if not k.startswith("_")})
    found_frame = problems_frame(pl.DataFrame(found)) if found else None

    def rows_of(name: str):
        return cells.filter((F.col("_kind") == "row") & (F.col("table") == name)).select(
            F.col("row").alias("_row"), "_cells"
        )

    schemas = {r.name: r.schema for r in package.resources}
    frames = {
        name: typed(
            rows_of(name).select("_row", *(F.col("_cells")[i].alias(f) for i, f in enumerate(fs))),
            schemas[name],
        )
        for name, fs in present.items()
    }
    usable = None
    parts = []
    source_fields = present.get("sources", [])
    if "text_path" in source_fields:  # job 2: the text pass over the sources rows
        path_cell = F.col("_cells")[source_fields.index("text_path")]
        checked = (
            _spread(rows_of("sources"), parallel, path_cell)
            .mapInArrow(
                tasks.check_texts(package, source_fields),
                "_kind string, source_id string, text string, chars bigint, " + PROBLEM_DDL,
            )
            .cache()
        )
        parts.append(checked.filter("_kind = 'problem'").select(*PROBLEM_SCHEMA))
        usable = checked.filter("_kind = 'text'").select(
            "source_id", F.col("text").alias("_text"), F.col("chars").alias("_chars")
        )
    on_disk = spark.createDataFrame([(p,) for p in texts_on_disk(package.root)], "text_path string")
    for name, frame in frames.items():
        parts += table_problems(frame, name, schemas[name])
    parts += primary_key_problems(frames, schemas)
    all_rows = cells.filter(F.col("_kind") == "row").select(
        F.col("table").alias("_table"), F.col("row").alias("_row"), "_cells"
    )
    parts.append(
        _spread(all_rows, parallel).mapInArrow(tasks.table_rules(package, present), PROBLEM_DDL)
    )
    parts += foreign_key_problems(frames, schemas)
    parts += corpus_problems(frames, schemas, usable, on_disk)
    parts += _grouped(spark, package, cells, present, usable)
    union = all_problems([p for p in parts if p is not None])
    rest = pl.from_arrow(union.toArrow()) if union is not None else None  # job 3: the rest
    cells.unpersist()
    frames_out = [f for f in (found_frame, rest) if f is not None]
    return concat_problems([problems_frame(f) for f in frames_out])


def _grouped(spark, package: Package, cells, present: dict[str, list[str]], usable) -> list:
    """The corpus rules the default engine's code runs on groups of rows (``applyInArrow``).

    Rules of one source (id order, headlines) are grouped by ``source_id``, with the source's
    text; the semantic rules read across sources and get every table's cells in one group.
    """
    from pyspark.sql import functions as F

    from claimtrace.engines.spark import tasks
    from claimtrace.engines.spark.transport import PROBLEM_DDL

    rows = cells.filter(F.col("_kind") == "row").select(
        F.col("table").alias("_table"), F.col("row").alias("_row"), "_cells"
    )
    out = [
        rows.withColumn("_g", F.lit(0))
        .groupBy("_g")
        .applyInArrow(
            tasks.corpus_group(
                package, present, (*tasks.CORPUS_CHECKS, tasks.texts_table_problems(package))
            ),
            PROBLEM_DDL,
        )
    ]
    local = {t: present[t] for t in ("claims", "figures", "sources") if t in present}
    if "source_id" not in local.get("claims", []):
        return out
    by_source = F.coalesce(
        *(
            F.when(F.col("_table") == t, F.col("_cells")[fs.index("source_id")])
            for t, fs in local.items()
            if "source_id" in fs
        )
    )
    grouped = rows.filter(F.col("_table").isin(*local)).withColumn("_g", by_source)
    if usable is not None:
        grouped = grouped.unionByName(
            usable.select(
                F.lit("_texts").alias("_table"),
                F.lit(None).cast("bigint").alias("_row"),
                F.array("source_id", "_text").alias("_cells"),
                F.col("source_id").alias("_g"),
            )
        )
    out.append(
        grouped.groupBy("_g").applyInArrow(
            tasks.corpus_group(package, local, tasks.SOURCE_CHECKS), PROBLEM_DDL
        )
    )
    return out
