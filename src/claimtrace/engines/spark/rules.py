"""The native rules of ``coverage`` as Spark DataFrame operations, one problem row per finding.

Every function returns a DataFrame with the columns of ``PROBLEM_SCHEMA``, keyed like
the default engine's reports (``claim_id=...``), so both engines' findings compare as sets of
(rule, table, key). Types, constraints and keys are generated from the Table Schemas, as in the
default engine. Offsets count code points: Spark's ``substring`` is 1-based and counts characters
of its UTF-8 strings as code points (an astral character is one), which a test checks.

Rules that share a scan share a pass: every cell check of a table (types, constraints, hostile
cells, id prefixes) is one array of findings per row, every table's primary key one group-by,
every foreign key one anti-join, and claims' and figures' spans one join with the texts, so a
validation is a few dozen Spark tasks, not one job per rule.
"""

from __future__ import annotations

from functools import reduce

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from claimtrace.engines.spark.hostile import hostile_checks
from claimtrace.metadata import TableSchema
from claimtrace.tables.typed import _PATTERNS, FALSE_VALUES, TRUE_VALUES
from claimtrace.texts.archive import TEXTS_DIR
from claimtrace.validation.problems import PROBLEM_SCHEMA

PROBLEM_COLUMNS = tuple(PROBLEM_SCHEMA)
_TYPES = {"integer": "bigint", "number": "double", "year": "int"}


def key_col(schema: TableSchema, columns: list[str]) -> Column:
    """``"a=x, b=y"`` naming a row by its primary-key fields present (as ``frames.key_expr``)."""
    parts: list[Column] = []
    for name in schema.primary_key:
        if name not in columns:
            continue
        if parts:
            parts.append(F.lit(", "))
        parts += [F.lit(f"{name}="), F.coalesce(F.col(name), F.lit("(empty)"))]
    return F.concat(*parts) if parts else F.lit(None).cast("string")


def problems(
    frame: DataFrame, layer: str, table: str, rule: str | Column, field: str | None, message
) -> DataFrame:
    """Problem rows for every row of ``frame`` (which has ``_key`` and ``_value``)."""

    def lit(v):
        return v if isinstance(v, Column) else F.lit(v).cast("string")

    row = F.col("_row") if "_row" in frame.columns else F.lit(None)
    return frame.select(
        F.lit(layer).alias("layer"),
        F.lit(table).alias("table"),
        row.cast("bigint").alias("row"),
        F.lit(None).cast("bigint").alias("line"),
        F.col("_key").alias("key"),
        lit(field).alias("field"),
        lit(rule).alias("rule"),
        F.col("_value").cast("string").alias("value"),
        lit(message).alias("message"),
    )


def typed(frame: DataFrame, schema: TableSchema) -> DataFrame:
    """Add ``_t_<field>`` (the typed value, null when the cell does not parse) for each field."""
    cols = []
    for f in schema.fields:
        if f.name not in frame.columns:
            continue
        c = F.col(f.name)
        if f.type in _TYPES:
            t = F.when(c.rlike(_PATTERNS[f.type]), c.cast(_TYPES[f.type]))
        elif f.type == "boolean":
            t = F.when(c.isin(*TRUE_VALUES), F.lit(True)).when(c.isin(*FALSE_VALUES), F.lit(False))
        elif f.type == "date":
            t = F.when(c.rlike(_PATTERNS["date"]), F.to_date(c, "yyyy-MM-dd"))
        elif f.type == "datetime":
            t = F.to_timestamp(c)
        else:
            t = c
        cols.append(t.alias(f"_t_{f.name}"))
    return frame.select("*", *cols)


