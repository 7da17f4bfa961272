"""schema.org ``Claim`` JSON-LD, the vocabulary of ClaimReview consumers.

Each claim is a ``Claim`` whose ``appearance`` is its source (a ``NewsArticle``), whose ``author``
is its attribution (the actor the source credits) and whose ``text`` is the verbatim quote; it
is an ``exampleOfWork`` of its proposition. Each proposition is a ``Claim`` too, with every
source that states it as ``appearance`` and the source of its original claim as
``firstAppearance``.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from claimtrace.exports.ids import row_iri, text_urn
from claimtrace.valid import ValidPackage

ACTOR_TYPES = {
    "person": "Person",
    "state": "Country",
    "government_body": "GovernmentOrganization",
    "agency": "GovernmentOrganization",
    "armed_forces": "GovernmentOrganization",
    "outlet": "NewsMediaOrganization",
}
"""schema.org type of an actor_type; every other type is an ``Organization``."""


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def _ref(kind: str, key: str | None) -> dict[str, str] | None:
    return {"@id": row_iri(kind, key)} if key else None


def _actors(package: ValidPackage) -> list[dict[str, Any]]:
    return [
        _clean(
            {
                "@type": ACTOR_TYPES.get(a["actor_type"], "Organization"),
                "@id": row_iri("actor", a["actor_id"]),
                "name": a["name"],
                "alternateName": a.get("aliases") or [],
                "description": a.get("description"),
            }
        )
        for a in package.frames["actors"].to_dicts()
    ]


def _articles(package: ValidPackage) -> list[dict[str, Any]]:
    parents = (
        package.frames["lineage"]
        .group_by("source_id", maintain_order=True)
        .agg(parents=pl.col("parent_source_id"))
    )
    sources = package.frames["sources"].join(parents, on="source_id", how="left")
    return [
        _clean(
            {
                "@type": "NewsArticle",
                "@id": row_iri("source", s["source_id"]),
                "headline": s.get("title"),
                "url": s.get("url"),
                "datePublished": s.get("date_published"),
                "inLanguage": s.get("language"),
                "publisher": _ref("actor", s.get("outlet_id")),
                "author": [{"@type": "Person", "name": n} for n in s.get("authors") or []],
                "isBasedOn": [_ref("source", p) for p in s.get("parents") or []],
                "sameAs": text_urn(s["text_sha256"]),
            }
        )
        for s in sources.to_dicts()
    ]


def _claims(package: ValidPackage) -> list[dict[str, Any]]:
    return [
        _clean(
            {
                "@type": "Claim",
                "@id": row_iri("claim", c["claim_id"]),
                "text": c["quote"],
                "description": c.get("claim_text"),
                "appearance": _ref("source", c["source_id"]),
                "author": _ref("actor", c.get("attribution_actor_id")),
                "exampleOfWork": _ref("proposition", c.get("proposition_id")),
                "isBasedOn": _ref("claim", c.get("parent_claim_id")),
                "keywords": [f"drift:{c['drift']}"] if c.get("drift") else [],
            }
        )
        for c in package.frames["claims"].to_dicts()
    ]


def _propositions(package: ValidPackage) -> list[dict[str, Any]]:
    claims = package.frames["claims"]
    appearances = claims.group_by("proposition_id", maintain_order=True).agg(
        sources=pl.col("source_id").unique(maintain_order=True)
    )
    first = claims.select(original_claim_id="claim_id", first_source="source_id")
    props = (
        package.frames["propositions"]
        .join(appearances, on="proposition_id", how="left")
        .join(first, on="original_claim_id", how="left")
    )
    return [
        _clean(
            {
                "@type": "Claim",
                "@id": row_iri("proposition", p["proposition_id"]),
                "text": p["canonical_text"],
                "keywords": [p["topic"], f"status:{p['status']}"],
                "appearance": [_ref("source", s) for s in p.get("sources") or []],
                "firstAppearance": _ref("source", p.get("first_source")),
            }
        )
        for p in props.to_dicts()
    ]


def claims_document(package: ValidPackage) -> dict[str, Any]:
    """The JSON-LD document: articles, actors, claims and propositions in one ``@graph``."""
    graph = _articles(package) + _actors(package) + _claims(package) + _propositions(package)
    return {"@context": "https://schema.org", "@graph": graph}
