"""Validate the texts table by the rules of the ``.txt`` layout, vectorised per batch.

The row of source X stands for ``data/texts/X.txt``; the pass hands the corpus layer the same
texts frame ``validation.texts_check.read_texts`` builds from files (keyed by ``text_path``), so
``text_sha256``, ``text_chars``, ``text_exists``, ``text_path_safe``, spans and quotes are checked
by the very same joins. What the ``.txt`` layout finds in a file's bytes (not UTF-8, not NFC, a
BOM, a CR, a NUL, empty, too large) is found here per row, under the same rule ids, and reported
on the texts table: table ``texts``, the row's key ``source_id=X``, field ``text``. Rows the
``.txt`` layout cannot have are reported too: a duplicate ``source_id`` (``structure.primary_key``),
a null cell, an ``sha256`` cell that is not its text's hash, and a row no source names
(``corpus.orphan_text``).

UTF-8 validation, lengths, the BOM test and code-point counts are pyarrow and polars kernels over
a whole batch. SHA-256 is per text: no columnar engine has a SHA-256 kernel over binary values
(polars' and pyarrow's ``hash`` are not cryptographic), and ``hashlib`` over a batch's values is
one C call per text, the same as hashing files, without a file to open. Having those values as
bytes anyway, NUL and CR are found by ``in`` (memchr, faster than a pyarrow substring kernel,
measured) and NFC by ``unicodedata.is_normalized`` (CPython's quick check, ASCII skipped) rather
than polars' ``str.normalize``, which builds a normalised copy of every text to compare.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from claimtrace.metadata import Package
from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.tables.typed import ROW
from claimtrace.texts.archive import SOURCE_ID, TEXTS_DIR
from claimtrace.texts_table.layout import RESOURCE, part_paths, texts_resource
from claimtrace.texts_table.read import RULE, PartDefect, part_batches
from claimtrace.texts_table.schema import texts_schema
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.limits import MAX_TEXT_BYTES
from claimtrace.validation.problems import problems_frame
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule
from claimtrace.validation.texts_check import TEXT_SCHEMA

RULES = (
    Rule(
        RULE,
        "corpus",
        "in the Parquet layout of the archived texts, every part the `texts` resource lists is a "
        "regular file inside the package (not a symlink) that is readable Parquet with the "
        "string columns source_id, text and sha256 and no other, and no cell is empty; the "
        "resource declares the Table Schema generated from the sources table's",
    ),
    Rule(
        "corpus.texts_sha256",
        "corpus",
        "in the Parquet layout, each row's sha256 is the SHA-256 of its text's UTF-8 bytes",
    ),
)
_BOM = "\ufeff"


def _utf8(raw: pa.Array) -> tuple[pa.Array, list[int | None]]:
    """``raw`` as strings (null where not UTF-8), and the first bad byte of each row (or None)."""
    try:
        return raw.cast(pa.large_string() if pa.types.is_large_binary(raw.type) else pa.string()), [
            None
        ] * len(raw)
    except pa.ArrowInvalid:  # only a batch holding a bad text is decoded row by row
        pass
    texts, bad = [], []
    for value in raw.to_pylist():
        try:
            texts.append(None if value is None else value.decode("utf-8"))
            bad.append(None)
        except UnicodeDecodeError as exc:
            texts.append(None)
            bad.append(exc.start)
    return pa.array(texts, pa.string()), bad


def _inspect(part: str, batch: pa.RecordBatch) -> pl.DataFrame:
    """One row per text of ``batch``: its checks' results, computed over the whole batch."""
    raw = batch.column("text")
    text, bad_byte = _utf8(raw)
    frame = pl.from_arrow(
        pa.table(
            {
                "source_id": batch.column("source_id"),
                "sha256": batch.column("sha256"),
                "text": text,
                "bytes": pc.binary_length(raw),
            }
        )
    )
    values = raw.to_pylist()  # bytes objects for hashlib; memchr then finds NUL and CR
    digests = [None if v is None else hashlib.sha256(v).hexdigest() for v in values]
    nfc = [
        None if v is None or b is not None else v.isascii() or _is_nfc(v)
        for v, b in zip(values, bad_byte, strict=True)
    ]
    return frame.with_columns(
        part=pl.lit(part),
        actual_sha256=pl.Series(digests, dtype=pl.String),
        bad_byte=pl.Series(bad_byte, dtype=pl.Int64),
        nfc=pl.Series(nfc, dtype=pl.Boolean),
        nul=pl.Series([v is not None and b"\x00" in v for v in values], dtype=pl.Boolean),
        cr=pl.Series([v is not None and b"\r" in v for v in values], dtype=pl.Boolean),
    )


