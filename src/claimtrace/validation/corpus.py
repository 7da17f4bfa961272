"""Layer 3, corpus: rules across tables and files, every one a join or a vectorised expression."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.metadata import TableSchema
from claimtrace.texts.archive import TEXTS_DIR
from claimtrace.validation.frames import concat_problems, rows_to_problems
from claimtrace.validation.lineage_graph import lineage_cycle_problems
from claimtrace.validation.problems import problems_frame
from claimtrace.validation.reader import TableRead
from claimtrace.validation.texts_check import read_texts, texts_on_disk

LAYER = "corpus"
col = pl.col


def _frame(reads: dict[str, TableRead], name: str, fields: list[str]) -> pl.DataFrame | None:
    """The typed frame of ``name`` if it was read with all of ``fields``."""
    read = reads.get(name)
    if read is None or read.typed is None or not set(fields) <= set(read.present):
        return None
    return read.typed


def _bad(frame: pl.DataFrame, schema: TableSchema, rule: str, field: str, message, value=None):
    return rows_to_problems(
        frame, schema, layer=LAYER, rule=rule, field=field, message=message, value=value
    )


_TEXT_FIELDS = ["source_id", "text_path", "text_sha256", "text_chars"]


def source_texts(root: Path, reads: dict[str, TableRead]) -> pl.DataFrame | None:
    """``read_texts`` of every text path the sources table names; None without that table."""
    sources = _frame(reads, "sources", _TEXT_FIELDS)
    if sources is None:
        return None
    return read_texts(root, sources.drop_nulls(["source_id", "text_path"])["text_path"].to_list())


def text_problems(
    root: Path, reads: dict[str, TableRead], texts: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Check every archived text against its sources row; return problems and usable texts.

    ``texts`` is ``source_texts(root, reads)`` when the caller has read them already. The
    usable texts frame has ``source_id``, ``text`` and ``chars`` for each source whose text was
    read cleanly.
    """
    sources = _frame(reads, "sources", _TEXT_FIELDS)
    empty_texts = pl.DataFrame(
        schema={"source_id": pl.String, "text": pl.String, "chars": pl.Int64}
    )
    if sources is None:
        return concat_problems([]), empty_texts
    schema = reads["sources"].schema
    sources = sources.drop_nulls(["source_id", "text_path"])
    out = [
        _bad(
            sources.filter(col("text_path") != pl.lit(f"{TEXTS_DIR}/") + col("source_id") + ".txt"),
            schema,
            "corpus.text_path_matches_id",
            "text_path",
            pl.format("text_path must be {}/{}.txt", pl.lit(TEXTS_DIR), col("source_id")),
        )
    ]
    if texts is None:
        texts = read_texts(root, sources["text_path"].to_list())
    joined = sources.join(texts, on="text_path", how="left")
    out.append(
        _bad(
            joined.filter(col("rule").is_not_null()),
            schema,
            col("rule"),
            "text_path",
            col("message"),
        )
    )
    out.append(
        _bad(
            joined.filter(
                col("actual_sha256").is_not_null() & (col("actual_sha256") != col("text_sha256"))
            ),
            schema,
            "corpus.text_sha256",
            "text_sha256",
            pl.format(
                "the text file's SHA-256 is {}; update text_sha256 or restore the archived text",
                col("actual_sha256"),
            ),
        )
    )
    out.append(
        _bad(
            joined.filter(
                col("actual_chars").is_not_null() & (col("actual_chars") != col("text_chars"))
            ),
            schema,
            "corpus.text_chars",
            "text_chars",
            pl.format("the text has {} code points; text_chars must say so", col("actual_chars")),
        )
    )
    usable = joined.filter(col("rule").is_null() & col("text").is_not_null()).select(
        "source_id", "text", chars="actual_chars"
    )
    return concat_problems(out), usable


