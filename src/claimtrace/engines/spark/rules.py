"""The rules of ``coverage.NATIVE`` as Spark DataFrame operations, one problem row per finding.

Every function returns a DataFrame with the columns of ``PROBLEM_COLUMNS`` (strings), keyed like
the default engine's reports (``claim_id=...``), so both engines' findings compare as sets of
(rule, table, key). Types, constraints and keys are generated from the Table Schemas, as in the
default engine. Offsets count code points: Spark's ``substring`` is 1-based and counts characters
of its UTF-8 strings as code points (an astral character is one), which a test checks.
"""

from __future__ import annotations

from functools import reduce

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from claimtrace.metadata import TableSchema
from claimtrace.tables.typed import _PATTERNS, FALSE_VALUES, TRUE_VALUES
from claimtrace.texts.archive import TEXTS_DIR

PROBLEM_COLUMNS = ("layer", "table", "key", "field", "rule", "value", "message")
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

    return frame.select(
        F.lit(layer).alias("layer"),
        F.lit(table).alias("table"),
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


def table_problems(frame: DataFrame, name: str, schema: TableSchema) -> list[DataFrame]:
    """Types and constraints of every field, from the Table Schema, in one pass over the rows.

    Each row gets an array of the checks it fails (null for those it passes), exploded into
    problem rows: one scan of the table whatever the number of checks.
    """
    key = key_col(schema, frame.columns)
    frame, checks = _cell_checks(frame, schema)
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
        key.alias("key"), F.explode(F.filter(failed, lambda p: p.isNotNull())).alias("p")
    )
    return [
        found.select(
            F.col("p.layer").alias("layer"),
            F.lit(name).alias("table"),
            "key",
            F.col("p.field").alias("field"),
            F.col("p.rule").alias("rule"),
            F.col("p.value").alias("value"),
            F.concat(F.lit("fails "), F.col("p.rule")).alias("message"),
        )
    ]


def primary_key_problems(frame: DataFrame, name: str, schema: TableSchema) -> list[DataFrame]:
    """Keys that more than one row holds (the set of keys equals the default engine's)."""
    pk = list(schema.primary_key)
    if not pk or not set(pk) <= set(frame.columns):
        return []
    typed_pk = [F.col(f"_t_{k}").alias(k) for k in pk]
    keyed = frame.select(*typed_pk)
    dup = keyed.groupBy(*pk).count().filter("count > 1")
    key = key_col(schema, pk)
    rows = dup.select(key.alias("_key"), F.concat_ws("|", *pk).alias("_value"))
    return [problems(rows, "structure", name, "structure.primary_key", ", ".join(pk), "repeat")]


def foreign_key_problems(
    frames: dict[str, DataFrame], schemas: dict[str, TableSchema]
) -> list[DataFrame]:
    """Rows whose foreign key (all fields set) names no row of the referenced table."""
    out = []
    for name, frame in frames.items():
        schema = schemas[name]
        for fk in schema.foreign_keys:
            parent = frames.get(fk.resource)
            if parent is None or not set(fk.fields) <= set(frame.columns):
                continue
            if not set(fk.reference_fields) <= set(parent.columns):
                continue
            child = frame.dropna(subset=[f"_t_{f}" for f in fk.fields])
            ref = parent.select(
                *(
                    F.col(f"_t_{r}").alias(f"_t_{f}")
                    for f, r in zip(fk.fields, fk.reference_fields, strict=True)
                )
            )
            dangling = child.join(ref, on=[f"_t_{f}" for f in fk.fields], how="left_anti")
            rows = dangling.select(
                key_col(schema, frame.columns).alias("_key"),
                F.concat_ws("|", *fk.fields).alias("_value"),
            )
            field = ", ".join(fk.fields)
            out.append(
                problems(rows, "structure", name, "structure.foreign_key", field, "dangling")
            )
    return out


def _union(parts: list[DataFrame]) -> DataFrame | None:
    return reduce(DataFrame.unionByName, parts) if parts else None


def text_files(spark, texts_dir: str) -> DataFrame:
    """Every ``*.txt`` of the texts directory: text_path, bytes, text and whether it is usable.

    Usable means UTF-8 (decoding and re-encoding gives the same bytes), without BOM, CR or NUL.
    """
    files = (
        spark.read.format("binaryFile")
        .option("pathGlobFilter", "*.txt")
        .option("recursiveFileLookup", "false")
        .load(texts_dir)
    )
    text = F.decode("content", "UTF-8")
    return files.select(
        F.concat(F.lit(f"{TEXTS_DIR}/"), F.regexp_extract("path", r"([^/]+)$", 1)).alias(
            "text_path"
        ),
        F.sha2("content", 256).alias("_sha"),
        text.alias("_text"),
        (
            (F.encode(text, "UTF-8") == F.col("content"))
            & ~text.startswith("\ufeff")
            & ~text.contains("\r")
            & ~text.contains("\x00")
        ).alias("_usable"),
    )


