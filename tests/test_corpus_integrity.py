"""Corpus rules across tables and texts, each shown to fail on a broken copy of the corpus."""

from pathlib import Path

import polars as pl
import pytest

from claimtrace.validation import validate_package
from corpus_helpers import ROOT, copy_package, table, write_table

NOTE_FREE = ("original", "verbatim", "paraphrase")


def value_counts(root: Path) -> pl.DataFrame:
    """Per proposition: sources, and distinct stated values and the sources that state any."""
    claims = table(root, "claims")
    stated = claims.filter(pl.col("proposition_value").is_not_null())
    return (
        table(root, "propositions")
        .join(
            claims.group_by("proposition_id").agg(n_sources=pl.col("source_id").n_unique()),
            on="proposition_id",
            how="left",
        )
        .join(
            stated.group_by("proposition_id").agg(
                n_values=pl.col("proposition_value").n_unique(),
                n_value_sources=pl.col("source_id").n_unique(),
            ),
            on="proposition_id",
            how="left",
        )
        .with_columns(pl.col("n_sources", "n_values", "n_value_sources").fill_null(0))
    )


def values_without_aspect(root: Path) -> pl.DataFrame:
    claims = table(root, "claims").join(table(root, "propositions"), on="proposition_id")
    return claims.filter(
        pl.col("proposition_value").is_not_null() & pl.col("disputed_aspect").is_null()
    ).select("claim_id")


def misplaced_originals(root: Path) -> pl.DataFrame:
    """Propositions whose original claim is not theirs, or is not marked original (or added)."""
    claims = table(root, "claims").select("claim_id", c_prop="proposition_id", c_drift="drift")
    return (
        table(root, "propositions")
        .join(claims, left_on="original_claim_id", right_on="claim_id", how="left")
        .filter(
            (pl.col("c_prop") != pl.col("proposition_id"))
            | ~pl.col("c_drift").is_in(["original", "added"])
        )
        .select("proposition_id")
    )


def stray_originals(root: Path) -> pl.DataFrame:
    """Claims whose drift is original exactly when their source has no lineage parent, broken."""
    derived = table(root, "lineage").select("source_id").unique().with_columns(derived=True)
    return (
        table(root, "claims")
        .join(derived, on="source_id", how="left")
        .filter((pl.col("drift") == "original") == pl.col("derived").fill_null(False))
        .select("claim_id")
    )


def bad_attributions(root: Path) -> pl.DataFrame:
    """Attribution actors that do not exist, outlet_voice not credited to the source's outlet,
    quoted or reported claims with no actor, and attributed actors not linked as claimant."""
    claims = table(root, "claims").join(
        table(root, "sources").select("source_id", "outlet_id"), on="source_id"
    )
    actors = set(table(root, "actors")["actor_id"])
    claimants = (
        table(root, "claim_actors")
        .filter(pl.col("role") == "claimant")
        .select("claim_id", attribution_actor_id="actor_id", linked=pl.lit(True))
    )
    return (
        claims.join(claimants, on=["claim_id", "attribution_actor_id"], how="left")
        .filter(
            (
                pl.col("attribution_actor_id").is_not_null()
                & ~pl.col("attribution_actor_id").is_in(actors)
            )
            | (
                (pl.col("attribution_kind") == "outlet_voice")
                & pl.col("attribution_actor_id").ne_missing(pl.col("outlet_id"))
            )
            | (
                pl.col("attribution_kind").is_in(["direct_quote", "reported_speech"])
                & pl.col("attribution_actor_id").is_null()
            )
            | (
                (pl.col("attribution_kind") == "unattributed")
                & pl.col("attribution_actor_id").is_not_null()
            )
            | (pl.col("attribution_actor_id").is_not_null() & pl.col("linked").is_null())
        )
        .select("claim_id")
    )


def unused_actors(root: Path) -> pl.DataFrame:
    """Actors no claim, figure, source or claim_actors row refers to."""
    used = pl.concat(
        [
            table(root, "claim_actors").select(actor_id="actor_id"),
            table(root, "claims").select(actor_id="attribution_actor_id"),
            table(root, "figures").select(actor_id="originator_actor_id"),
            table(root, "sources").select(actor_id="outlet_id"),
        ]
    ).drop_nulls()
    return table(root, "actors").join(used, on="actor_id", how="anti").select("actor_id")


CHECKS = {
    "values need an aspect": values_without_aspect,
    "original claims": misplaced_originals,
    "one original": stray_originals,
    "original on roots": stray_originals,
    "attributions": bad_attributions,
}


@pytest.mark.parametrize("name", CHECKS)
def test_corpus_passes(name):
    assert CHECKS[name](ROOT).to_dicts() == []


def test_conflicts_hold_two_values_from_two_origins_and_unsupported_ones_no_origin():
    derived = set(table(ROOT, "lineage")["source_id"])
    claims = table(ROOT, "claims").with_columns(root=~pl.col("source_id").is_in(list(derived)))
    per = claims.group_by("proposition_id").agg(
        roots=pl.col("source_id").filter("root").n_unique(),
        root_values=pl.col("proposition_value").filter("root").drop_nulls().n_unique(),
    )
    props = table(ROOT, "propositions").join(per, on="proposition_id")
    conflicting = props.filter(pl.col("status") == "conflicting")
    assert conflicting.height >= 1
    assert conflicting.filter((pl.col("roots") < 2) | (pl.col("root_values") < 2)).height == 0
    unsupported = props.filter(pl.col("status") == "unsupported")
    assert unsupported.height >= 1 and set(unsupported["roots"]) == {0}


