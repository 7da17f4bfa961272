"""``claimtrace report`` on a small fixture package modelled on the real texts."""

import json
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.report.compute import CHANGE_COUNTS
from claimtrace.report.lineage import ancestors, source_order
from claimtrace.report.markdown import cell, code
from claimtrace.semantics.derive import derive

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]
KI, AR, BY, FN = (
    "kyivindependent_decree",
    "anon_decree_rewrite",
    "byai_decree_rewrite",
    "anon_foreign_nationals_decree",
)
NOTE_WITH_PIPE = "adds the year 2024 | the original gives none\n(the decree is of 2025)"

# (claim_id, quote, proposition_id, proposition_value, parent_claim_id, drift, drift_note,
#  attribution actor, attribution kind); ids in text order, as the validator requires.
# fmt: off
CLAIMS = [
    (f"{KI}.c01", "Russian President Vladimir Putin chairs a government meeting on tourism "
     "development in Saint Petersburg on May 2, 2023.", "p_photo_caption", None, None,
     "original", None, "kyiv_independent", "outlet_voice"),
    (f"{KI}.c02", "Russian President Vladimir Putin signed a decree on July 7 permitting "
     "foreigners to serve in the Russian army during periods of mobilization",
     "p_decree_signing_date", "XXXX-07-07", None, "original", None, "kyiv_independent",
     "outlet_voice"),
    (f"{KI}.c03", "Putin's partial mobilization decree from Sept. 21, 2022, remains in force",
     "p_mobilization_in_force", None, None, "original", None, "kyiv_independent",
     "outlet_voice"),
    (f"{KI}.c04", "Ending it would require a separate presidential decree specifying a "
     "termination date.", "p_ending_needs_decree", None, None, "original", None,
     "kyiv_independent", "outlet_voice"),
    (f"{KI}.c05", "Moscow currently recruits 30,000 to 40,000 individuals into its army each "
     "month, sources familiar with U.S. and EU intelligence told the Wall Street Journal",
     "p_monthly_recruits", "30000..40000", None, "original", None,
     "us_eu_intelligence_sources", "reported_speech"),
    (f"{KI}.c06", "In May, Russia's Investigative Committee Head Alexander Bastrykin said 20,000 "
     "naturalized migrants were sent to fight in Ukraine", "p_bastrykin_migrants", None, None,
     "original", None, "alexander_bastrykin", "reported_speech"),
    (f"{KI}.c07", "In the summer of 2024, Russian lawmakers passed a law allowing the revocation "
     "of citizenship for naturalized individuals", "p_citizenship_law", "2024-22", None,
     "original", None, "kyiv_independent", "outlet_voice"),
    (f"{AR}.c01", "Russian President Vladimir Putin signed a decree on July 7, 2024, allowing "
     "foreigners to serve in the Russian army during periods of mobilization",
     "p_decree_signing_date", "2024-07-07", f"{KI}.c02", "date_changed", NOTE_WITH_PIPE, None,
     "outlet_voice"),
    (f"{AR}.c02", "The decree, which came into effect on June 7", "p_effective_date",
     "XXXX-06-07", None, "added", "its parent gives no effective date", None, "outlet_voice"),
    (f"{AR}.c03", "with Moscow currently recruiting between 30,000 and 40,000 individuals each "
     "month, according to sources familiar with U.S. and EU intelligence",
     "p_monthly_recruits", "30000..40000", f"{KI}.c05", "attribution_dropped",
     "drops the Wall Street Journal", "us_eu_intelligence_sources", "reported_speech"),
    (f"{AR}.c04", "though ending it would require a separate presidential decree",
     "p_ending_needs_decree", None, f"{KI}.c04", "detail_dropped",
     "drops 'specifying a termination date'", None, "outlet_voice"),
    (f"{AR}.c05", "In May, Alexander Bastrykin, head of Russia’s Investigative Committee, reported "
     "that 20,000 naturalized migrants were sent to fight in Ukraine",
     "p_bastrykin_migrants", None, f"{KI}.c06", "paraphrase", None, "alexander_bastrykin",
     "reported_speech"),
    (f"{AR}.c06", "a law in the summer of 2024 allowing the revocation of citizenship for "
     "naturalized individuals", "p_citizenship_law", "2024-22", f"{KI}.c07", "paraphrase",
     None, None, "outlet_voice"),
    (f"{BY}.c01", "Russian President Vladimir Putin has signed a decree allowing foreigners to "
     "serve in the country’s army during periods of mobilization", "p_decree_signing_date",
     None, f"{KI}.c02", "detail_dropped", "drops the signing date", None, "outlet_voice"),
    (f"{BY}.c02", "According to sources familiar with U.S. and EU intelligence, Russia currently "
     "recruits 30,000 to 40,000 individuals into its army each month", "p_monthly_recruits",
     "30000..40000", f"{KI}.c05", "attribution_dropped", "drops the Wall Street Journal",
     "us_eu_intelligence_sources", "reported_speech"),
    (f"{BY}.c03", "The revocation of citizenship for naturalized individuals who do not comply "
     "with military registration requirements, passed by Russian lawmakers in May",
     "p_citizenship_law", "XXXX-05", f"{KI}.c07", "date_changed",
     "May instead of the summer of 2024", None, "outlet_voice"),
    (f"{FN}.c01", "Putin signs decree allowing foreign nationals to serve in Russian armed forces",
     "p_decree_signing_date", None, None, "original", None, None, "outlet_voice"),
    (f"{FN}.c02", "Russian President Vladimir Putin signed a decree on Tuesday, July 8, "
     "permitting foreign nationals to serve in the Russian Armed Forces during periods of "
     "mobilization", "p_decree_signing_date", "XXXX-07-08", None, "original", None, None,
     "outlet_voice"),
    (f"{FN}.c03", "Just a day prior, the Russian President signed a law providing a pathway for "
     "stateless individuals to serve under contract in the Russian Armed Forces",
     "p_stateless_law", None, None, "original", None, None, "outlet_voice"),
    (f"{FN}.c04", "According to U.S. intelligence reports, the Russian Armed Forces are presently "
     "recruiting approximately 30,000 servicemen monthly", "p_monthly_recruits", "~30000", None,
     "original", None, "us_intelligence", "reported_speech"),
]
HEADLINES = {f"{FN}.c01"}
FURNITURE = {f"{KI}.c01"}
RELAYS = [(f"{KI}.c05", "wall_street_journal")]
# (proposition_id, canonical_text, topic, disputed_aspect, value_kind, original_claim_id); the
# counts and the status are left to `claimtrace derive`, as in the corpus.
PROPOSITIONS = [
    ("p_decree_signing_date", "Putin signed the decree letting foreigners serve during "
     "mobilization on a given date.", "decree", "signing_date", "date", f"{KI}.c02"),
    ("p_monthly_recruits", "Russia recruits a given number of people into its army each month.",
     "recruitment", "monthly_recruits", "number", f"{KI}.c05"),
    ("p_citizenship_law", "Russian lawmakers passed a law letting citizenship of naturalized "
     "people who skip military registration be revoked.", "citizenship", "passage_date", "date",
     f"{KI}.c07"),
    ("p_bastrykin_migrants", "Bastrykin said 20,000 naturalized migrants were sent to fight in "
     "Ukraine.", "citizenship", None, None, f"{KI}.c06"),
    ("p_ending_needs_decree", "Ending the partial mobilization would take a separate decree.",
     "mobilization", None, None, f"{KI}.c04"),
    ("p_photo_caption", "Putin chaired a meeting on tourism in Saint Petersburg on May 2, 2023.",
     "furniture", None, None, f"{KI}.c01"),
    ("p_mobilization_in_force", "The partial mobilization decree of September 2022 remains in "
     "force.", "mobilization", None, None, f"{KI}.c03"),
    ("p_effective_date", "The decree came into effect on a given date.", "decree",
     "effective_date", "date", f"{AR}.c02"),
    ("p_stateless_law", "A day before, Putin signed a law letting stateless people serve under "
     "contract.", "decree", None, None, f"{FN}.c03"),
]
# (proposition_id, related_proposition_id, relation, note)
RELATIONS = [
    ("p_decree_signing_date", "p_effective_date", "contradicts",
     "the rewrite's decree takes effect a month before it is signed"),
    ("p_mobilization_in_force", "p_ending_needs_decree", "supports",
     "what would be ended is the decree in force"),
]
# The actors the fixture credits, added to the corpus's own where it lacks them.
ACTORS = [
    ("kyiv_independent", "The Kyiv Independent", "outlet"),
    ("us_eu_intelligence_sources", "Sources familiar with U.S. and EU intelligence", "group"),
    ("wall_street_journal", "The Wall Street Journal", "outlet"),
    ("alexander_bastrykin", "Alexander Bastrykin", "person"),
    ("us_intelligence", "U.S. intelligence", "agency"),
]
# fmt: on


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    frame = pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String))
    path.write_text(frame.write_csv(line_terminator="\n"), encoding="utf-8")


