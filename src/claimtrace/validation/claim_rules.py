"""Corpus rules on claims and figures: date role, id order in the text, headlines."""

from __future__ import annotations

import polars as pl

from claimtrace.validation.corpus_frames import bad, frame, narrow
from claimtrace.validation.frames import concat_problems
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

col = pl.col

RULES = (
    Rule(
        "corpus.event_date_role",
        "corpus",
        "event_date_role (occurred or referent) is given exactly when event_date is given",
    ),
    Rule(
        "corpus.claim_id_order",
        "corpus",
        "the ids <source_id>.cNN of a source's claims are numbered in text order of start (ties "
        "by end); figure ids <source_id>.fNN likewise",
    ),
    Rule(
        "corpus.headline",
        "corpus",
        "an is_headline claim lies inside the text's title line (the first line equal to the "
        "source's title, spaces around it aside) and is not furniture",
    ),
)


def date_role_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """``event_date_role`` is set exactly when ``event_date`` is."""
    claims = frame(reads, "claims", ["claim_id", "event_date", "event_date_role"])
    if claims is None:
        return concat_problems([])
    wrong = claims.filter(col("event_date").is_null() != col("event_date_role").is_null())
    return bad(
        wrong,
        reads["claims"].schema,
        "corpus.event_date_role",
        "event_date, event_date_role",
        pl.when(col("event_date").is_null())
        .then(pl.lit("the claim states no event_date: leave event_date_role empty"))
        .otherwise(
            pl.lit(
                "say what event_date is to the claim: occurred (it happened then) or referent "
                "(the date only identifies what the claim is about)"
            )
        ),
        value=pl.format(
            "event_date={}, event_date_role={}",
            col("event_date").fill_null(""),
            col("event_date_role").fill_null(""),
        ),
    )


_GROUP = 1 << 20
"""Numbers below this share a sort key with the hash of their source (see ``in_text_order``)."""


def in_text_order(numbered: pl.DataFrame) -> bool:
    """True only if, in every source, a higher number ``_n`` never starts earlier nor ties.

    Then the ranks by text and by number agree, and no row needs ranking. Rows are put in
    order by one integer, the source's hash with its low 20 bits replaced by ``_n``; a collision
    of two sources' keys only mixes their rows, which can make this False, never wrongly True.
    """
    if numbered.height == 0 or numbered["_n"].max() >= _GROUP:
        return numbered.height == 0
    key = col("source_id").hash() // _GROUP * _GROUP + col("_n").cast(pl.UInt64)
    ordered = numbered.select(_k=key, start="start", end="end").sort("_k")
    prev = {c: col(c).shift() for c in ("_k", "start", "end")}
    earlier = (col("start") < prev["start"]) | (
        (col("start") == prev["start"]) & (col("end") < prev["end"])
    )
    same_source = col("_k") // _GROUP == prev["_k"] // _GROUP
    clash = same_source & ((col("_k") == prev["_k"]) | earlier)
    return not ordered.select(clash.any()).item()


def _order_problems(reads, name: str, id_field: str, mark: str) -> pl.DataFrame:
    rows = narrow(reads, name, [id_field, "source_id", "start", "end"])
    if rows is None:
        return concat_problems([])
    numbered = rows.with_columns(
        _n=col(id_field).str.extract(rf"\.{mark}([0-9]+)$").cast(pl.Int64, strict=False)
    ).drop_nulls(["_n", "source_id", "start", "end"])
    if in_text_order(numbered):
        return concat_problems([])
    by_text = numbered.sort("source_id", "start", "end", "_n").with_columns(
        _by_text=pl.int_range(pl.len()).over("source_id")
    )
    ranked = by_text.sort("source_id", "_n").with_columns(
        _by_id=pl.int_range(pl.len()).over("source_id"),
        _expected=col(id_field).gather(col("_by_text")).over("source_id"),
    )
    wrong = ranked.filter(col("_by_text") != col("_by_id"))
    kind = "claims" if mark == "c" else "figures"
    return bad(
        wrong.sort("_row") if "_row" in wrong.columns else wrong,
        reads[name].schema,
        "corpus.claim_id_order",
        id_field,
        pl.format(
            "{} of a source are numbered in text order (start, then end): this one is number "
            "{} of {} by its place in the text, so its id should be {}",
            pl.lit(kind),
            col("_by_text") + 1,
            col("source_id"),
            col("_expected"),
        ),
    )


def id_order_problems(reads: dict[str, TableRead]) -> pl.DataFrame:
    """Claim and figure ids follow the text order of their spans within each source."""
    return concat_problems(
        [
            _order_problems(reads, "claims", "claim_id", "c"),
            _order_problems(reads, "figures", "figure_id", "f"),
        ]
    )


def _title_lines(texts: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """``source_id``, ``_line_start``, ``_line_end``: each text's title line, in code points.

    The title line is the first line equal to the source's title (surrounding spaces aside);
    a text without one (or a source without a title) gets no row.
    """
    lines = (
        texts.select("source_id", _line=col("text").str.split("\n"))
        .explode("_line")
        .with_columns(_len=col("_line").str.len_chars())
        .with_columns(
            _line_start=(col("_len") + 1).cum_sum().over("source_id") - col("_len") - 1,
            _clean=col("_line").str.strip_chars(),
        )
        .join(
            sources.select("source_id", _title=col("title").str.strip_chars()),
            on="source_id",
            how="inner",
        )
    )
    return (
        lines.filter(col("_clean") == col("_title"))
        .group_by("source_id", maintain_order=True)
        .first()
        .select("source_id", "_line_start", _line_end=col("_line_start") + col("_len"))
    )


def headline_problems(reads: dict[str, TableRead], texts: pl.DataFrame) -> pl.DataFrame:
    """A headline claim lies in its text's title line and is not page furniture."""
    claims = frame(reads, "claims", ["claim_id", "source_id", "start", "end", "is_headline"])
    sources = frame(reads, "sources", ["source_id", "title"])
    if claims is None or sources is None:
        return concat_problems([])
    schema = reads["claims"].schema
    heads = claims.filter(col("is_headline").fill_null(False))
    out = []
    if "is_furniture" in claims.columns:
        out.append(
            bad(
                heads.filter(col("is_furniture").fill_null(False)),
                schema,
                "corpus.headline",
                "is_headline, is_furniture",
                "a headline is a claim of the page, not furniture: is_furniture is false for it",
                value=pl.lit("is_headline=true, is_furniture=true"),
            )
        )
    with_text = texts.join(heads.select("source_id").unique(), on="source_id", how="semi")
    placed = heads.join(_title_lines(with_text, sources), on="source_id", how="inner")
    outside = placed.filter((col("start") < col("_line_start")) | (col("end") > col("_line_end")))
    out.append(
        bad(
            outside,
            schema,
            "corpus.headline",
            "is_headline",
            pl.when(col("_line_start").is_null())
            .then(pl.lit("no line of the text is the source's title: the page has no headline"))
            .otherwise(
                pl.format(
                    "a headline lies in the text's title line [{}, {}); this claim spans [{}, {})",
                    col("_line_start"),
                    col("_line_end"),
                    col("start"),
                    col("end"),
                )
            ),
        )
    )
    return concat_problems(out)