def _cell_checks(frame: DataFrame, schema: TableSchema) -> tuple[DataFrame, list[tuple]]:
    """(condition, layer, rule, field, value) of every type and constraint check of a table.

    ``frame`` gains a ``_rep_<field>`` flag for each unique field (its value repeats).
    """
    checks = []
    sole_key = schema.primary_key[0] if len(schema.primary_key) == 1 else None
    for f in schema.fields:
        if f.name not in frame.columns:
            continue
        raw, t, c = F.col(f.name), F.col(f"_t_{f.name}"), f.constraints
        if f.type in (*_TYPES, "boolean", "date", "datetime"):
            wrong = raw.isNotNull() & t.isNull()
            checks.append((wrong, "structure", f"type.{f.type}", f.name, raw))
        if f.required or f.name in schema.primary_key:
            checks.append((raw.isNull(), "table", "constraint.required", f.name, raw))
        if f.type == "list":
            continue
        if f.enum is not None:
            allowed = [str(v) for v in f.enum]
            checks.append((~raw.isin(*allowed), "table", "constraint.enum", f.name, raw))
        if "pattern" in c:
            bad = ~raw.rlike(f"^(?:{c['pattern']})$")
            checks.append((bad, "table", "constraint.pattern", f.name, raw))
        if "minLength" in c:
            checks.append(
                (F.length(raw) < c["minLength"], "table", "constraint.minLength", f.name, raw)
            )
        if "maxLength" in c:
            checks.append(
                (F.length(raw) > c["maxLength"], "table", "constraint.maxLength", f.name, raw)
            )
        for bound, test in (
            ("minimum", lambda v, b: v < b),
            ("maximum", lambda v, b: v > b),
            ("exclusiveMinimum", lambda v, b: v <= b),
            ("exclusiveMaximum", lambda v, b: v >= b),
        ):
            if bound in c:
                checks.append((test(t, c[bound]), "table", f"constraint.{bound}", f.name, raw))
        if f.unique and f.name != sole_key:
            repeated = (
                frame.filter(raw.isNotNull())
                .groupBy(f.name)
                .count()
                .filter("count > 1")
                .select(f.name, F.lit(True).alias(f"_rep_{f.name}"))
            )
            frame = frame.join(repeated, on=f.name, how="left")
            checks.append(
                (F.col(f"_rep_{f.name}").isNotNull(), "table", "constraint.unique", f.name, raw)
            )
    return frame, checks


_ID_PREFIX = {"claims": ("claim_id", ".c"), "figures": ("figure_id", ".f")}


def _id_prefix_checks(frame: DataFrame, name: str) -> list[tuple]:
    """``corpus.claim_id_prefix`` / ``corpus.figure_id_prefix``: the id starts with its source's."""
    if name not in _ID_PREFIX:
        return []
    id_field, mark = _ID_PREFIX[name]
    if not {id_field, "source_id"} <= set(frame.columns):
        return []
    bad = ~F.col(id_field).startswith(F.concat("source_id", F.lit(mark)))
    return [(bad, "corpus", f"corpus.{id_field}_prefix", id_field, F.col(id_field))]


def table_problems(frame: DataFrame, name: str, schema: TableSchema) -> list[DataFrame]:
    """Every cell check of a table in one pass over its rows.

    Types and constraints from the Table Schema, hostile cells (``hostile``) and id prefixes:
    each row gets an array of the checks it fails (null for those it passes), exploded into
    problem rows, whatever the number of checks.
    """
    key = key_col(schema, frame.columns)
    frame, checks = _cell_checks(frame, schema)
    checks += hostile_checks(frame, schema) + _id_prefix_checks(frame, name)
    if not checks:
        return []
    failed = F.array(
        *(
            F.when(
                cond,
                F.struct(
                    F.lit(layer).alias("layer"),
                    F.lit(rule).alias("rule"),
                    F.lit(field).alias("field"),
                    value.cast("string").alias("value"),
                ),
            )
            for cond, layer, rule, field, value in checks
        )
    )
    found = frame.select(
        "_row", key.alias("key"), F.explode(F.filter(failed, lambda p: p.isNotNull())).alias("p")
    )
    return [
        found.select(
            F.col("p.layer").alias("layer"),
            F.lit(name).alias("table"),
            F.col("_row").alias("row"),
            F.lit(None).cast("bigint").alias("line"),
            "key",
            F.col("p.field").alias("field"),
            F.col("p.rule").alias("rule"),
            F.col("p.value").alias("value"),
            F.concat(F.lit("fails "), F.col("p.rule")).alias("message"),
        )
    ]


def _typed_text(fields: list[str]) -> Column:
    """The typed values of ``fields`` as one string (a key to group or join on)."""
    return F.concat_ws("\x1f", *(F.col(f"_t_{f}").cast("string") for f in fields))


