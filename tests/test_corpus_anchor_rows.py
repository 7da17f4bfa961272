"""``claimtrace anchor-rows``: offsets written from quotes, never guessed."""

import polars as pl
from typer.testing import CliRunner

from claimtrace.cli import app
from corpus_helpers import ROOT, copy_package, table, write_table

runner = CliRunner()


def test_real_corpus_offsets_are_up_to_date():
    result = runner.invoke(app, ["anchor-rows", "--package", str(ROOT), "--check"])
    assert result.exit_code == 0, result.output
    assert "would change 0 claims rows, would change 0 figures rows" in result.output


def test_blank_offsets_are_filled_back_exactly(tmp_path):
    # A headline repeated further down the page (it is annotated once, where it first stands) keeps
    # its start, which picks the occurrence; every other offset is found from the quote alone.
    root = copy_package(tmp_path)
    claims = table(root, "claims")
    keep = pl.col("is_headline") == "true"
    write_table(
        root,
        "claims",
        claims.with_columns(start=pl.when(keep).then(pl.col("start")), end=pl.lit(None)),
    )
    write_table(
        root, "figures", table(root, "figures").with_columns(start=pl.lit(None), end=pl.lit(None))
    )
    check = runner.invoke(app, ["anchor-rows", "--package", str(root), "--check"])
    assert check.exit_code == 1
    result = runner.invoke(app, ["anchor-rows", "--package", str(root)])
    assert result.exit_code == 0, result.output
    for name in ("claims", "figures"):
        assert (root / f"data/{name}.csv").read_bytes() == (ROOT / f"data/{name}.csv").read_bytes()


def test_a_figure_is_searched_inside_its_claim(tmp_path):
    # "160,000" occurs once in the text but the figure is moved to a claim that does not hold it.
    root = copy_package(tmp_path)
    figures = table(root, "figures").with_columns(
        claim_id=pl.when(pl.col("figure_id") == "kyivindependent_decree.f02")
        .then(pl.lit("kyivindependent_decree.c02"))
        .otherwise(pl.col("claim_id"))
    )
    write_table(root, "figures", figures)
    result = runner.invoke(app, ["anchor-rows", "--package", str(root)])
    assert result.exit_code == 1
    assert (
        "figures kyivindependent_decree.f02 quote: '160,000' not found in its claim"
        in result.output
    )


def test_an_ambiguous_quote_is_refused_with_candidates(tmp_path):
    root = copy_package(tmp_path)
    claims = table(root, "claims").with_columns(
        quote=pl.when(pl.col("claim_id") == "kyivindependent_decree.c10")
        .then(pl.lit("martial law"))
        .otherwise(pl.col("quote")),
        start=pl.when(pl.col("claim_id") == "kyivindependent_decree.c10")
        .then(pl.lit(None))
        .otherwise(pl.col("start")),
    )
    write_table(root, "claims", claims)
    before = (root / "data/claims.csv").read_bytes()
    result = runner.invoke(app, ["anchor-rows", "--package", str(root)])
    assert result.exit_code == 1
    assert "occurs 2 times" in result.output and "set start" in result.output
    assert (root / "data/claims.csv").read_bytes() == before


def test_an_unreadable_table_is_an_error_not_a_traceback(tmp_path):
    root = copy_package(tmp_path)
    with (root / "data/figures.csv").open("a", encoding="utf-8") as fh:
        fh.write('x,"unterminated\n')
    for command in (["anchor-rows"], ["numbers"]):
        result = runner.invoke(app, [*command, "--package", str(root)])
        assert result.exit_code == 2
        assert "data/figures.csv (table figures) cannot be read" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