def header(name: str) -> list[str]:
    return (REPO / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


def claim_row(cid, quote, prop, value, parent, drift, note, actor, kind) -> dict:
    source = cid.split(".")[0]
    text = (REPO / "data" / "texts" / f"{source}.txt").read_text(encoding="utf-8")
    assert text.count(quote) == 1, (cid, quote)
    start = text.index(quote)
    return {
        "claim_id": cid, "source_id": source, "start": str(start),
        "end": str(start + len(quote)), "quote": quote, "claim_text": quote,
        "claim_type": "event", "is_furniture": str(cid in FURNITURE).lower(),
        "is_headline": str(cid in HEADLINES).lower(), "attribution_actor_id": actor,
        "attribution_kind": kind, "proposition_id": prop, "proposition_value": value,
        "parent_claim_id": parent, "drift": drift, "drift_note": note,
    }  # fmt: skip


def build_package(root: Path) -> Path:
    """A copy of the package with the fixture's claims and propositions, counts derived."""
    root.mkdir()
    shutil.copy(REPO / "datapackage.json", root)
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(REPO / "data" / "texts", root / "data" / "texts")
    for name in ("sources", "lineage"):
        shutil.copy(REPO / "data" / f"{name}.csv", root / "data")
    write_csv(root / "data" / "figures.csv", [], header("figures"))  # the corpus's would dangle
    relations = [dict(zip(header("proposition_relations"), r, strict=True)) for r in RELATIONS]
    write_csv(
        root / "data" / "proposition_relations.csv", relations, header("proposition_relations")
    )
    actors = pl.read_csv(REPO / "data" / "actors.csv", infer_schema=False)
    known = set(actors["actor_id"])
    extra = [
        {"actor_id": a, "name": n, "actor_type": t, "description": f"{n}, credited in the fixture."}
        for a, n, t in ACTORS
        if a not in known
    ]
    write_csv(root / "data" / "actors.csv", [*actors.to_dicts(), *extra], actors.columns)
    claims = [claim_row(*c) for c in CLAIMS]
    write_csv(root / "data" / "claims.csv", claims, header("claims"))
    links = [
        {"claim_id": c["claim_id"], "actor_id": c["attribution_actor_id"], "role": "claimant"}
        for c in claims
        if c["attribution_actor_id"]
    ] + [{"claim_id": c, "actor_id": a, "role": "cited_source"} for c, a in RELAYS]
    write_csv(root / "data" / "claim_actors.csv", links, header("claim_actors"))
    keys = ("proposition_id", "canonical_text", "topic", "disputed_aspect", "value_kind")
    props = [dict(zip((*keys, "original_claim_id"), p, strict=True)) for p in PROPOSITIONS]
    write_csv(root / "data" / "propositions.csv", props, header("propositions"))
    derived = derive(root)
    assert derived.problems == [] and derived.written, derived
    return root


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A fixture package a test may break."""
    return build_package(tmp_path / "pkg")


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> tuple[dict, str, Path]:
    """The JSON document, the Markdown and the root of an untouched fixture package, made once."""
    root = build_package(tmp_path_factory.mktemp("report") / "pkg")
    markdown = runner.invoke(app, ["report", str(root)])
    assert markdown.exit_code == 0, markdown.output
    return report_json(root), markdown.stdout, root


def report_json(package: Path) -> dict:
    result = runner.invoke(app, ["report", str(package), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def props_by_id(doc: dict) -> dict:
    return {p["proposition_id"]: p for p in doc["propositions"]}


# --- JSON ----------------------------------------------------------------------------------


def stored(package_root: Path) -> dict:
    """The propositions table of a package by id, as written by `claimtrace derive`."""
    frame = pl.read_csv(package_root / "data" / "propositions.csv", infer_schema=False)
    return {r["proposition_id"]: r for r in frame.to_dicts()}


def test_statuses_come_in_the_new_order_with_source_and_origin_counts(shared):
    doc = shared[0]
    ids = [p["proposition_id"] for p in doc["propositions"]]
    # Within a status: the original claim's source in lineage order, then its place in the text.
    assert ids == [
        "p_decree_signing_date", "p_effective_date", "p_monthly_recruits",
        "p_ending_needs_decree", "p_bastrykin_migrants", "p_citizenship_law",
        "p_photo_caption", "p_mobilization_in_force", "p_stateless_law",
    ]  # fmt: skip
    assert list(doc["summary"]["propositions_by_status"].items()) == [
        ("conflicting", 1), ("unsupported", 1), ("corroborated", 1), ("echoed", 3),
        ("single_source", 3),
    ]  # fmt: skip
    props = props_by_id(doc)
    counts = {
        p: (props[p]["status"], props[p]["source_count"], props[p]["origin_count"]) for p in props
    }
    assert counts == {
        # Two origins whose own values clash (July 7 vs July 8): the copies do not count.
        "p_decree_signing_date": ("conflicting", 4, 2),
        # Only a copy states it; the report it was made from is silent.
        "p_effective_date": ("unsupported", 1, 1),
        # About 30,000 lies inside 30,000 to 40,000: two origins, compatible.
        "p_monthly_recruits": ("corroborated", 4, 2),
        # One origin and its copies.
        "p_ending_needs_decree": ("echoed", 2, 1),
        "p_bastrykin_migrants": ("echoed", 2, 1),
        "p_citizenship_law": ("echoed", 3, 1),
        "p_photo_caption": ("single_source", 1, 1),
        "p_mobilization_in_force": ("single_source", 1, 1),
        "p_stateless_law": ("single_source", 1, 1),
    }


def test_counts_shown_are_the_derived_ones(shared):
    doc, root = shared[0], shared[2]
    table = stored(root)
    for p in doc["propositions"]:
        row = table[p["proposition_id"]]
        for field in ("status", "source_count", "origin_count", "altered_copy_count"):
            assert str(p[field]) == row[field], (p["proposition_id"], field)
    props = props_by_id(doc)
    assert props["p_citizenship_law"]["altered_copy_count"] == 1  # byai's May
    assert props["p_monthly_recruits"]["altered_copy_count"] == 0  # no copy changed the range
    assert props["p_decree_signing_date"]["value_kind"] == "date"


def test_each_competing_value_is_tied_to_its_claims_and_sources(shared):
    signing = props_by_id(shared[0])["p_decree_signing_date"]
    assert signing["disputed_aspect"] == "signing_date"
    assert signing["values"] == [
        {"value": "XXXX-07-07", "claim_ids": [f"{KI}.c02"], "source_ids": [KI]},
        {"value": "2024-07-07", "claim_ids": [f"{AR}.c01"], "source_ids": [AR]},
        {"value": "XXXX-07-08", "claim_ids": [f"{FN}.c02"], "source_ids": [FN]},
    ]
    recruits = props_by_id(shared[0])["p_monthly_recruits"]
    assert recruits["values"][0] == {
        "value": "30000..40000",
        "claim_ids": [f"{KI}.c05", f"{AR}.c03", f"{BY}.c02"],
        "source_ids": [KI, AR, BY],
    }


def test_drift_is_shown_against_the_parent_claim(shared):
    signing = props_by_id(shared[0])["p_decree_signing_date"]
    rows = signing["rows"]
    assert [(r["source_id"], r["claim_id"]) for r in rows] == [
        (KI, f"{KI}.c02"), (AR, f"{AR}.c01"), (BY, f"{BY}.c01"), (FN, f"{FN}.c01"),
        (FN, f"{FN}.c02"),
    ]  # fmt: skip
    assert [(r["source_kind"], r["is_origin"]) for r in rows] == [
        ("original_report", True), ("ai_rewrite", False), ("ai_rewrite", False),
        ("independent_report", True), ("independent_report", True),
    ]  # fmt: skip
    ki, ar, by, fn_head, fn = rows
    assert ki["drift"] == "original" and ki["parent_claim_id"] is None
    assert not ki["differs_from_parent"]
    # The rewrite's year is a change of its parent's value; its parent claim is named.
    assert ar["value"] == "2024-07-07" and ar["differs_from_parent"]
    assert ar["parent_claim_id"] == f"{KI}.c02"
    assert ar["drift"] == "date_changed" and ar["drift_note"] == NOTE_WITH_PIPE
    # A copy that drops the value states none: nothing to set in bold.
    assert by["value"] is None and not by["differs_from_parent"]
    # The independent report's July 8 differs from the original's July 7, but it is no copy:
    # that is the conflict of two origins, not a change, and its claims stay `original`.
    assert fn["value"] == "XXXX-07-08" and not fn["differs_from_parent"]
    assert (fn["drift"], fn["parent_claim_id"]) == ("original", None)
    assert fn_head["is_headline"] and not fn["is_headline"]
    assert ki["attribution_kind"] == "outlet_voice"
    assert ki["attribution_name"] == "The Kyiv Independent"
    law = props_by_id(shared[0])["p_citizenship_law"]["rows"]
    assert [(r["source_id"], r["differs_from_parent"]) for r in law] == [
        (KI, False), (AR, False), (BY, True)
    ]  # fmt: skip


def test_omissions_and_the_origins_silence_on_an_invented_value(shared):
    props = props_by_id(shared[0])
    bastrykin = props["p_bastrykin_migrants"]["rows"]
    omitted = [r for r in bastrykin if r["drift"] == "omitted"]
    assert [r["source_id"] for r in omitted] == [BY]
    assert KI in omitted[0]["drift_note"] and omitted[0]["claim_id"] is None
    # The independent report is silent too, but derives from nothing that states it.
    assert FN not in {r["source_id"] for r in bastrykin}
    # byai derives from the Kyiv Independent, not from the rewrite that adds an effective date;
    # the Kyiv Independent, which the rewrite derives from, is silent on the date it invents,
    # and that silence is shown next to the value, labelled `unsupported`.
    effective = props["p_effective_date"]
    assert effective["status"] == "unsupported"
    assert [(r["source_id"], r["drift"], r["value"]) for r in effective["rows"]] == [
        (AR, "added", "XXXX-06-07"), (KI, "unsupported", None)
    ]  # fmt: skip
    silence = effective["rows"][1]
    assert silence["claim_id"] is None and AR in silence["drift_note"]
    assert "unsupported" in silence["drift_note"]
    # A parent silent on a proposition without a value (the omission's mirror) gets no row.
    assert all(r["drift"] != "unsupported" for p in props.values() for r in p["rows"] if p is not
               effective)  # fmt: skip
    # Page furniture is not expected in a rewrite: the caption nobody copies is no omission.
    caption = props["p_photo_caption"]["rows"]
    assert [(r["source_id"], r["drift"], r["is_furniture"]) for r in caption] == [
        (KI, "original", True)
    ]
    ending = props["p_ending_needs_decree"]["rows"]
    assert [(r["source_id"], r["drift"]) for r in ending] == [
        (KI, "original"), (AR, "detail_dropped"), (BY, "omitted")
    ]  # fmt: skip


def test_relations_are_listed_from_both_ends(shared):
    props = props_by_id(shared[0])
    contradicts = "the rewrite's decree takes effect a month before it is signed"
    assert props["p_effective_date"]["relations"] == [
        {"relation": "contradicts", "other_id": "p_decree_signing_date", "note": contradicts}
    ]
    assert props["p_decree_signing_date"]["relations"] == [
        {"relation": "contradicts", "other_id": "p_effective_date", "note": contradicts}
    ]
    supports = "what would be ended is the decree in force"
    assert props["p_mobilization_in_force"]["relations"] == [
        {"relation": "supports", "other_id": "p_ending_needs_decree", "note": supports}
    ]
    assert props["p_ending_needs_decree"]["relations"] == [
        {"relation": "supported_by", "other_id": "p_mobilization_in_force", "note": supports}
    ]
    assert props["p_stateless_law"]["relations"] == []
    # Relations never change a status: the two contradicting propositions keep their own.
    assert (props["p_effective_date"]["status"], props["p_decree_signing_date"]["status"]) == (
        "unsupported", "conflicting"
    )  # fmt: skip
    md = shared[1].split("\n")
    assert f"- relations: contradicts `p_effective_date` ({contradicts})" in md
    header, *single = table_after(shared[1], "## Single-source propositions (3)")
    in_force = next(r for r in single if r[0] == "`p_mobilization_in_force`")
    assert header[-1] == "related" and in_force[-1] == "supports `p_ending_needs_decree`"


def test_change_counts_cover_derived_sources_only(shared):
    doc = shared[0]
    sources = {s["source_id"]: s for s in doc["summary"]["sources"]}
    assert [s["source_id"] for s in doc["summary"]["sources"]][:4] == [KI, AR, BY, FN]
    ar, by = sources[AR], sources[BY]
    assert (ar["claims"], ar["value_or_date_changes"], ar["attributions_dropped"]) == (6, 1, 1)
    assert (ar["added_claims"], ar["omissions"]) == (1, 1)
    assert (by["claims"], by["value_or_date_changes"], by["omissions"]) == (3, 1, 3)
    assert by["drift_counts"] == {
        "detail_dropped": 1, "attribution_dropped": 1, "date_changed": 1, "omitted": 3
    }  # fmt: skip
    assert ar["origin_ids"] == by["origin_ids"] == [KI]
    # Origins: their claims are counted, but they changed nothing, whatever they say.
    for root in (KI, FN):
        assert sources[root]["origin_ids"] == [root]
        assert sources[root]["drift_counts"] is None
        assert all(sources[root][k] is None for k in CHANGE_COUNTS)
    assert (sources[KI]["claims"], sources[FN]["claims"]) == (7, 4)
    assert [(e["source_id"], e["parent_source_id"]) for e in doc["summary"]["lineage"]] == [
        (AR, KI), (BY, KI)
    ]  # fmt: skip


def test_json_is_deterministic_and_written_atomically_with_out(package, tmp_path):
    out = tmp_path / "reports" / "drift.json"
    first = runner.invoke(app, ["report", str(package), "--json", "--out", str(out)])
    assert first.exit_code == 0 and first.stdout == ""
    again = runner.invoke(app, ["report", str(package), "--json"])
    assert out.read_text(encoding="utf-8") == again.stdout
    assert [p.name for p in out.parent.iterdir()] == ["drift.json"]  # no temporary file left


# --- Markdown ------------------------------------------------------------------------------


def split_row(line: str) -> list[str]:
    """The cells of a Markdown table row, splitting only on unescaped pipes."""
    assert line.startswith("| ") and line.endswith(" |"), line
    return [c.strip() for c in re.split(r"(?<!\\)\|", line[1:-1])]


def table_after(markdown: str, heading: str) -> list[list[str]]:
    lines = markdown.split("\n")
    start = lines.index(heading)
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("| "))
    end = next(i for i in range(first, len(lines)) if not lines[i].startswith("|"))
    return [split_row(line) for line in lines[first:end] if not line.startswith("|---")]


def test_markdown_orders_sections_and_tabulates_values_per_source(shared):
    md = shared[1]
    headings = [line for line in md.split("\n") if line.startswith("## ")]
    assert headings == [
        "## Summary", "## Conflicting propositions (1)", "## Unsupported propositions (1)",
        "## Corroborated propositions (1)", "## Echoed propositions (3)",
        "## Single-source propositions (3)",
    ]  # fmt: skip
    assert (
        "**9 propositions**: 1 conflicting, 1 unsupported, 1 corroborated, 3 echoed, "
        "3 single-source."
    ) in md.split("\n")
    assert md.index("`p_decree_signing_date`") < md.index("`p_bastrykin_migrants`")
    header, *rows = table_after(md, "### `p_decree_signing_date`")
    assert header == [
        "source", "kind", "claim", "value: signing_date", "parent claim", "quote", "attribution",
        "drift",
    ]  # fmt: skip
    assert all(len(r) == len(header) for r in rows)
    assert [r[0] for r in rows] == [f"`{s}`" for s in (KI, AR, BY, FN, FN)]
    assert [r[1] for r in rows] == [
        "original_report (origin)", "ai_rewrite", "ai_rewrite", "independent_report (origin)",
        "independent_report (origin)",
    ]  # fmt: skip
    assert rows[3][2] == f"`{FN}.c01` (headline)"
    # Bold marks a change of the parent's value: the rewrite's year, not the other origin's day.
    assert rows[0][3] == "`XXXX-07-07`" and rows[1][3] == "**`2024-07-07`**"
    assert rows[2][3] == "(not stated)" and rows[4][3] == "`XXXX-07-08`"
    assert [r[4] for r in rows] == ["", f"`{KI}.c02`", f"`{KI}.c02`", "", ""]
    assert rows[0][6] == "outlet_voice: The Kyiv Independent"
    # The pipe and the line break of the drift note are escaped, not table syntax.
    assert rows[1][7] == (
        "date_changed: adds the year 2024 \\| the original gives none<br>(the decree is of 2025)"
    )
    assert "- values of signing_date: `XXXX-07-07` from " in md
    assert (
        "- topic: decree · status: **conflicting** · sources: 4 · origins: 2 · copies that "
        "altered the value: "
    ) in md


def test_markdown_counts_changes_of_derived_sources_only(shared):
    md = shared[1]
    lines = md.split("\n")
    assert (
        f"- `{BY}` (ai_rewrite, derived from `{KI}`, origin `{KI}`): 3 claims, "
        "1 value/date changes, 1 attributions dropped, 0 added claims, 3 propositions omitted"
    ) in lines
    assert f"- `{FN}` (independent_report, an origin): 4 claims (an origin's claims are not " \
        "changes)" in lines  # fmt: skip
    _, *drift = table_after(md, "### Claims of derived sources by drift, and omissions")
    assert [r[0] for r in drift] == [f"`{AR}`", f"`{BY}`"]


def test_markdown_lists_omissions_silences_and_compact_single_source_table(shared):
    md = shared[1]
    _, *rows = table_after(md, "### `p_bastrykin_migrants`")
    assert [r[0] for r in rows] == [f"`{KI}`", f"`{AR}`", f"`{BY}`"]
    assert rows[2][4] == "(silent)" and rows[2][6].startswith("*omitted*: silent, though")
    header, *single = table_after(md, "## Single-source propositions (3)")
    assert header[0] == "proposition" and header[-2] == "omitted by"
    lines = md.split("\n")
    note = lines[lines.index("## Single-source propositions (3)") + 2]
    assert note.startswith("Each is stated by one source, which is its own origin")
    assert all(props_by_id(shared[0])[r[0].strip("`")]["origin_count"] == 1 for r in single)
    caption = next(r for r in single if r[0] == "`p_photo_caption`")
    assert caption[3] == f"`{KI}.c01` (furniture)" and caption[-2] == ""
    in_force = next(r for r in single if r[0] == "`p_mobilization_in_force`")
    assert in_force[-2] == f"`{AR}`, `{BY}`"
    assert not any(r[0] == "`p_effective_date`" for r in single)
    _, *effective = table_after(md, "### `p_effective_date`")
    assert [r[0] for r in effective] == [f"`{AR}`", f"`{KI}`"]
    assert "XXXX-06-07" in effective[0][3]
    assert effective[0][7] == "added: its parent gives no effective date"
    assert (effective[1][2], effective[1][3], effective[1][5]) == ("", "(not stated)", "(silent)")
    assert effective[1][7].startswith("*unsupported*: states no value, though")
    assert (
        f"- values of effective_date: `XXXX-06-07` from `{AR}.c02`; not stated by `{KI}` "
        "(unsupported)"
    ) in md.split("\n")


def test_cell_escapes_pipes_and_line_breaks():
    texts = pl.Series("t", ["a | b\r\nc\n\nd", None, " x "])
    assert pl.select(cell(pl.lit(texts))).to_series().to_list() == ["a \\| b<br>c<br>d", "", "x"]
    assert pl.select(code(pl.lit(pl.Series(["a`b", "", "v"])))).to_series().to_list() == [
        "`` a`b ``", "", "`v`"
    ]  # fmt: skip


# --- lineage order -------------------------------------------------------------------------


def test_rewrites_of_rewrites_follow_their_parent_and_cycles_terminate():
    sources = pl.DataFrame(
        {
            "source_id": ["e", "d", "c", "b", "a"],
            "title": [None] * 5,
            "source_kind": [
                "ai_rewrite",
                "independent_report",
                "ai_rewrite",
                "copy",
                "original_report",
            ],
        }
    )
    lineage = pl.DataFrame(
        {
            "source_id": ["b", "c", "e"],
            "parent_source_id": ["a", "b", "d"],
            "relation": ["copy_of", "ai_rewrite_of", "ai_rewrite_of"],
            "confidence": ["high"] * 3,
        }
    )
    assert source_order(sources, lineage)["source_id"].to_list() == ["a", "b", "c", "d", "e"]
    pairs = set(ancestors(lineage).iter_rows())
    assert pairs == {("a", "b"), ("b", "c"), ("a", "c"), ("d", "e")}
    cycle = lineage.with_columns(pl.Series("parent_source_id", ["c", "b", "d"]))
    assert sorted(source_order(sources, cycle)["source_id"]) == ["a", "b", "c", "d", "e"]
    assert ("b", "c") in set(ancestors(cycle).iter_rows())


# --- bad input -----------------------------------------------------------------------------


def test_unreadable_package_exits_2_with_a_message(tmp_path, package):
    result = runner.invoke(app, ["report", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "datapackage.json does not exist" in result.stderr and result.stdout == ""
    claims = package / "data" / "claims.csv"
    original = claims.read_text()
    # Without the column that ties claims to propositions there is no report to give.
    claims.write_text(original.replace("proposition_id,", "prop,", 1))
    result = runner.invoke(app, ["report", str(package)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "'claims'" in result.stderr and "proposition_id" in result.stderr
    assert "Traceback" not in result.output
    # Without drift notes it still reports, and says the package is invalid.
    claims.write_text(original.replace("drift_note", "note", 1))
    result = runner.invoke(app, ["report", str(package), "--json"])
    assert result.exit_code == 1 and "problems" in result.stderr
    assert {r["drift_note"] for p in json.loads(result.stdout)["propositions"] for r in p["rows"]
            if r["drift"] not in ("omitted", "unsupported")} == {None}  # fmt: skip
    (package / "data" / "claims.csv").unlink()
    result = runner.invoke(app, ["report", str(package)])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_a_package_older_than_the_new_semantics_is_refused_by_name(package):
    # A 0.1.0 package: claims have no parent_claim_id, so drift cannot be shown against it.
    schema_path = package / "schemas" / "claims.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "parent_claim_id"]
    schema["foreignKeys"] = [
        k for k in schema.get("foreignKeys", []) if "parent_claim_id" not in str(k["fields"])
    ]
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    claims = package / "data" / "claims.csv"
    frame = pl.read_csv(claims, infer_schema=False).drop("parent_claim_id")
    claims.write_text(frame.write_csv(line_terminator="\n"), encoding="utf-8")
    result = runner.invoke(app, ["report", str(package)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "table 'claims' declares no field parent_claim_id" in result.stderr
    assert "Traceback" not in result.output


def test_invalid_but_parsable_package_renders_and_exits_1(package):
    claims = package / "data" / "claims.csv"
    frame = pl.read_csv(claims, infer_schema=False)
    frame = frame.with_columns(
        start=pl.when(pl.col("claim_id") == f"{BY}.c02").then(pl.lit("x9")).otherwise("start"),
        drift=pl.when(pl.col("claim_id") == f"{AR}.c05").then(None).otherwise("drift"),
        proposition_id=pl.when(pl.col("claim_id") == f"{FN}.c03")
        .then(pl.lit("p_nowhere"))
        .otherwise("proposition_id"),
    )
    claims.write_text(frame.write_csv(line_terminator="\n"))
    result = runner.invoke(app, ["report", str(package), "--json"])
    assert result.exit_code == 1
    assert "the package has" in result.stderr and "claimtrace validate" in result.stderr
    doc = json.loads(result.stdout)
    found = {(p["table"], p["field"], p["rule"]) for p in doc["problems"]}
    assert ("claims", "start", "type.integer") in found
    ar = next(s for s in doc["summary"]["sources"] if s["source_id"] == AR)
    assert ar["drift_counts"]["(none)"] == 1 and ar["claims"] == 6  # a claim without a drift
    markdown = runner.invoke(app, ["report", str(package)])
    assert markdown.exit_code == 1 and "> **Warning:** the package has" in markdown.stdout
    assert f"`{AR}.c05`" in markdown.stdout
    assert any(t == "claims" and f == "proposition_id" for t, f, _ in found)
    assert props_by_id(doc)["p_monthly_recruits"]["values"][0]["claim_ids"][-1] == f"{BY}.c02"


def test_output_does_not_depend_on_row_order_and_shows_every_claim_once(package):
    before_md = runner.invoke(app, ["report", str(package)]).stdout
    before = report_json(package)
    for name in ("claims", "propositions", "sources", "lineage", "actors"):
        path = package / "data" / f"{name}.csv"
        frame = pl.read_csv(path, infer_schema=False)
        path.write_text(frame.reverse().write_csv(line_terminator="\n"), encoding="utf-8")
    assert report_json(package) == before
    assert runner.invoke(app, ["report", str(package)]).stdout == before_md
    shown = [r["claim_id"] for p in before["propositions"] for r in p["rows"] if r["claim_id"]]
    assert sorted(shown) == sorted(c[0] for c in CLAIMS)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_forest_is_laid_out_parent_first_with_each_subtree_contiguous(data):
    n = data.draw(st.integers(1, 8))
    kinds = ["original_report", "independent_report", "related_report", "copy", "ai_rewrite"]
    # Ids that prefix each other ("a", "a_b", "ab") catch a sort key that mixes up subtrees.
    pool = ["a", "a_b", "a_b_c", "ab", "b", "b1", "b_1", "a0"]
    ids = data.draw(st.permutations(pool))[:n]
    parent = [
        data.draw(st.one_of(st.none(), st.integers(0, i - 1)) if i else st.none()) for i in range(n)
    ]
    sources = pl.DataFrame(
        {
            "source_id": ids,
            "title": [None] * n,
            "source_kind": [data.draw(st.sampled_from(kinds)) for _ in ids],
        }
    ).sample(fraction=1.0, shuffle=True, seed=data.draw(st.integers(0, 9)))
    edges = [(ids[i], ids[p]) for i, p in enumerate(parent) if p is not None]
    lineage = pl.DataFrame(
        {
            "source_id": [c for c, _ in edges],
            "parent_source_id": [p for _, p in edges],
            "relation": ["ai_rewrite_of"] * len(edges),
            "confidence": ["high"] * len(edges),
        },
        schema={k: pl.String for k in ("source_id", "parent_source_id", "relation", "confidence")},
    )
    order = source_order(sources, lineage)["source_id"].to_list()
    assert sorted(order) == sorted(ids)

    def descendants(i: int) -> set[str]:
        kids = [j for j, p in enumerate(parent) if p == i]
        return {ids[j] for j in kids}.union(*(descendants(j) for j in kids))

    for i, sid in enumerate(ids):
        below = descendants(i)
        at = order.index(sid)
        assert set(order[at + 1 : at + 1 + len(below)]) == below
    expected = {
        (a, sid) for i, sid in enumerate(ids) for a in ids if sid in descendants(ids.index(a))
    }
    assert set(ancestors(lineage).iter_rows()) == expected


def test_a_repeated_key_is_reported_and_does_not_multiply_rows(package):
    claims = package / "data" / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines()
    original = next(line for line in lines if line.startswith(f"{KI}.c02,"))
    props = package / "data" / "propositions.csv"
    repeated = next(line for line in props.read_text().splitlines() if line.startswith("p_monthly"))
    claims.write_text("\n".join([*lines, original]) + "\n", encoding="utf-8")
    props.write_text(props.read_text() + repeated + "\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(package), "--json"])
    assert result.exit_code == 1 and "primary key" in result.stderr
    doc = json.loads(result.stdout)
    recruits = [p for p in doc["propositions"] if p["proposition_id"] == "p_monthly_recruits"]
    assert len(recruits) == 2  # both rows shown, each with its four claims once
    assert all(len(p["rows"]) == 4 for p in recruits)
    signing = props_by_id(doc)["p_decree_signing_date"]
    assert [r["claim_id"] for r in signing["rows"]].count(f"{KI}.c02") == 2
    assert len(signing["rows"]) == 6