def primary_key_problems(
    frames: dict[str, DataFrame], schemas: dict[str, TableSchema]
) -> list[DataFrame]:
    """Keys that more than one row of a table holds: every table's keys in one group-by."""
    keyed = []
    for name, frame in frames.items():
        pk = list(schemas[name].primary_key)
        if not pk or not set(pk) <= set(frame.columns):
            continue
        typed_pk = frame.select(*(F.col(f"_t_{k}").cast("string").alias(k) for k in pk))
        keyed.append(
            typed_pk.select(
                F.lit(name).alias("table"),
                key_col(schemas[name], pk).alias("_key"),
                F.concat_ws("|", *pk).alias("_value"),
                F.lit(", ".join(pk)).alias("field"),
            )
        )
    if not keyed:
        return []
    dup = (
        _union(keyed)
        .groupBy("table", "_key", "field")
        .agg(F.first("_value").alias("_value"), F.count(F.lit(1)).alias("_n"))
    )
    return [
        dup.filter("_n > 1").select(
            F.lit("structure").alias("layer"),
            "table",
            F.lit(None).cast("bigint").alias("row"),
            F.lit(None).cast("bigint").alias("line"),
            F.col("_key").alias("key"),
            "field",
            F.lit("structure.primary_key").alias("rule"),
            F.col("_value").alias("value"),
            F.lit("repeat").alias("message"),
        )
    ]


def foreign_key_problems(
    frames: dict[str, DataFrame], schemas: dict[str, TableSchema]
) -> list[DataFrame]:
    """Rows whose foreign key (all fields set) names no row of the referenced table.

    Every foreign key of the package is one anti-join: children and parents are unions of
    (foreign key, typed values as text).
    """
    children, parents = [], []
    for name, frame in frames.items():
        schema = schemas[name]
        for n, fk in enumerate(schema.foreign_keys):
            parent = frames.get(fk.resource)
            if parent is None or not set(fk.fields) <= set(frame.columns):
                continue
            if not set(fk.reference_fields) <= set(parent.columns):
                continue
            fk_id = f"{name}#{n}"
            child = frame.dropna(subset=[f"_t_{f}" for f in fk.fields])
            children.append(
                child.select(
                    F.lit(fk_id).alias("_fk"),
                    _typed_text(list(fk.fields)).alias("_ref"),
                    F.lit(name).alias("table"),
                    "_row",
                    key_col(schema, frame.columns).alias("key"),
                    F.lit(", ".join(fk.fields)).alias("field"),
                    F.concat_ws("|", *fk.fields).alias("value"),
                )
            )
            parents.append(
                parent.select(
                    F.lit(fk_id).alias("_fk"),
                    _typed_text(list(fk.reference_fields)).alias("_ref"),
                )
            )
    if not children:
        return []
    dangling = _union(children).join(_union(parents), on=["_fk", "_ref"], how="left_anti")
    rule, message = F.lit("structure.foreign_key"), F.lit("names no row of the referenced table")
    return [_rows(dangling, "structure", rule, "field", "value", message)]


def _rows(frame: DataFrame, layer: str, rule, field, value, message, table="table") -> DataFrame:
    """Problem rows of ``frame`` (with ``_row``, ``key``): the arguments are columns or names."""

    def c(v):
        return v if isinstance(v, Column) else F.col(v)

    return frame.select(
        F.lit(layer).alias("layer"),
        c(table).alias("table"),
        F.col("_row").cast("bigint").alias("row"),
        F.lit(None).cast("bigint").alias("line"),
        F.col("key"),
        c(field).alias("field"),
        c(rule).alias("rule"),
        c(value).alias("value"),
        c(message).alias("message"),
    )


def _union(parts: list[DataFrame]) -> DataFrame | None:
    return reduce(DataFrame.unionByName, parts) if parts else None