def orphan_text_problems(root: Path, reads: dict[str, TableRead]) -> pl.DataFrame:
    """Every text file in the texts directory has a sources row."""
    sources = _frame(reads, "sources", ["text_path"])
    if sources is None:
        return concat_problems([])
    on_disk = pl.DataFrame({"text_path": texts_on_disk(root)}, schema={"text_path": pl.String})
    orphans = on_disk.join(sources.select("text_path"), on="text_path", how="anti")
    return problems_frame(
        orphans.select(
            layer=pl.lit(LAYER),
            table=pl.lit(TEXTS_DIR),
            rule=pl.lit("corpus.orphan_text"),
            value="text_path",
            message=pl.lit("no sources row names this text; add its row or remove the file"),
        )
    )


def span_problems(reads: dict[str, TableRead], texts: pl.DataFrame) -> pl.DataFrame:
    """Every quote equals text[start:end] (code points) and every span ends inside its text."""
    out = []
    for name in ("claims", "figures"):
        frame = _frame(reads, name, ["source_id", "start", "end", "quote"])
        if frame is None:
            continue
        schema = reads[name].schema
        spans = frame.filter(col("start") < col("end")).join(texts, on="source_id", how="inner")
        past = spans.filter(col("end") > col("chars"))
        out.append(
            _bad(
                past,
                schema,
                "corpus.span_in_text",
                "end",
                pl.format("end is past the end of the text ({} code points)", col("chars")),
            )
        )
        inside = spans.filter(col("end") <= col("chars")).with_columns(
            _slice=col("text").str.slice(col("start"), col("end") - col("start"))
        )
        wrong = inside.filter(col("_slice") != col("quote"))
        out.append(
            _bad(
                wrong,
                schema,
                "corpus.quote_matches_text",
                "quote",
                pl.format(
                    'quote differs from the archived text at [start, end), which reads "{}"; '
                    "fix start/end (claimtrace anchor) or the quote",
                    col("_slice").str.slice(0, 200),
                ),
            )
        )
    return concat_problems(out)


def id_prefix_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """claim_id starts with ``<source_id>.c``; figure_id with ``<source_id>.f``."""
    out = []
    for name, id_field, mark in (("claims", "claim_id", ".c"), ("figures", "figure_id", ".f")):
        frame = _frame(reads, name, [id_field, "source_id"])
        if frame is None:
            continue
        bad = frame.filter(~col(id_field).str.starts_with(col("source_id") + mark))
        out.append(
            _bad(
                bad,
                reads[name].schema,
                f"corpus.{id_field}_prefix",
                id_field,
                pl.format(
                    "{} must start with {}{}", pl.lit(id_field), col("source_id"), pl.lit(mark)
                ),
            )
        )
    return concat_problems(out)


def figure_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """A figure lies inside its claim's span and has the claim's source."""
    figures = _frame(reads, "figures", ["claim_id", "source_id", "start", "end"])
    claims = _frame(reads, "claims", ["claim_id", "source_id", "start", "end"])
    if figures is None or claims is None:
        return concat_problems([])
    schema = reads["figures"].schema
    joined = figures.join(
        claims.select("claim_id", c_source="source_id", c_start="start", c_end="end"),
        on="claim_id",
        how="inner",
    )
    other_source = joined.filter(col("source_id") != col("c_source"))
    outside = joined.filter(
        (col("source_id") == col("c_source"))
        & ((col("start") < col("c_start")) | (col("end") > col("c_end")))
    )
    return concat_problems(
        [
            _bad(
                other_source,
                schema,
                "corpus.figure_source_matches_claim",
                "source_id",
                pl.format(
                    "the figure's claim {} is from source {}; use that source",
                    col("claim_id"),
                    col("c_source"),
                ),
            ),
            _bad(
                outside,
                schema,
                "corpus.figure_inside_claim",
                "start, end",
                pl.format(
                    "figure span [{}, {}) lies outside its claim's span [{}, {})",
                    col("start"),
                    col("end"),
                    col("c_start"),
                    col("c_end"),
                ),
                value=pl.format("start={}, end={}", col("start"), col("end")),
            ),
        ]
    )