def _is_nfc(raw: bytes) -> bool:
    """Whether UTF-8 ``raw`` is NFC: the C quick check, as the ``.txt`` layout's pass does it."""
    return unicodedata.is_normalized("NFC", raw.decode("utf-8"))


def _rows(
    root, parts: list[str], keep: set[str] | None = None, text: bool = True
) -> tuple[pl.DataFrame, list[PartDefect]]:
    """Every row of the parts, inspected; only those of the ``keep`` source ids, if given.

    ``text=False`` drops each batch's texts once inspected (for the row problems alone).
    """
    batches, defects = part_batches(root, parts)
    frames = []
    for part, batch in batches:
        frame = _inspect(part, batch)
        if keep is not None:
            frame = frame.filter(pl.col("source_id").is_in(list(keep)))
        if not text:
            frame = frame.with_columns(text=pl.lit(None, pl.String))
        frames.append(frame)
    schema = {
        "source_id": pl.String,
        "sha256": pl.String,
        "text": pl.String,
        "bytes": pl.Int64,
        "nul": pl.Boolean,
        "cr": pl.Boolean,
        "part": pl.String,
        "actual_sha256": pl.String,
        "bad_byte": pl.Int64,
        "nfc": pl.Boolean,
    }
    rows = pl.concat([f.cast(schema) for f in frames]) if frames else pl.DataFrame(schema=schema)
    return rows.with_row_index(ROW, offset=1), defects


def _problems(rows: pl.DataFrame, rule: str, field: str, message: pl.Expr, value=None):
    return problems_frame(
        rows.select(
            layer=pl.lit("structure" if rule.startswith("structure.") else "corpus"),
            table=pl.lit(RESOURCE),
            key=pl.lit("source_id=") + pl.col("source_id").fill_null("(empty)"),
            field=pl.lit(field),
            rule=pl.lit(rule),
            value=value if value is not None else pl.col(field).cast(pl.String),
            message=pl.col("part") + pl.lit(": ") + message,
        )
    )


def _defect_problems(defects: list[PartDefect]) -> pl.DataFrame:
    return problems_frame(
        pl.DataFrame(
            {
                "layer": "corpus",
                "table": RESOURCE,
                "field": [d.field for d in defects],
                "rule": RULE,
                "value": [d.part for d in defects],
                "message": [f"{d.message}; the texts it holds are not checked" for d in defects],
            },
            schema={k: pl.String for k in ("layer", "table", "field", "rule", "value", "message")},
        )
    )


