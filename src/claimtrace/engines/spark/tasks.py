"""What runs on Spark's executors: the default engine's own functions, one call per task or group.

Each function here builds the closure a ``mapInArrow`` or ``applyInArrow`` runs: it turns the
Arrow rows it gets into the ``TableRead`` frames the default engine works on, calls that engine's
function, and sends its problems back. Nothing is re-implemented, so the two engines cannot
drift apart; the price is that executors need Python, polars and claimtrace (docs/scale.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import polars as pl
import pyarrow as pa

from claimtrace.engines.spark.transport import (
    cells_frame,
    from_batches,
    problem_arrow_schema,
    problem_batches,
    reads_of,
    table_read,
    to_batches,
)
from claimtrace.metadata import Package
from claimtrace.tables.typed import ROW
from claimtrace.validation.frames import concat_problems


def _checks() -> tuple[tuple[Callable, ...], tuple[Callable, ...]]:
    from claimtrace.validation.attribution_rules import attribution_problems
    from claimtrace.validation.claim_rules import (
        date_role_problems,
        headline_problems,
        id_order_problems,
    )
    from claimtrace.validation.drift_rules import drift_problems
    from claimtrace.validation.lineage_graph import lineage_cycle_problems
    from claimtrace.validation.proposition_rules import proposition_problems
    from claimtrace.validation.relation_rules import relation_problems

    corpus = (
        proposition_problems,
        lineage_cycle_problems,
        drift_problems,
        attribution_problems,
        date_role_problems,
        relation_problems,
    )
    return corpus, (id_order_problems, headline_problems)


CORPUS_CHECKS, SOURCE_CHECKS = _checks()
"""The default engine's corpus checks run on one group of every table's cells, and those run
on the rows of one source (``coverage``: semantic rules; rules of a source)."""


def read_output_schema() -> pa.Schema:
    """The read job's rows: a table's cells (``row``), its present fields, or a problem."""
    return pa.schema(
        [("_kind", pa.string()), ("_cells", pa.list_(pa.string())), *problem_arrow_schema()]
    )


def read_tables(package: Package) -> Callable:
    """The byte scan and the typed reader of ``guarded`` on each table named in the input.

    One task per table file: a CSV with quoted multi-line cells cannot be cut at a record
    boundary without the quote parity of every byte before it, and the scan already streams the
    file in blocks of bounded size; the file is opened by path (the package is on storage every
    executor sees), as the scan opens it, because ``binaryFile`` holds a whole file in one
    row (at most 2 GiB, below the 4 GiB a table may have).
    """
    from claimtrace.validation.guarded import (
        fill_lines,
        guarded_reads,
        locate_cells,
        merge_problems,
    )

    schema = read_output_schema()

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for name in batch.column("_table").to_pylist():
                one = replace(package, resources=(package.resource(name),))
                reads, scanned = guarded_reads(one)
                read = reads[name]
                own = read.problems.filter(~pl.col("rule").str.starts_with("type."))
                found = merge_problems([own], [locate_cells(scanned, reads)])
                found = fill_lines(found, reads)
                yield from to_batches(
                    problems_frame_rows(found, "problem"),
                    schema,
                )
                if read.typed is None:
                    continue
                present = pl.DataFrame({"table": [name], "_cells": [read.present]})
                yield from to_batches(problems_frame_rows(present, "present"), schema)
                text = read.text.select(
                    pl.lit(name).alias("table"),
                    pl.col(ROW).alias("row"),
                    pl.concat_list(pl.col(read.present)).alias("_cells")
                    if read.present
                    else pl.lit([], pl.List(pl.String)).alias("_cells"),
                )
                yield from to_batches(problems_frame_rows(text, "row"), schema)

    return run


def problems_frame_rows(frame: pl.DataFrame, kind: str) -> pl.DataFrame:
    """``frame`` padded to the read job's columns, with ``_kind`` set."""
    from claimtrace.validation.problems import PROBLEM_SCHEMA

    cols = [pl.lit(kind).alias("_kind")]
    cells = pl.col("_cells") if "_cells" in frame.columns else pl.lit(None, pl.List(pl.String))
    cols.append(cells.cast(pl.List(pl.String)).alias("_cells"))
    cols += [
        (pl.col(n) if n in frame.columns else pl.lit(None)).cast(t).alias(n)
        for n, t in PROBLEM_SCHEMA.items()
    ]
    return frame.select(cols)