def _invented_values(
    reads: dict[str, TableRead], claims: pl.DataFrame, value: pl.Expr
) -> pl.DataFrame:
    """Per proposition, how many sources state a value that their lineage parent leaves out.

    A copy that gives a value (an effective date, a figure) where the source it was made from is
    silent contradicts its own origin: the proposition is conflicting even with one value.
    """
    lineage = _frame(reads, "lineage", ["source_id", "parent_source_id"])
    empty = pl.DataFrame(schema={"proposition_id": pl.String, "n_invented": pl.UInt32})
    if lineage is None or "proposition_value" not in claims.columns:
        return empty
    stating = claims.filter(value.is_not_null()).select("proposition_id", "source_id").unique()
    present = claims.select("proposition_id", parent_source_id="source_id").unique()
    return (
        stating.join(lineage.select("source_id", "parent_source_id"), on="source_id")
        .join(present, on=["proposition_id", "parent_source_id"], how="anti")
        .group_by("proposition_id")
        .agg(n_invented=col("source_id").n_unique())
    )


def proposition_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Status agrees with the claims; the original claim belongs to the proposition."""
    props = _frame(reads, "propositions", ["proposition_id", "status", "original_claim_id"])
    claims = _frame(reads, "claims", ["claim_id", "source_id", "proposition_id"])
    if props is None or claims is None:
        return concat_problems([])
    schema = reads["propositions"].schema
    has_value = "proposition_value" in claims.columns
    value = col("proposition_value") if has_value else pl.lit(None, pl.String)
    stats = claims.group_by("proposition_id").agg(
        n_sources=col("source_id").n_unique(),
        n_values=value.drop_nulls().n_unique(),
        n_value_sources=col("source_id").filter(value.is_not_null()).n_unique(),
    )
    joined = (
        props.join(stats, on="proposition_id", how="left")
        .join(_invented_values(reads, claims, value), on="proposition_id", how="left")
        .with_columns(col("n_sources", "n_values", "n_value_sources", "n_invented").fill_null(0))
    )
    conflict = ((col("n_values") >= 2) & (col("n_value_sources") >= 2)) | (col("n_invented") > 0)
    wrong = joined.filter(
        ((col("status") == "conflicting") & ~conflict)
        | ((col("status") == "corroborated") & ((col("n_sources") < 2) | conflict))
        | ((col("status") == "single_source") & ((col("n_sources") != 1) | conflict))
    )
    expected = (
        pl.when(col("n_sources") == 0)
        .then(pl.lit("no claim is aligned to it; align claims or remove the proposition"))
        .when(conflict)
        .then(pl.lit("conflicting"))
        .when(col("n_sources") >= 2)
        .then(pl.lit("corroborated"))
        .otherwise(pl.lit("single_source"))
    )
    out = [
        _bad(
            wrong,
            schema,
            "corpus.proposition_status",
            "status",
            pl.format(
                "its claims come from {} source(s) with {} distinct proposition_value(s), "
                "{} of them stated by a copy whose parent source is silent; status should be {}",
                col("n_sources"),
                col("n_values"),
                col("n_invented"),
                expected,
            ),
        )
    ]
    originals = props.join(
        claims.select(original_claim_id="claim_id", _prop="proposition_id"),
        on="original_claim_id",
        how="inner",
    ).filter(col("_prop") != col("proposition_id"))
    out.append(
        _bad(
            originals,
            schema,
            "corpus.original_claim_in_proposition",
            "original_claim_id",
            pl.format(
                "claim {} is aligned to {}, not to this proposition",
                col("original_claim_id"),
                col("_prop"),
            ),
        )
    )
    return concat_problems(out)


def corpus_problems(
    root: Path, reads: dict[str, TableRead], texts: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Every corpus rule, in a stable order (``texts`` as in ``text_problems``)."""
    found, texts = text_problems(root, reads, texts)
    return concat_problems(
        [
            found,
            orphan_text_problems(root, reads),
            span_problems(reads, texts),
            id_prefix_problems(reads),
            figure_problems(reads),
            proposition_problems(reads),
            lineage_cycle_problems(reads),
        ]
    )