def test_every_actor_is_referred_to_or_named_in_furniture():
    # Actors named only in page furniture (author box) are kept for recall but link to nothing.
    assert set(unused_actors(ROOT)["actor_id"]) <= {
        "tim_zadorozhnyy",
        "nexta",
        "kate_ryabchiy",
        "foreign_policy",
        "united_states",
        "european_union",
    }


def edit(root: Path, name: str, key: str, row_id: str, **values) -> None:
    frame = table(root, name)
    assert row_id in frame[key].to_list()
    write_table(
        root,
        name,
        frame.with_columns(
            [
                pl.when(pl.col(key) == row_id).then(pl.lit(v)).otherwise(pl.col(c)).alias(c)
                for c, v in values.items()
            ]
        ),
    )


BREAKS = {
    "values need an aspect": (
        "claims",
        "claim_id",
        "kyivindependent_decree.c03",
        {"proposition_value": "x"},
    ),
    "original claims": (
        "claims",
        "claim_id",
        "kyivindependent_decree.c15",
        {"drift": "paraphrase"},
    ),
    "one original": ("claims", "claim_id", "byai_decree_rewrite.c18", {"drift": "original"}),
    # an independent report's claim carries a derivation label it cannot have
    "original on roots": (
        "claims",
        "claim_id",
        "anon_foreign_nationals_decree.c14",
        {"drift": "value_changed"},
    ),
    "attributions": (
        "claims",
        "claim_id",
        "kyivindependent_decree.c15",
        {"attribution_actor_id": "wall_street_journal"},
    ),
}


@pytest.mark.parametrize("name", CHECKS)
def test_check_fails_on_a_broken_copy(tmp_path, name):
    table_name, key, row_id, values = BREAKS[name]
    root = copy_package(tmp_path)
    edit(root, table_name, key, row_id, **values)
    assert CHECKS[name](root).height >= 1


def test_the_corpus_is_valid():
    report = validate_package(ROOT)
    assert report.problems.to_dicts() == []
    assert report.valid


# Rules the validator owns, broken in a copy of the real corpus: the report must name each.
VALIDATOR_BREAKS = {
    "corpus.quote_matches_text": (
        "claims",
        "claim_id",
        "kyivindependent_decree.c04",
        {"start": "357"},
    ),
    "corpus.figure_inside_claim": (
        "figures",
        "figure_id",
        "kyivindependent_decree.f01",
        {"claim_id": "kyivindependent_decree.c02"},
    ),
    "corpus.proposition_status": (
        "propositions",
        "proposition_id",
        "p_monthly_recruits",
        {"status": "conflicting"},
    ),
    "row.drift_note_required": (
        "claims",
        "claim_id",
        "anon_decree_rewrite.c01",
        {"drift_note": None},
    ),
    "row.event_date_basis_set": (
        "claims",
        "claim_id",
        "anon_foreign_nationals_decree.c03",
        {"event_date_basis": None},
    ),
}


@pytest.mark.parametrize("rule", VALIDATOR_BREAKS)
def test_validator_catches_a_broken_corpus_row(tmp_path, rule):
    table_name, key, row_id, values = VALIDATOR_BREAKS[rule]
    root = copy_package(tmp_path)
    edit(root, table_name, key, row_id, **values)
    report = validate_package(root)
    assert rule in report.problems["rule"].to_list()


def unnamed_actors(root: Path) -> pl.DataFrame:
    """Actors with an alias no text contains, or whose name and aliases all are absent."""
    corpus = "\n".join(
        (root / p).read_text(encoding="utf-8") for p in table(root, "sources")["text_path"]
    ).lower()
    names = (
        table(root, "actors")
        .select("actor_id", "name", alias=pl.col("aliases").str.split("|"))
        .explode("alias")
        .with_columns(
            alias_found=pl.lit(corpus).str.contains(
                pl.col("alias").str.to_lowercase(), literal=True
            ),
            name_found=pl.lit(corpus).str.contains(pl.col("name").str.to_lowercase(), literal=True),
        )
    )
    bad_alias = names.filter(pl.col("alias").is_not_null() & ~pl.col("alias_found"))
    never_named = names.group_by("actor_id").agg(
        named=(pl.col("name_found") | pl.col("alias_found").fill_null(False)).any()
    )
    return pl.concat(
        [bad_alias.select("actor_id"), never_named.filter(~pl.col("named")).select("actor_id")]
    )


def test_every_actor_is_named_in_the_texts_as_recorded():
    assert unnamed_actors(ROOT).to_dicts() == []


def test_an_invented_alias_is_caught(tmp_path):
    root = copy_package(tmp_path)
    edit(root, "actors", "actor_id", "fsb", aliases="FSB|KGB")
    assert unnamed_actors(root)["actor_id"].to_list() == ["fsb"]