def corpus_problems(
    frames: dict[str, DataFrame],
    schemas: dict[str, TableSchema],
    usable: DataFrame | None,
    on_disk: DataFrame | None,
) -> list[DataFrame]:
    """Orphan texts, spans against texts, figures against claims.

    ``usable`` has ``source_id``, ``_text`` and ``_chars`` of every text the text pass read
    cleanly; ``on_disk`` the ``text_path`` of every ``*.txt`` of the texts directory.
    """
    out: list[DataFrame] = []
    sources = frames.get("sources")
    if sources is not None and on_disk is not None and "text_path" in sources.columns:
        orphans = on_disk.join(
            sources.select("text_path").dropna(), on="text_path", how="left_anti"
        ).select(F.lit(None).cast("string").alias("_key"), F.col("text_path").alias("_value"))
        out.append(
            problems(orphans, "corpus", TEXTS_DIR, "corpus.orphan_text", None, "no sources row")
        )
    if usable is not None:
        out += _span_problems(frames, schemas, usable)
    out += _figure_problems(frames, schemas)
    return out


def _span_problems(
    frames: dict[str, DataFrame], schemas: dict[str, TableSchema], usable: DataFrame
) -> list[DataFrame]:
    """A span ends inside its text and its quote is ``text[start:end]`` (one join).

    Claims' and figures' spans are one union, joined once with the usable texts.
    """
    spans = [
        frame.filter(F.col("_t_start") < F.col("_t_end")).select(
            F.lit(name).alias("table"),
            "_row",
            key_col(schemas[name], frame.columns).alias("key"),
            "source_id",
            "_t_start",
            "_t_end",
            "end",
            "quote",
        )
        for name, frame in frames.items()
        if name in _ID_PREFIX and {"source_id", "start", "end", "quote"} <= set(frame.columns)
    ]
    if not spans:
        return []
    joined = _union(spans).join(usable, on="source_id", how="inner")
    sliced = F.expr("substring(_text, _t_start + 1, _t_end - _t_start)")
    past = F.col("_t_end") > F.col("_chars")
    rule = F.when(past, F.lit("corpus.span_in_text")).when(
        sliced != F.col("quote"), F.lit("corpus.quote_matches_text")
    )
    found = joined.select("*", rule.alias("_rule")).filter(F.col("_rule").isNotNull())
    return [
        _rows(
            found,
            "corpus",
            "_rule",
            F.when(past, F.lit("end")).otherwise(F.lit("quote")),
            F.when(past, F.col("end")).otherwise(F.col("quote")),
            F.when(past, F.lit("end is past the end of the text")).otherwise(
                F.lit("quote differs from the archived text at [start, end)")
            ),
        )
    ]


def _figure_problems(
    frames: dict[str, DataFrame], schemas: dict[str, TableSchema]
) -> list[DataFrame]:
    """A figure has its claim's source and lies inside its claim's span (one join)."""
    figures, claims = frames.get("figures"), frames.get("claims")
    need = {"claim_id", "source_id", "start", "end"}
    if figures is None or claims is None:
        return []
    if not need <= set(figures.columns) or not need <= set(claims.columns):
        return []
    joined = figures.join(
        claims.select(
            "claim_id",
            F.col("source_id").alias("_c_source"),
            F.col("_t_start").alias("_c_start"),
            F.col("_t_end").alias("_c_end"),
        ),
        on="claim_id",
        how="inner",
    )
    other = F.col("source_id") != F.col("_c_source")
    outside = (F.col("source_id") == F.col("_c_source")) & (
        (F.col("_t_start") < F.col("_c_start")) | (F.col("_t_end") > F.col("_c_end"))
    )
    rule = F.when(other, F.lit("corpus.figure_source_matches_claim")).when(
        outside, F.lit("corpus.figure_inside_claim")
    )
    found = joined.select(
        "*", rule.alias("_rule"), key_col(schemas["figures"], figures.columns).alias("key")
    ).filter(F.col("_rule").isNotNull())
    return [
        _rows(
            found,
            "corpus",
            "_rule",
            F.when(other, F.lit("source_id")).otherwise(F.lit("start, end")),
            F.when(other, F.col("source_id")).otherwise(F.concat_ws(", ", "start", "end")),
            F.when(other, F.lit("the figure's claim is from another source")).otherwise(
                F.lit("figure span lies outside its claim's span")
            ),
            table=F.lit("figures"),
        )
    ]


def all_problems(parts: list[DataFrame]) -> DataFrame | None:
    """One DataFrame of every finding."""
    return _union(parts)
