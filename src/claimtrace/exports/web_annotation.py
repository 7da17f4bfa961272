"""W3C Web Annotation (JSON-LD) of every claim and figure, and reading it back.

Each annotation targets the archived text by its SHA-256 URN with a TextQuoteSelector (exact,
prefix and suffix of ``CONTEXT`` code points) and a TextPositionSelector (code points, as the
tables count them). ``read_anchors`` turns an export back into anchor rows and checks, vectorised,
that both selectors land on the quote; ``resolve_quote`` finds a TextQuoteSelector in a text
without the positions, as an annotation client would.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from claimtrace.exports.ids import row_iri, row_key, text_urn
from claimtrace.valid import ValidPackage

CONTEXT = 32
"""Code points of prefix and suffix (as the Hypothesis client uses)."""
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANCHOR_COLUMNS = ["kind", "id", "source_id", "start", "end", "quote"]


class AnnotationError(ValueError):
    """An annotation does not anchor: unknown text, bad selector, or a quote that is not there."""


def _anchors(package: ValidPackage) -> pl.DataFrame:
    """kind, id, source_id, start, end, quote of every claim and figure, in that order."""
    frames = [
        package.frames[table].select(
            "source_id", "start", "end", "quote", kind=pl.lit(kind), id=f"{kind}_id"
        )
        for kind, table in (("claim", "claims"), ("figure", "figures"))
        if table in package.frames
    ]
    return (
        pl.concat(frames).select(ANCHOR_COLUMNS).with_columns(pl.col("start", "end").cast(pl.Int64))
    )


def _texts(package: ValidPackage) -> pl.DataFrame:
    return package.frames["sources"].select(
        "source_id",
        "text_sha256",
        "language",
        text=pl.col("source_id").replace_strict(package.texts, default=None),
    )


def _with_context(anchors: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    begin = (pl.col("start") - CONTEXT).clip(lower_bound=0)
    return anchors.join(texts, on="source_id", how="left").with_columns(
        prefix=pl.col("text").str.slice(begin, pl.col("start") - begin),
        suffix=pl.col("text").str.slice(pl.col("end"), CONTEXT),
        exact=pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start")),
    )


def _bodies(row: dict, claims: dict[str, dict]) -> list[dict[str, Any]]:
    def text(value: str, purpose: str) -> dict[str, Any]:
        body = {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}
        language = row.get("language") if purpose == "describing" else None
        return body | ({"language": language} if language else {})

    if row["kind"] == "claim":
        claim = claims[row["id"]]
        out = [text(claim["claim_text"], "describing")]
        out += [
            text(f"{name}: {claim[name]}", "tagging")
            for name in ("claim_type", "proposition_id", "drift", "attribution_kind")
            if claim.get(name)
        ]
        return out
    return [text(f"figure of {row['claim_id']}: {row['value_text']}", "describing")]


def annotation_collection(package: ValidPackage) -> dict[str, Any]:
    """The Web Annotation collection of the package: one annotation per claim and per figure."""
    rows = _with_context(_anchors(package), _texts(package))
    if "figures" in package.frames:
        rows = rows.join(
            package.frames["figures"].select(
                id="figure_id", claim_id="claim_id", value_text="value_text"
            ),
            on="id",
            how="left",
        )
    claims = {c["claim_id"]: c for c in package.frames["claims"].to_dicts()}
    items = [
        {
            "id": row_iri(row["kind"], row["id"]),
            "type": "Annotation",
            "motivation": "describing" if row["kind"] == "claim" else "highlighting",
            "body": _bodies(row, claims),
            "target": {
                "source": text_urn(row["text_sha256"]),
                "type": "Text",
                "format": "text/plain",
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": row["exact"],
                        "prefix": row["prefix"],
                        "suffix": row["suffix"],
                    },
                    {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]},
                ],
            },
        }
        for row in rows.to_dicts()
    ]
    name, version = package.descriptor.get("name"), package.descriptor.get("version")
    return {
        "@context": ANNO_CONTEXT,
        "id": row_iri("annotations", f"{name}:{version}"),
        "type": "AnnotationCollection",
        "label": f"Claims and figures of {name} {version}, anchored to the archived texts",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _selector(target: dict, kind: str) -> dict:
    found = [s for s in target.get("selector", []) if isinstance(s, dict) and s.get("type") == kind]
    if len(found) != 1:
        raise AnnotationError(f"expected one {kind}, found {len(found)}")
    return found[0]


def _items(document: dict[str, Any]) -> pl.DataFrame:
    rows = []
    for item in document.get("first", {}).get("items", []):  # parsing JSON: one pass
        kind = "claim" if row_key(item.get("id"), "claim") is not None else "figure"
        key = row_key(item.get("id"), kind)
        if key is None:
            raise AnnotationError(f"annotation {item.get('id')!r} is not a claim or figure")
        target = item.get("target") or {}
        quote, position = (
            _selector(target, "TextQuoteSelector"),
            _selector(target, "TextPositionSelector"),
        )
        rows.append(
            {
                "kind": kind,
                "id": key,
                "urn": target.get("source"),
                "start": position.get("start"),
                "end": position.get("end"),
                "exact": quote.get("exact"),
                "prefix": quote.get("prefix", ""),
                "suffix": quote.get("suffix", ""),
            }
        )
    schema = {
        "kind": pl.String,
        "id": pl.String,
        "urn": pl.String,
        "start": pl.Int64,
        "end": pl.Int64,
        "exact": pl.String,
        "prefix": pl.String,
        "suffix": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def read_anchors(document: dict[str, Any], package: ValidPackage) -> pl.DataFrame:
    """The anchors (kind, id, source_id, start, end, quote) an export states, checked.

    Every target must name a text of the package by its URN, and both selectors must agree with
    that text: the positions hold ``exact``, preceded by ``prefix`` and followed by ``suffix``.
    """
    texts = _texts(package).with_columns(
        urn=pl.lit("urn:sha256:") + pl.col("text_sha256"),
    )
    items = _items(document).join(texts.select("urn", "source_id", "text"), on="urn", how="left")
    unknown = items.filter(pl.col("source_id").is_null())
    if unknown.height:
        raise AnnotationError(f"{unknown['id'][0]}: no text has the URN {unknown['urn'][0]!r}")
    length = pl.col("end") - pl.col("start")
    checked = items.with_columns(
        ok=(pl.col("start") >= pl.col("prefix").str.len_chars())
        & (length > 0)
        & (pl.col("text").str.slice(pl.col("start"), length) == pl.col("exact"))
        & (
            pl.col("text").str.slice(
                pl.col("start") - pl.col("prefix").str.len_chars(), pl.col("prefix").str.len_chars()
            )
            == pl.col("prefix")
        )
        & (
            pl.col("text").str.slice(pl.col("end"), pl.col("suffix").str.len_chars())
            == pl.col("suffix")
        )
    )
    bad = checked.filter(pl.col("ok").not_().fill_null(True))
    if bad.height:
        raise AnnotationError(
            f"{bad.height} annotations do not land on their quote, first {bad['id'][0]} at "
            f"[{bad['start'][0]}, {bad['end'][0]}) of {bad['source_id'][0]}"
        )
    return checked.select("kind", "id", "source_id", "start", "end", quote="exact").sort(
        "kind", "id"
    )


def resolve_quote(text: str, selector: dict[str, str]) -> list[int]:
    """Every start where prefix + exact + suffix occurs in ``text`` (the quote's start)."""
    prefix, exact, suffix = (
        selector.get("prefix", ""),
        selector["exact"],
        selector.get("suffix", ""),
    )
    needle, found, at = prefix + exact + suffix, [], text.find(prefix + exact + suffix)
    while at >= 0:
        found.append(at + len(prefix))
        at = text.find(needle, at + 1)
    return found


def anchors_of(package: ValidPackage) -> pl.DataFrame:
    """The package's own anchors, in ``read_anchors``' shape and order."""
    return _anchors(package).select(ANCHOR_COLUMNS).sort("kind", "id")