def table_rules(package: Package, present: dict[str, list[str]]) -> Callable:
    """Row rules (``table.row_rule_problems``) and impossible dates (``calendar``) of each table.

    The row rules are declared as polars expressions, not as data a SQL generator could read,
    so they run as they are, on the ``_table``, ``_row``, ``_cells`` rows of each partition.
    """
    from claimtrace.validation.calendar import calendar_problems
    from claimtrace.validation.table import row_rule_problems, without_type_failures

    resources = {r.name: r for r in package.resources}

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        rows = from_batches(batches)
        if rows is None:
            return
        for name, fields in present.items():
            mine = rows.filter(pl.col("_table") == name)
            if mine.height == 0:
                continue
            read = table_read(resources[name], cells_frame(mine, fields), fields)
            found = without_type_failures(row_rule_problems(read), read)
            yield from problem_batches(concat_problems([found, calendar_problems(read)]))

    return run


def texts_output_schema() -> pa.Schema:
    """The texts job's rows: a problem, or a usable text (``source_id``, ``text``, ``chars``)."""
    return pa.schema(
        [
            ("_kind", pa.string()),
            ("source_id", pa.string()),
            ("text", pa.string()),
            ("chars", pa.int64()),
            *problem_arrow_schema(),
        ]
    )


def check_texts(package: Package, present: list[str]) -> Callable:
    """The default engine's text pass on the sources rows of each partition.

    ``texts_batch.text_pass`` reads every text its rows name once (through the texts
    directory's descriptor, no symlink followed, nothing outside the package opened) and scans
    the odd ones byte by byte; ``corpus.text_problems`` checks path, hash and length. Rows are
    partitioned by ``text_path``, so a text named twice is scanned and reported once, as in the
    default engine. A package whose texts are a Parquet table reads, in each partition, the
    texts of its rows (``partition=True``); the table's own problems are found once, over every
    sources row (``texts_table_problems``).
    """
    from claimtrace.validation.corpus import text_problems
    from claimtrace.validation.guarded import merge_problems
    from claimtrace.validation.texts_batch import text_pass

    resource = package.resource("sources")
    schema = texts_output_schema()

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        rows = from_batches(batches)
        if rows is None:
            return
        reads = {"sources": table_read(resource, cells_frame(rows, present), present)}
        scanned, texts = text_pass(package, reads, partition=True)
        found, usable = text_problems(package.root, reads, texts)
        found = problems_frame_rows(merge_problems([found], [scanned]), "problem")
        yield from to_batches(found.with_columns(*_nulls(schema, found.columns)), schema)
        texts_rows = usable.select(
            _kind=pl.lit("text"), source_id="source_id", text="text", chars="chars"
        )
        yield from to_batches(texts_rows.with_columns(*_nulls(schema, texts_rows.columns)), schema)

    return run


def texts_table_problems(package: Package) -> Callable:
    """The check of a Parquet texts table over every sources row (``parquet_text_pass`` rows).

    Run once, in the semantic rules' group, which holds every sources row; nothing for a
    package of ``.txt`` texts.
    """
    from claimtrace.texts_table.check import parquet_text_pass

    def check(reads: dict) -> pl.DataFrame:
        if "sources" not in reads:
            return concat_problems([])
        return parquet_text_pass(package, {"sources": reads["sources"]}, "rows")[0]

    return check


def _nulls(schema: pa.Schema, have: list[str]) -> list[pl.Expr]:
    return [
        pl.lit(None, pl.Int64 if pa.types.is_integer(f.type) else pl.String).alias(f.name)
        for f in schema
        if f.name not in have
    ]


def corpus_group(
    package: Package, present: dict[str, list[str]], checks: tuple[Callable, ...]
) -> Callable:
    """The default engine's corpus ``checks`` on one group of rows (``applyInArrow``).

    A group holds ``_table``, ``_row``, ``_cells`` rows of several tables (and the usable texts
    as table ``_texts``: source_id, text); each check gets ``reads`` (and ``texts`` if it takes
    them) built from the group's rows only.
    """
    resources = {r.name: r for r in package.resources}

    def run(group: pa.Table) -> pa.Table:
        rows = pl.from_arrow(group)
        assert isinstance(rows, pl.DataFrame)
        reads = reads_of(rows.filter(pl.col("_table") != "_texts"), resources, present)
        texts = cells_frame(
            rows.filter(pl.col("_table") == "_texts"), ["source_id", "text"]
        ).select("source_id", "text", chars=pl.col("text").str.len_chars())
        found = concat_problems(
            [check(reads, texts) if _takes_texts(check) else check(reads) for check in checks]
        )
        batches = list(problem_batches(found))
        return pa.Table.from_batches(batches, schema=problem_arrow_schema())

    return run


def _takes_texts(check: Callable) -> bool:
    return "texts" in check.__code__.co_varnames[: check.__code__.co_argcount]