def corpus_problems(
    frames: dict[str, DataFrame], schemas: dict[str, TableSchema], files: DataFrame | None
) -> list[DataFrame]:
    """Texts against sources, spans against texts, ids and figures against claims."""
    out: list[DataFrame] = []
    sources = frames.get("sources")
    text_fields = {"source_id", "text_path", "text_sha256", "text_chars"}
    usable = None
    if sources is not None and text_fields <= set(sources.columns) and files is not None:
        skey = key_col(schemas["sources"], sources.columns).alias("_key")
        named = sources.dropna(subset=["source_id", "text_path"])
        wrong_path = named.filter(
            F.col("text_path") != F.concat(F.lit(f"{TEXTS_DIR}/"), "source_id", F.lit(".txt"))
        )
        out.append(
            problems(
                wrong_path.select(skey, F.col("text_path").alias("_value")),
                "corpus",
                "sources",
                "corpus.text_path_matches_id",
                "text_path",
                "text_path must be data/texts/<source_id>.txt",
            )
        )
        plain = F.col("text_path").rlike(f"^{TEXTS_DIR}/[^/]+$")
        joined = named.join(files, on="text_path", how="left")
        checks = (
            (plain & F.col("_sha").isNull(), "corpus.text_exists", "text_path", "text_path"),
            (
                F.col("_sha").isNotNull() & (F.col("_sha") != F.col("text_sha256")),
                "corpus.text_sha256",
                "text_sha256",
                "_sha",
            ),
            (
                F.col("_usable") & (F.length("_text") != F.col("_t_text_chars")),
                "corpus.text_chars",
                "text_chars",
                "text_chars",
            ),
        )
        for cond, rule, field, value in checks:
            rows = joined.filter(cond).select(skey, F.col(value).alias("_value"))
            out.append(problems(rows, "corpus", "sources", rule, field, rule))
        orphans = files.join(
            sources.select("text_path").dropna(), on="text_path", how="left_anti"
        ).select(F.lit(None).cast("string").alias("_key"), F.col("text_path").alias("_value"))
        out.append(
            problems(orphans, "corpus", TEXTS_DIR, "corpus.orphan_text", None, "no sources row")
        )
        usable = joined.filter("_usable").select(
            "source_id", F.col("_text").alias("_text"), F.length("_text").alias("_chars")
        )
    for name, mark, id_field in (("claims", ".c", "claim_id"), ("figures", ".f", "figure_id")):
        frame = frames.get(name)
        if frame is None:
            continue
        key = key_col(schemas[name], frame.columns).alias("_key")
        if {id_field, "source_id"} <= set(frame.columns):
            bad = frame.filter(
                ~F.col(id_field).startswith(F.concat("source_id", F.lit(mark)))
            ).select(key, F.col(id_field).alias("_value"))
            rule = f"corpus.{id_field}_prefix"
            out.append(problems(bad, "corpus", name, rule, id_field, rule))
        if usable is None or not {"source_id", "start", "end", "quote"} <= set(frame.columns):
            continue
        spans = frame.filter(F.col("_t_start") < F.col("_t_end")).join(
            usable, on="source_id", how="inner"
        )
        past = spans.filter(F.col("_t_end") > F.col("_chars")).select(
            key, F.col("end").alias("_value")
        )
        out.append(problems(past, "corpus", name, "corpus.span_in_text", "end", "past the end"))
        sliced = F.expr("substring(_text, _t_start + 1, _t_end - _t_start)")
        wrong = spans.filter((F.col("_t_end") <= F.col("_chars")) & (sliced != F.col("quote")))
        out.append(
            problems(
                wrong.select(key, F.col("quote").alias("_value")),
                "corpus",
                name,
                "corpus.quote_matches_text",
                "quote",
                "quote differs from the archived text at [start, end)",
            )
        )
    figures, claims = frames.get("figures"), frames.get("claims")
    need = {"claim_id", "source_id", "start", "end"}
    if figures is not None and claims is not None and need <= set(figures.columns):  # noqa: SIM102
        if need <= set(claims.columns):
            key = key_col(schemas["figures"], figures.columns).alias("_key")
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
            other = joined.filter(F.col("source_id") != F.col("_c_source"))
            outside = joined.filter(
                (F.col("source_id") == F.col("_c_source"))
                & ((F.col("_t_start") < F.col("_c_start")) | (F.col("_t_end") > F.col("_c_end")))
            )
            out.append(
                problems(
                    other.select(key, F.col("source_id").alias("_value")),
                    "corpus",
                    "figures",
                    "corpus.figure_source_matches_claim",
                    "source_id",
                    "the figure's claim is from another source",
                )
            )
            out.append(
                problems(
                    outside.select(key, F.concat_ws(", ", "start", "end").alias("_value")),
                    "corpus",
                    "figures",
                    "corpus.figure_inside_claim",
                    "start, end",
                    "figure span lies outside its claim's span",
                )
            )
    return out


def all_problems(parts: list[DataFrame]) -> DataFrame | None:
    """One DataFrame of every finding."""
    return _union(parts)