def _row_problems(rows: pl.DataFrame, named: set[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Problems of the rows themselves, and the rows that stand for a text (first of each id)."""
    col = pl.col
    null_cells = [
        _problems(rows.filter(col(c).is_null()), RULE, c, pl.lit(f"the {c} cell is empty"))
        for c in ("source_id", "sha256")
    ]
    null_text = rows.filter(col("bytes").is_null())
    null_cells.append(_problems(null_text, RULE, "text", pl.lit("the text cell is empty")))
    rows = rows.filter(col("source_id").is_not_null() & col("bytes").is_not_null())
    first = col("source_id").is_first_distinct()
    duplicate = _problems(
        rows.filter(~first),
        "structure.primary_key",
        "source_id",
        pl.lit("a second row has this source_id; keep one text per source"),
    )
    rows = rows.filter(first).with_columns(
        text_path=pl.format("{}/{}.txt", pl.lit(TEXTS_DIR), col("source_id"))
    )
    large = col("bytes") > MAX_TEXT_BYTES
    utf8 = ~large & col("bad_byte").is_not_null()
    text = col("text")
    bom, not_nfc = text.str.starts_with(_BOM), ~col("nfc")
    odd = ~large & ~utf8 & (bom | col("cr") | not_nfc)
    found = [
        *null_cells,
        duplicate,
        _problems(
            rows.filter(large),
            "corpus.text_readable",
            "text",
            pl.format(
                "the text has {} bytes, more than the {} the validator reads",
                col("bytes"),
                pl.lit(f"{MAX_TEXT_BYTES:,}"),
            ),
            value=col("bytes").cast(pl.String),
        ),
        _problems(
            rows.filter(utf8),
            "corpus.text_utf8",
            "text",
            pl.format("the text is not UTF-8 (byte {})", col("bad_byte")),
            value=pl.lit(None, pl.String),
        ),
        _problems(
            rows.filter(odd),
            "corpus.text_normal_form",
            "text",
            pl.concat_str(
                pl.lit("the text "),
                pl.concat_list(
                    pl.when(bom).then(pl.lit("starts with a BOM")),
                    pl.when(col("cr")).then(pl.lit("has CR line endings (archived texts use LF)")),
                    pl.when(not_nfc).then(pl.lit("is not in Unicode NFC")),
                )
                .list.drop_nulls()
                .list.join("; "),
                pl.lit("; normalise it as add-source does"),
            ),
            value=pl.lit(None, pl.String),
        ),
        _problems(
            rows.filter(~large & col("nul")),
            "encoding.nul",
            "text",
            pl.lit("the text holds a NUL byte"),
            value=pl.lit(None, pl.String),
        ),
        _problems(
            rows.filter(col("bytes") == 0),
            "encoding.empty_file",
            "text",
            pl.lit("the text is empty"),
            value=pl.lit(None, pl.String),
        ),
        _problems(
            rows.filter(~large & (col("sha256") != col("actual_sha256"))),
            "corpus.texts_sha256",
            "sha256",
            pl.format(
                "the text's SHA-256 is {}; the sha256 cell must say so", col("actual_sha256")
            ),
        ),
        _problems(
            rows.filter(~col("text_path").is_in(list(named))),
            "corpus.orphan_text",
            "source_id",
            pl.lit("no sources row names this text (its text_path would be ")
            + col("text_path")
            + pl.lit("); add its row or remove the text"),
            value=col("text_path"),
        ),
    ]
    usable = pl.when(large | utf8 | odd).then(pl.lit(None, pl.String)).otherwise(text)
    texts = rows.select(
        "text_path",
        text=usable,
        actual_sha256=pl.when(large).then(pl.lit(None, pl.String)).otherwise(col("actual_sha256")),
        actual_chars=pl.when(large | utf8)
        .then(pl.lit(None, pl.Int64))
        .otherwise(text.str.len_chars().cast(pl.Int64)),
    )
    return concat_problems(found), texts


def _shape(schema: object) -> object:
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return schema
    fields = [(f.get("name"), f.get("type", "string")) for f in schema["fields"]]
    return fields, schema.get("primaryKey")


def _schema_problem(resource: dict, sources_schema: dict) -> pl.DataFrame:
    """The texts resource declares the generated schema's fields, types and primary key."""
    declared = resource.get("schema")
    expected = texts_schema(sources_schema)
    if isinstance(declared, str) or _shape(declared) == _shape(expected):
        return concat_problems([])  # a schema file was read and checked with the descriptor
    names = ", ".join(f["name"] for f in expected["fields"])
    message = (
        f"the {RESOURCE} resource must declare the Table Schema generated from the sources "
        f"table's (string fields {names}, primary key source_id)"
    )
    return problems_frame(
        pl.DataFrame(
            [{"layer": "corpus", "table": RESOURCE, "field": "schema", "rule": RULE}]
        ).with_columns(message=pl.lit(message))
    )


def _unsafe(root, paths: list[str]) -> set[str]:
    """The paths that could not name a file inside the package.

    A path of the form ``data/texts/<source id>.txt`` never leaves it (the parts, in that folder,
    were resolved inside already); any other is checked by ``resolve_inside``, opening nothing.
    """
    plain = re.compile(rf"{re.escape(TEXTS_DIR)}/{SOURCE_ID.pattern}\.txt")
    unsafe = set()
    for rel in paths:
        if plain.fullmatch(rel):
            continue
        try:
            resolve_inside(root, rel)
        except UnsafePathError:
            unsafe.add(rel)
    return unsafe


def parquet_text_pass(
    package: Package, reads: dict[str, TableRead], scope: str = "all"
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The problems of the texts table, and the texts frame of ``texts_check.read_texts``.

    ``scope``: ``all``; ``texts``, the texts frame of the sources in ``reads`` alone and no
    problem of the table (a partition of the package, see ``validation.partitioned``); or
    ``rows``, the table's problems alone, with every sources row in ``reads`` (checked once).

    The texts frame has a row for every text path the sources table names: the text of the row
    that stands for it, ``corpus.text_path_safe`` for a path that could not be a package path,
    or ``corpus.text_exists`` when no row stands for it (unless a part could not be read: its
    texts are unknown, and the part's own problem says so).
    """
    resource = texts_resource(package.descriptor)
    sources = reads.get("sources")
    if resource is None or sources is None or sources.typed is None:
        return concat_problems([]), None
    if "text_path" not in sources.present:
        return concat_problems([]), None
    named_paths = sources.typed["text_path"].drop_nulls().unique().to_list()
    keep = None
    if scope == "texts":  # the row for X stands for data/texts/X.txt
        pattern = rf"^{re.escape(TEXTS_DIR)}/(.+)\.txt$"
        stems = pl.Series(named_paths, dtype=pl.String).str.extract(pattern, 1)
        keep = set(stems.drop_nulls().to_list())
    rows, defects = _rows(package.root, part_paths(resource), keep, text=scope != "rows")
    declared = _schema_problem(resource, sources.resource.schema_descriptor)
    found, texts = _row_problems(rows, set(named_paths))
    table = concat_problems([declared, _defect_problems(defects), found])
    if scope == "rows":
        return table, None
    if scope == "texts":
        table = concat_problems([])
    fields = {"source_id", "text_path", "text_sha256", "text_chars"}
    if not fields <= set(sources.present):
        return table, None
    wanted = sorted(
        set(sources.typed.drop_nulls(["source_id", "text_path"])["text_path"].to_list())
    )
    refused = _unsafe(package.root, wanted)
    have = set(texts["text_path"].to_list())
    missing = [p for p in wanted if p not in refused and p not in have and not defects]
    unsafe = [p for p in wanted if p in refused]
    flagged = pl.DataFrame(
        {
            "text_path": [*unsafe, *missing],
            "rule": ["corpus.text_path_safe"] * len(unsafe) + ["corpus.text_exists"] * len(missing),
            "message": [
                f"text path refused: {p!r} is not a path inside the package" for p in unsafe
            ]
            + [f"no row of the texts table stands for {p}; add the source's text" for p in missing],
        },
        schema={"text_path": pl.String, "rule": pl.String, "message": pl.String},
    )
    frame = (
        pl.concat(
            [texts.filter(pl.col("text_path").is_in(wanted)), flagged], how="diagonal_relaxed"
        )
        .select(TEXT_SCHEMA.keys())
        .cast(TEXT_SCHEMA)
        .sort("text_path")
    )
    return table, frame
