"""Layer 2, tables: the generated pandera schemas and the declared row rules, on typed frames."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.config import ValidationDepth, config_context

from claimtrace.tables.typed import ROW
from claimtrace.validation.frames import concat_problems, key_expr, rows_to_problems
from claimtrace.validation.pandera_schemas import pandera_schema
from claimtrace.validation.problems import problems_frame
from claimtrace.validation.reader import TableRead
from claimtrace.validation.row_rules import ROW_RULES

LAYER = "table"


def _failure_rule(failures: pl.DataFrame, rules: dict) -> pl.DataFrame:
    """Add ``rule`` and ``expected`` to pandera failure cases (column, check, check_number)."""
    ids: list[dict] = [
        {"column": c, "check_number": i, "rule": r.rule, "expected": r.expected}
        for c, rs in rules.items()
        for i, r in enumerate(rs)
    ]
    lookup = pl.DataFrame(
        ids,
        schema={
            "column": pl.String,
            "check_number": pl.Int32,
            "rule": pl.String,
            "expected": pl.String,
        },
    )
    joined = failures.join(lookup, on=["column", "check_number"], how="left")
    named = {
        "not_nullable": ("constraint.required", "a value: the field is required"),
        "field_uniqueness": ("constraint.unique", "a value no other row has: it must be unique"),
    }
    for check, (rule, expected) in named.items():
        joined = joined.with_columns(
            pl.when(pl.col("check") == check).then(pl.lit(rule)).otherwise("rule").alias("rule"),
            pl.when(pl.col("check") == check)
            .then(pl.lit(expected))
            .otherwise("expected")
            .alias("expected"),
        )
    return joined.with_columns(
        pl.col("rule").fill_null(pl.lit("schema.") + pl.col("check")),
        pl.col("expected").fill_null(pl.col("check")),
    )


def pandera_problems(read: TableRead, scope: str = "all") -> pl.DataFrame:
    """Validate the typed frame with its generated pandera schema (eager, lazy=True, forced on).

    ``scope``: which checks (``pandera_schemas.SCOPES``).
    """
    if read.typed is None or not read.present:
        return concat_problems([])
    schema, rules = pandera_schema(read.schema, read.present, scope)
    if not schema.columns:
        return concat_problems([])
    frame = read.typed.select(list(schema.columns))
    with config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        try:
            schema.validate(frame, lazy=True)
            return concat_problems([])
        except pa.errors.SchemaErrors as exc:
            failures = exc.failure_cases
    failures = _failure_rule(failures, rules)
    rows = read.typed.select(ROW, key=key_expr(read.schema, read.typed.columns)).with_row_index(
        "index"
    )
    located = failures.with_columns(pl.col("index").cast(pl.UInt32)).join(
        rows, on="index", how="left"
    )
    out = located.select(
        layer=pl.lit(LAYER),
        table=pl.lit(read.schema.name),
        row=ROW,
        key="key",
        field="column",
        rule="rule",
        value="failure_case",
        message=pl.concat_str(
            pl.when(pl.col("failure_case").is_null())
            .then(pl.lit("value is empty"))
            .otherwise(pl.lit("value breaks ") + pl.col("rule")),
            pl.lit("; write "),
            pl.col("expected"),
        ),
    )
    return problems_frame(out)


def row_rule_problems(read: TableRead) -> pl.DataFrame:
    """Run every declared row rule of this table whose fields are all present."""
    if read.typed is None:
        return concat_problems([])
    out = []
    for rule in ROW_RULES:
        if rule.table != read.schema.name or not set(rule.fields) <= set(read.present):
            continue
        bad = read.typed.filter(rule.bad.fill_null(False))
        value = pl.concat_str(
            [
                pl.lit(("" if i == 0 else ", ") + f"{f}=")
                + pl.col(f).cast(pl.String).fill_null("(empty)")
                for i, f in enumerate(rule.fields)
            ]
        )
        out.append(
            rows_to_problems(
                bad,
                read.schema,
                layer=LAYER,
                rule=rule.rule,
                field=", ".join(rule.fields),
                value=value,
                message=rule.message,
            )
        )
    return concat_problems(out)


def without_type_failures(problems: pl.DataFrame, read: TableRead) -> pl.DataFrame:
    """Drop problems on a cell (or a rule over a cell) that already failed its type."""
    if read.type_cells is None or read.type_cells.height == 0 or problems.height == 0:
        return problems
    bad = read.type_cells.rename({ROW: "row", "field": "_f"})
    fields = (
        problems.with_row_index("_i")
        .with_columns(pl.col("field").str.split(", ").alias("_f"))
        .explode("_f")
    )
    hit = fields.join(bad, on=["row", "_f"], how="semi").select("_i").unique()
    return problems.with_row_index("_i").join(hit, on="_i", how="anti").drop("_i")


def table_problems(reads: dict[str, TableRead], scope: str = "all") -> pl.DataFrame:
    """Pandera failures and row-rule breaks of every readable table.

    ``scope``: ``all``; ``rows``, what each row shows alone; ``unique``, the uniqueness of the
    fields that must be unique alone (``pandera_schemas.SCOPES``).
    """
    out = []
    for read in reads.values():
        rules = row_rule_problems(read) if scope != "unique" else concat_problems([])
        found = concat_problems([pandera_problems(read, scope), rules])
        out.append(without_type_failures(found, read))
    return concat_problems(out)
