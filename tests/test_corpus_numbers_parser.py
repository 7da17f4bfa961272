"""The figure-number parser, on tricky strings and on every figure of the corpus."""

import polars as pl
import pytest

from claimtrace.curation.numbers import FigureParseError, find_numbers, parse_figure, words_value
from corpus_helpers import ROOT, table


@pytest.mark.parametrize(
    ("quote", "qualifier", "value", "low", "high"),
    [
        ("160,000", "exact", 160000, None, None),
        ("1,234,567.5", "exact", 1234567.5, None, None),
        ("14", "exact", 14, None, None),
        ("three", "exact", 3, None, None),
        ("one million", "exact", 1_000_000, None, None),
        ("a thousand", "exact", 1000, None, None),
        ("two hundred and fifty thousand", "exact", 250_000, None, None),
        ("forty-two", "exact", 42, None, None),
        ("approximately 30,000", "approximately", 30000, None, None),
        ("around 1,000", "approximately", 1000, None, None),
        ("nearly one million", "nearly", None, None, 1_000_000),
        ("nearing one million", "nearly", None, None, 1_000_000),
        ("more than 16,000", "more_than", None, 16000, None),
        ("at least 5", "at_least", None, 5, None),
        ("up to 40,000", "up_to", None, None, 40000),
        ("fewer than 12", "less_than", None, None, 12),
        ("30,000 to 40,000", "range", None, 30000, 40000),
        ("between 30,000 and 40,000", "range", None, 30000, 40000),
        ("10–20", "range", None, 10, 20),
    ],
)
def test_parse_figure_bounds(quote, qualifier, value, low, high):
    parsed = parse_figure(quote)
    assert (parsed.qualifier, parsed.value, parsed.low, parsed.high) == (
        qualifier,
        value,
        low,
        high,
    )


@pytest.mark.parametrize(
    "quote",
    [
        "no number here",
        "30,000 or 40,000",  # two numbers but no range
        "40,000 to 30,000",  # bounds out of order
        "between 30,000",  # 'between' with one number
        "between 30,000 to 40,000",  # 'between' needs 'and'
        "nearly more than 5",  # two hedges
        "about 30,000 to 40,000",  # a hedge on a range
        "1, 2 and 3",  # three numbers
    ],
)
def test_parse_figure_refuses_what_it_cannot_read(quote):
    with pytest.raises(FigureParseError):
        parse_figure(quote)


def test_words_value_refuses_non_number_words():
    with pytest.raises(FigureParseError):
        words_value("one zillion")


def test_find_numbers_kinds_and_offsets():
    text = "On May 2, 2023, some 1,000.5 men:\n  1. First, one million and a day prior; the 3rd."
    found = [(n.surface, n.kind) for n in find_numbers(text)]
    assert found == [
        ("2", "digits"),
        ("2023", "digits"),
        ("1,000.5", "digits"),
        ("1.", "marker"),
        ("First", "ordinal"),
        ("one million", "words"),
        ("a day prior", "relative"),
        ("3rd", "ordinal"),
    ]
    for n in find_numbers(text):
        assert text[n.start : n.end] == n.surface


def test_find_numbers_does_not_split_words_or_versions():
    assert find_numbers("someone, Odesa2 and v1.2.3") == []


def corpus_parsed() -> tuple[pl.DataFrame, pl.DataFrame]:
    figures = table(ROOT, "figures").select(
        "figure_id",
        "quote",
        "qualifier",
        *[pl.col(c).cast(pl.Float64) for c in ("value", "low", "high")],
    )
    parsed = pl.DataFrame(
        [
            {"figure_id": f, **parse_figure(q).__dict__}
            for f, q in figures.select("figure_id", "quote").iter_rows()
        ],
        schema={
            "figure_id": pl.String,
            "qualifier": pl.String,
            "value": pl.Float64,
            "low": pl.Float64,
            "high": pl.Float64,
        },
    )
    return figures.drop("quote"), parsed


def disagreements(figures: pl.DataFrame, parsed: pl.DataFrame) -> pl.DataFrame:
    joined = figures.join(parsed, on="figure_id", how="full", suffix="_parsed")
    return joined.filter(
        pl.any_horizontal(
            pl.col(c).ne_missing(pl.col(f"{c}_parsed"))
            for c in ("qualifier", "value", "low", "high")
        )
    )


def test_every_corpus_figure_agrees_with_its_parsed_quote():
    figures, parsed = corpus_parsed()
    assert figures.height > 0
    assert disagreements(figures, parsed).to_dicts() == []


def test_a_wrong_bound_in_the_corpus_is_caught():
    figures, parsed = corpus_parsed()
    broken = figures.with_columns(
        value=pl.when(pl.col("qualifier") == "range").then(35000.0).otherwise(pl.col("value"))
    )
    assert disagreements(broken, parsed).height == (figures["qualifier"] == "range").sum() > 0
    hedge_dropped = figures.with_columns(qualifier=pl.lit("exact"))
    assert disagreements(hedge_dropped, parsed).height > 0
