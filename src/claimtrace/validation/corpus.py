"""Layer 3, corpus: rules across tables and files, every one a join or a vectorised expression."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.texts.archive import TEXTS_DIR
from claimtrace.validation.attribution_rules import attribution_problems
from claimtrace.validation.claim_rules import (
    date_role_problems,
    headline_problems,
    id_order_problems,
)
from claimtrace.validation.corpus_frames import LAYER, bad, frame, narrow
from claimtrace.validation.drift_rules import drift_problems
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.lineage_graph import lineage_cycle_problems
from claimtrace.validation.problems import problems_frame
from claimtrace.validation.proposition_rules import proposition_problems
from claimtrace.validation.reader import TableRead
from claimtrace.validation.relation_rules import relation_problems
from claimtrace.validation.texts_check import read_texts, texts_on_disk

col = pl.col
_frame, _bad = frame, bad


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
    texts = texts.with_columns(_ascii=col("text").str.len_bytes() == col("text").str.len_chars())
    for name in ("claims", "figures"):
        frame = narrow(reads, name, ["source_id", "start", "end", "quote"])
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
        wrong = misquoted(spans.filter(col("end") <= col("chars"))).with_columns(
            _slice=_span_text()
        )
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


def _span_text() -> pl.Expr:
    return col("text").str.slice(col("start"), col("end") - col("start"))


def misquoted(spans: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``spans`` whose quote is not ``text[start:end]`` (code points), in order.

    In an ASCII text (``_ascii``) code points are bytes, and slicing bytes skips counting the
    code points before ``start``: half the cost at a million spans.
    """
    spans = spans.with_row_index("_i")
    by_bytes = spans.filter(col("_ascii")).filter(
        col("text").cast(pl.Binary).bin.slice(col("start"), col("end") - col("start"))
        != col("quote").cast(pl.Binary)
    )
    by_chars = spans.filter(~col("_ascii")).filter(_span_text() != col("quote"))
    return pl.concat([by_bytes, by_chars]).sort("_i").drop("_i")


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
    figures = narrow(reads, "figures", ["claim_id", "source_id", "start", "end"])
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


def corpus_problems(
    root: Path,
    reads: dict[str, TableRead],
    texts: pl.DataFrame | None = None,
    *,
    orphans: bool = True,
) -> pl.DataFrame:
    """Every corpus rule, in a stable order (``texts`` as in ``text_problems``).

    ``orphans=False`` leaves out the orphan-text rule, which needs every sources row (a
    partition of the package checks it once, over all of them).
    """
    found, texts = text_problems(root, reads, texts)
    return concat_problems(
        [
            found,
            orphan_text_problems(root, reads) if orphans else concat_problems([]),
            span_problems(reads, texts),
            id_prefix_problems(reads),
            figure_problems(reads),
            proposition_problems(reads),
            lineage_cycle_problems(reads),
            drift_problems(reads),
            attribution_problems(reads),
            date_role_problems(reads),
            id_order_problems(reads),
            headline_problems(reads, texts),
            relation_problems(reads),
        ]
    )
