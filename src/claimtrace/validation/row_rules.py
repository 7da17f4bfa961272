"""Row rules a Table Schema cannot say, declared as data and run as vectorised polars filters.

Each rule's ``bad`` expression is True for an offending row; rows where it is null are not
reported (a missing value is the structure or table layer's business).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

col = pl.col


@dataclass(frozen=True)
class RowRule:
    """A named rule over the cells of one row."""

    table: str
    rule: str
    fields: tuple[str, ...]
    bad: pl.Expr
    message: str


def _set(name: str) -> pl.Expr:
    return col(name).is_not_null()


def _empty(name: str) -> pl.Expr:
    return col(name).is_null()


def _only_when(a: str, b: str) -> pl.Expr:
    """``b`` is set exactly when ``a`` is set."""
    return _set(a) != _set(b)


_Q = col("qualifier")
_DATE = col("event_date")
_PREC = col("event_date_precision")
_MONTH = _DATE.str.slice(5, 2).cast(pl.Int64, strict=False)

ROW_RULES: tuple[RowRule, ...] = (
    *(
        RowRule(
            t,
            "row.start_before_end",
            ("start", "end"),
            col("start") >= col("end"),
            "start must be less than end: a span holds at least one code point",
        )
        for t in ("claims", "figures")
    ),
    RowRule(
        "figures",
        "row.low_le_value",
        ("low", "value"),
        col("low") > col("value"),
        "low must not exceed value",
    ),
    RowRule(
        "figures",
        "row.value_le_high",
        ("value", "high"),
        col("value") > col("high"),
        "value must not exceed high",
    ),
    RowRule(
        "figures",
        "row.low_le_high",
        ("low", "high"),
        col("low") > col("high"),
        "low must not exceed high",
    ),
    RowRule(
        "figures",
        "row.range_bounds",
        ("qualifier", "low", "high", "value"),
        (_Q == "range") & (_empty("low") | _empty("high") | _set("value")),
        "a range gives low and high and leaves value empty (no best value is guessed)",
    ),
    RowRule(
        "figures",
        "row.single_value",
        ("qualifier", "value"),
        _Q.is_in(["exact", "approximately"]) & _empty("value"),
        "an exact or approximate figure gives its value",
    ),
    RowRule(
        "figures",
        "row.upper_bound_only",
        ("qualifier", "high", "value"),
        _Q.is_in(["nearly", "less_than", "up_to"]) & (_empty("high") | _set("value")),
        "nearly / less_than / up_to give high only and leave value empty",
    ),
    RowRule(
        "figures",
        "row.lower_bound_only",
        ("qualifier", "low", "value"),
        _Q.is_in(["more_than", "at_least"]) & (_empty("low") | _set("value")),
        "more_than / at_least give low only and leave value empty",
    ),
    RowRule(
        "claims",
        "row.drift_note_required",
        ("drift", "drift_note"),
        ~col("drift").is_in(["original", "verbatim", "paraphrase"]) & _empty("drift_note"),
        "drift_note says what changed; it is required unless drift is original, verbatim "
        "or paraphrase",
    ),
    RowRule(
        "claims",
        "row.event_date_precision_set",
        ("event_date", "event_date_precision"),
        _only_when("event_date", "event_date_precision"),
        "event_date_precision is given exactly when event_date is given",
    ),
    RowRule(
        "claims",
        "row.event_date_precision_shape",
        ("event_date", "event_date_precision"),
        _set("event_date")
        & _set("event_date_precision")
        & ~(
            ((_PREC == "day") & (_DATE.str.len_chars() == 10))
            | ((_PREC == "month") & (_DATE.str.len_chars() == 7) & _MONTH.is_between(1, 12))
            | ((_PREC == "season") & (_DATE.str.len_chars() == 7) & _MONTH.is_between(21, 24))
            | ((_PREC == "year") & (_DATE.str.len_chars() == 4))
        ),
        "event_date_precision must match event_date's shape: day YYYY-MM-DD, month YYYY-MM "
        "(01-12), season YYYY-21..24, year YYYY",
    ),
    RowRule(
        "claims",
        "row.event_date_basis_set",
        ("event_date_inferred", "event_date_basis"),
        _only_when("event_date_inferred", "event_date_basis"),
        "event_date_basis is given exactly when event_date_inferred is given",
    ),
    RowRule(
        "sources",
        "row.date_published_precision_set",
        ("date_published", "date_published_precision"),
        _only_when("date_published", "date_published_precision"),
        "date_published_precision is given exactly when date_published is given",
    ),
    RowRule(
        "sources",
        "row.date_published_precision_shape",
        ("date_published", "date_published_precision"),
        _set("date_published")
        & _set("date_published_precision")
        & (
            col("date_published").str.len_chars()
            != col("date_published_precision").replace_strict(
                {"day": 10, "month": 7, "year": 4}, default=None, return_dtype=pl.UInt32
            )
        ),
        "date_published_precision must match date_published's shape: day YYYY-MM-DD, "
        "month YYYY-MM, year YYYY",
    ),
    RowRule(
        "sources",
        "row.date_published_basis_unknown",
        ("date_published", "date_published_basis"),
        _empty("date_published") != (col("date_published_basis") == "unknown"),
        "date_published_basis is unknown exactly when date_published is empty",
    ),
    RowRule(
        "sources",
        "row.ai_rewrite_is_ai_generated",
        ("source_kind", "ai_generated"),
        (col("source_kind") == "ai_rewrite") & ~col("ai_generated"),
        "an ai_rewrite source is ai_generated = true",
    ),
    RowRule(
        "propositions",
        "row.value_kind_set",
        ("disputed_aspect", "value_kind"),
        _only_when("disputed_aspect", "value_kind"),
        "value_kind (how proposition_value is compared) is given exactly when disputed_aspect "
        "is given",
    ),
    RowRule(
        "lineage",
        "row.not_own_parent",
        ("source_id", "parent_source_id"),
        col("source_id") == col("parent_source_id"),
        "a source cannot derive from itself: parent_source_id must differ from source_id",
    ),
)
