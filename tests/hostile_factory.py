"""A small valid package for hostile-input tests: the real descriptor and schemas, synthetic rows.

Every table holds a few rows that pass every rule, so a single mutation of a fixture must be the
only problem the validator reports. The descriptor and schemas are copied from the repository, so
the fixture follows the schemas as they change.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parent.parent

TEXTS = {
    "alpha_report": "Alpha News\n\nThe ministry said 30,000 people joined in March 2025.\n"
    "Officials expect more than 5,000 in April.\n",
    "beta_rewrite": "Beta Daily\n\nNearly 30,000 people joined, the ministry said.\n",
}


def _span(source: str, quote: str) -> tuple[str, str, str]:
    start = TEXTS[source].index(quote)
    return str(start), str(start + len(quote)), quote


def _claim(cid, source, quote, text, **extra):
    start, end, quote = _span(source, quote)
    row = {
        "claim_id": cid,
        "source_id": source,
        "start": start,
        "end": end,
        "quote": quote,
        "claim_text": text,
        "claim_type": "statistic",
        "is_furniture": "false",
        "is_headline": "false",
        "attribution_actor_id": "ministry",
        "attribution_kind": "reported_speech",
        "event_date": "2025-03",
        "event_date_precision": "month",
        "event_date_role": "occurred",
        "proposition_id": "p_joined_march",
        "proposition_value": "30000",
        "drift": "original",
    }
    return row | extra


def _figure(fid, cid, source, quote, **extra):
    start, end, quote = _span(source, quote)
    row = {
        "figure_id": fid,
        "claim_id": cid,
        "source_id": source,
        "start": start,
        "end": end,
        "quote": quote,
        "value_text": quote,
        "qualifier": "exact",
        "unit": "person",
        "counted": "people who joined",
        "originator_actor_id": "ministry",
    }
    return row | extra


def _source(sid, kind, ai, outlet):
    text = TEXTS[sid]
    return {
        "source_id": sid,
        "title": f"Headline of {sid}",
        "outlet_id": outlet,
        "authors": "Ann Writer|Bob Writer" if not ai else None,
        "date_published_basis": "unknown",
        "language": "en",
        "source_kind": kind,
        "ai_generated": str(ai).lower(),
        "ai_generated_basis": "curator_judgement",
        "ai_generated_evidence": "Style and byline.",
        "text_path": f"data/texts/{sid}.txt",
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "text_chars": str(len(text)),
        "rights": "Quoted for research.",
    }


ROWS: dict[str, list[dict]] = {
    "actors": [
        {
            "actor_id": "alpha_news",
            "name": "Alpha News",
            "actor_type": "outlet",
            "aliases": "Alpha|alpha.example",
            "country": "GBR",
            "description": "A news outlet.",
        },
        {
            "actor_id": "beta_daily",
            "name": "Beta Daily",
            "actor_type": "outlet",
            "description": "A content farm.",
        },
        {
            "actor_id": "ministry",
            "name": "The Ministry",
            "actor_type": "government_body",
            "country": "FRA",
            "description": "A ministry.",
        },
    ],
    "sources": [
        _source("alpha_report", "original_report", False, "alpha_news"),
        _source("beta_rewrite", "ai_rewrite", True, "beta_daily"),
    ],
    "lineage": [
        {
            "source_id": "beta_rewrite",
            "parent_source_id": "alpha_report",
            "relation": "ai_rewrite_of",
            "confidence": "high",
            "evidence": "Same figures, same order.",
        },
    ],
    "claims": [
        _claim(
            "alpha_report.c01",
            "alpha_report",
            "The ministry said 30,000 people joined in March 2025.",
            "The ministry said 30,000 people joined in March 2025.",
        ),
        _claim(
            "alpha_report.c02",
            "alpha_report",
            "Officials expect more than 5,000 in April.",
            "Officials expect more than 5,000 people to join in April 2025.",
            claim_type="forecast",
            event_date="2025-04",
            proposition_id="p_april_forecast",
            proposition_value=None,
        ),
        _claim(
            "beta_rewrite.c01",
            "beta_rewrite",
            "Nearly 30,000 people joined, the ministry said.",
            "Nearly 30,000 people joined, the ministry said.",
            event_date=None,
            event_date_precision=None,
            event_date_role=None,
            proposition_value="<~30000",
            parent_claim_id="alpha_report.c01",
            drift="hedge_added",
            drift_note="Adds 'nearly' and drops the month.",
        ),
    ],
    "figures": [
        _figure("alpha_report.f01", "alpha_report.c01", "alpha_report", "30,000", value="30000"),
        _figure(
            "alpha_report.f02",
            "alpha_report.c02",
            "alpha_report",
            "more than 5,000",
            qualifier="more_than",
            low="5000",
            value_text="more than 5,000",
        ),
        _figure(
            "beta_rewrite.f01",
            "beta_rewrite.c01",
            "beta_rewrite",
            "Nearly 30,000",
            qualifier="nearly",
            high="30000",
        ),
    ],
    "claim_actors": [
        {"claim_id": "alpha_report.c01", "actor_id": "ministry", "role": "claimant"},
        {"claim_id": "alpha_report.c02", "actor_id": "ministry", "role": "claimant"},
        {"claim_id": "beta_rewrite.c01", "actor_id": "ministry", "role": "claimant"},
    ],
    "propositions": [
        {
            "proposition_id": "p_joined_march",
            "canonical_text": "30,000 people joined in March.",
            "topic": "recruitment",
            "status": "echoed",
            "source_count": "2",
            "origin_count": "1",
            "altered_copy_count": "1",
            "disputed_aspect": "joined",
            "value_kind": "number",
            "original_claim_id": "alpha_report.c01",
        },
        {
            "proposition_id": "p_april_forecast",
            "canonical_text": "More than 5,000 in April.",
            "topic": "recruitment",
            "status": "single_source",
            "source_count": "1",
            "origin_count": "1",
            "altered_copy_count": "0",
            "original_claim_id": "alpha_report.c02",
        },
    ],
    "proposition_relations": [
        {
            "proposition_id": "p_april_forecast",
            "related_proposition_id": "p_joined_march",
            "relation": "same_quantity",
            "note": "Both count the people who join, in two months.",
        },
    ],
}


def header(table: str, root: Path = REPO) -> list[str]:
    """The declared field names of ``table``."""
    import json

    schema = json.loads((root / "schemas" / f"{table}.json").read_text(encoding="utf-8"))
    return [f["name"] for f in schema["fields"]]


def csv_bytes(table: str, rows: list[dict]) -> bytes:
    """Rows as canonical CSV text in declared column order (missing cells empty)."""
    names = header(table)
    frame = pl.DataFrame(
        [{n: r.get(n) for n in names} for r in rows], schema=dict.fromkeys(names, pl.String)
    )
    out = io.BytesIO()
    frame.write_csv(out, line_terminator="\n", quote_style="necessary")
    return out.getvalue()


def build_package(root: Path) -> Path:
    """Write the valid package into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "datapackage.json", root / "datapackage.json")
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / "data" / "texts").mkdir(parents=True)
    for sid, text in TEXTS.items():
        (root / "data" / "texts" / f"{sid}.txt").write_bytes(text.encode())
    for table, rows in ROWS.items():
        (root / "data" / f"{table}.csv").write_bytes(csv_bytes(table, rows))
    return root
