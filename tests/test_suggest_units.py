"""Building blocks of ``claimtrace suggest``: segmentation, values, attribution, parents, drift."""

import random

import pytest

from claimtrace.suggest.attribution import find_cues
from claimtrace.suggest.drift import attribution_drift, category_drift, date_drift, figure_drift
from claimtrace.suggest.parents import features, rank_parents
from claimtrace.suggest.segmentation import ClaimSpan, candidate_spans
from claimtrace.suggest.values import find_dates, find_figures
from claimtrace.texts.archive import read_archived_text
from corpus_factory import REPO

ORIGINAL = read_archived_text(REPO, "kyivindependent_decree")


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("signed a decree on July 7 permitting", ["XXXX-07-07"]),
        ("signed a decree on July 7, 2024, allowing", ["2024-07-07"]),
        ("decree from Sept. 21, 2022, remains", ["2022-09-21"]),
        ("In the summer of 2024, lawmakers", ["2024-22"]),
        ("In May, Bastrykin said", ["XXXX-05"]),
        ("In September 2022, Putin signed", ["2022-09"]),
        ("since early 2025, 210,000 individuals", ["2025"]),
        ("Russian officials may claim", []),
    ],
)
def test_dates_are_read_as_the_codebook_writes_them(text, edtf):
    assert [d.edtf for d in find_dates(text)] == edtf


def test_figures_keep_their_hedge_and_range_and_leave_dates_out():
    text = "between 30,000 and 40,000 men, nearly one million losses, on July 7, 2024, 14 years"
    found = [(text[f.start : f.end], f.qualifier) for f in find_figures(text)]
    assert found == [
        ("between 30,000 and 40,000", "range"),
        ("nearly one million", "nearly"),
        ("14", "exact"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Putin signed a decree on July 7 permitting foreigners to serve, expanding military "
            "recruitment efforts. Moscow recruits 30,000 to 40,000 each month, according to "
            "sources familiar with U.S. and EU intelligence.",
            [
                "Putin signed a decree on July 7 permitting foreigners to serve",
                "expanding military recruitment efforts",
                "Moscow recruits 30,000 to 40,000 each month",
                "according to sources familiar with U.S. and EU intelligence",
            ],
        ),
        (  # a headline is a claim; a short section heading is not; "but despite …," splits
            "**Russia Expands Military Recruitment Efforts**\n\n**Background**\n\n"
            "The decree was signed amid the war, but despite the ongoing conflict, "
            "Russia has not declared martial law.\n",
            [
                "Russia Expands Military Recruitment Efforts",
                "The decree was signed amid the war",
                "despite the ongoing conflict",
                "Russia has not declared martial law",
            ],
        ),
    ],
)
def test_clauses_split_off_attributions_participles_and_contrasts(text, expected):
    assert [text[s.start : s.end] for s in candidate_spans(text)] == expected


def test_cues_name_speaker_and_channel_and_mark_unnamed_sources():
    text = (
        "sources familiar with U.S. and EU intelligence told the Wall Street Journal. "
        "Though Russian officials claim conscripts are safe, reports indicate otherwise."
    )
    cues = find_cues(text)
    assert {"wall", "street", "journal", "intelligence"} <= cues[0].names
    assert cues[1].names == {"russian", "official"}
    assert cues[2].names == frozenset()


def test_parent_score_ignores_sentence_order():
    body = ORIGINAL.split("\n\n")
    shuffled = body[:]
    random.Random(1).shuffle(shuffled)
    candidates = {"original": features(ORIGINAL), "other": features("An unrelated text.")}
    in_order = rank_parents("\n\n".join(body), candidates)
    reordered = rank_parents("\n\n".join(shuffled), candidates)
    assert in_order == reordered
    assert in_order[0].source_id == "original"


def _whole(text: str) -> ClaimSpan:
    return ClaimSpan(0, len(text), 0, len(text))


def test_a_figure_is_compared_by_its_interval_not_its_wording():
    parent = "Moscow currently recruits 30,000 to 40,000 individuals each month."
    same = "Moscow is recruiting between 30,000 and 40,000 individuals each month"
    changed = "Moscow is recruiting approximately 30,000 individuals each month"
    assert figure_drift(same, _whole(same), parent, _whole(parent)) == []
    assert [k for k, _ in figure_drift(changed, _whole(changed), parent, _whole(parent))] == [
        "value_changed"
    ]


@pytest.mark.parametrize(
    ("copy", "kind"),
    [
        ("Putin signed a decree on July 7", None),
        ("Putin signed a decree on July 7, 2024", "date_changed"),  # a year the parent lacks
        ("Putin signed a decree on July 8", "date_changed"),
        ("Putin signed a decree in July", "date_changed"),  # kept, less precise
    ],
)
def test_dates_are_compared_as_intervals(copy, kind):
    parent = "Putin signed a decree on July 7 permitting foreigners to serve."
    found = [k for k, _ in date_drift(copy, _whole(copy), parent, _whole(parent))]
    assert found == ([kind] if kind else [])


@pytest.mark.parametrize(
    ("copy", "kind"),
    [
        ("according to sources familiar with U.S. and EU intelligence", "attribution_dropped"),
        ("sources familiar with U.S. and EU intelligence told Reuters", "attribution_changed"),
        ("sources familiar with U.S. and EU intelligence told the Wall Street Journal", None),
    ],
)
def test_a_lost_or_replaced_credit_is_attribution_drift(copy, kind):
    parent = "sources familiar with U.S. and EU intelligence told the Wall Street Journal."
    found = [k for k, _ in attribution_drift(copy, _whole(copy), [], parent, _whole(parent), [])]
    assert found == ([kind] if kind else [])


@pytest.mark.parametrize(
    ("copy", "kind"),
    [
        (
            "specialists who reached the age limit of mandatory service to sign contracts",
            "value_changed",
        ),
        ("specialists who reached the age limit to sign contracts", None),
        ("specialists who reached the age limit, by law, to sign contracts", None),
    ],
)
def test_a_noun_phrase_narrowed_by_a_modifier_is_a_value_change(copy, kind):
    parent = "specialists who reached the age limit to sign contracts with the FSB."
    found = [k for k, _ in category_drift(copy, _whole(copy), parent, _whole(parent))]
    assert found == ([kind] if kind else [])
