"""The provenance-semantics rules on the fixture corpus: the cases issue 8 names, and the valid
side of the rules the base fixture cannot show (a document attribution)."""

import polars as pl

from claimtrace.validation import validate_package


def _rules(corpus, rule: str) -> pl.DataFrame:
    return validate_package(corpus.root).problems.filter(pl.col("rule") == rule)


def test_an_echoed_proposition_relabelled_corroborated_fails(corpus):
    corpus.set("propositions", "p_spring_conscription", status="corroborated")
    found = _rules(corpus, "corpus.proposition_status")
    assert found["key"].to_list() == ["proposition_id=p_spring_conscription"]
    message = found["message"][0]
    assert "status should be echoed" in message
    assert "2 source(s), 1 origin(s), 1 of them attesting" in message


def test_an_unsupported_proposition_relabelled_single_source_fails(corpus):
    corpus.set("propositions", "p_decree_effective_date", status="single_source")
    found = _rules(corpus, "corpus.proposition_status")
    assert found["key"].to_list() == ["proposition_id=p_decree_effective_date"]
    assert (
        "status should be unsupported: 1 source(s), 1 origin(s), 0 of them" in found["message"][0]
    )


def test_a_drift_label_on_a_claim_of_a_source_without_parent_fails(corpus):
    claim = "anon_foreign_nationals_decree.c01"
    for label in ("date_changed", "paraphrase", "verbatim", "added"):
        corpus.set("claims", claim, drift=label, drift_note="against the Kyiv Independent")
        found = _rules(corpus, "corpus.drift_original_on_roots")
        assert found["key"].to_list() == [f"claim_id={claim}"], label
        assert "has no lineage parent" in found["message"][0]


def test_compatible_numbers_of_two_origins_corroborate(corpus):
    # about 30,000 (IND) and 30,000 to 40,000 (KI, and its copy byai): compatible intervals
    assert validate_package(corpus.root).valid
    assert {r["proposition_id"]: r["status"] for r in corpus.rows("propositions")}[
        "p_monthly_recruits"
    ] == "corroborated"
    corpus.set("propositions", "p_monthly_recruits", status="conflicting")
    assert (
        "status should be corroborated" in _rules(corpus, "corpus.proposition_status")["message"][0]
    )
    # 45,000 is outside both, so the two origins now conflict
    corpus.set("claims", "anon_foreign_nationals_decree.c04", proposition_value="~45000")
    assert _rules(corpus, "corpus.proposition_status").height == 0


def test_a_document_is_credited_as_a_document(corpus):
    actors = corpus.rows("actors")
    decree = dict(actors[0])
    decree.update(
        actor_id="decree_foreigners_2025",
        name="Decree on foreigners' military service",
        actor_type="document",
        aliases="",
        country="RUS",
        description="The presidential decree letting foreigners serve during mobilization.",
    )
    corpus.write("actors", sorted([*actors, decree], key=lambda r: r["actor_id"]))
    claim = "kyivindependent_decree.c01"
    corpus.set("claims", claim, attribution_actor_id="decree_foreigners_2025")
    corpus.set("claims", claim, attribution_kind="document")
    links = [r for r in corpus.rows("claim_actors") if r["claim_id"] != claim]
    links.append(dict(claim_id=claim, actor_id="decree_foreigners_2025", role="claimant"))
    corpus.write("claim_actors", sorted(links, key=lambda r: (r["claim_id"], r["actor_id"])))
    report = validate_package(corpus.root)
    assert report.valid, report.to_text()
    corpus.set("claims", claim, attribution_kind="reported_speech")
    found = _rules(corpus, "corpus.document_attribution")
    assert found["key"].to_list() == [f"claim_id={claim}"]
    assert "is a document" in found["message"][0]
