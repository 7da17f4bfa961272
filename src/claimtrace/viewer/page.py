"""Assemble the viewer page: the package's tables as template context, rendered with Jinja2.

Every string from the data reaches the page either as element text or attribute values escaped
by Jinja2's autoescape, or inside the JSON data block through Jinja2's ``tojson`` (which escapes
``<``, ``>``, ``&`` and ``'``), and the script writes data only with ``textContent`` and
``setAttribute``: no data string is ever parsed as markup.
"""

from __future__ import annotations

import base64
import hashlib
from importlib.resources import files
from typing import Any

import jinja2
import polars as pl
from markupsafe import Markup

from claimtrace.report.compute import STATUS_ORDER
from claimtrace.report.lineage import source_order
from claimtrace.valid import ValidPackage
from claimtrace.viewer.drift import drift_colour, drift_group, drift_legend
from claimtrace.viewer.figure_axis import figure_axes
from claimtrace.viewer.highlights import Span, tokens
from claimtrace.viewer.limits import DEFAULT_MAX_SOURCES
from claimtrace.viewer.lineage_graph import lineage_graph

TEMPLATES = files("claimtrace.viewer") / "templates"


class ViewerError(Exception):
    """The viewer cannot be built for this package (too large, or tables it needs missing)."""


def status_order(package: ValidPackage) -> list[str]:
    """The propositions' statuses as the schema declares them, conflicting first.

    Statuses the drift report orders come in its order, any others after them in schema order.
    """
    declared = package.enum("propositions", "status")
    ordered = [s for s in STATUS_ORDER if s in declared]
    ordered += [s for s in declared if s not in ordered]
    return sorted(ordered, key=lambda s: s != "conflicting")


def _claims(package: ValidPackage, order: pl.DataFrame) -> pl.DataFrame:
    """Claims in source order then text order, with attribution names and source positions."""
    names = package.frames["actors"].select(attribution_actor_id="actor_id", attribution="name")
    return (
        package.frames["claims"]
        .join(order.select("source_id", "position"), on="source_id", how="left")
        .join(names, on="attribution_actor_id", how="left")
        .sort("position", "start", "end", "claim_id")
    )


def _relations(package: ValidPackage) -> dict[str, list[dict[str, str]]]:
    """Per proposition, its relations to others (either side of a row): relation, other, note."""
    frame = package.frames.get("proposition_relations")
    if frame is None or frame.height == 0:
        return {}
    both = pl.concat([
        frame.select("relation", "note", own="proposition_id", other="related_proposition_id"),
        frame.select("relation", "note", own="related_proposition_id", other="proposition_id"),
    ])  # fmt: skip
    grouped = both.group_by("own", maintain_order=True).agg(pl.struct("relation", "other", "note"))
    return {own: items for own, items in grouped.iter_rows()}


def _script_data(
    package: ValidPackage,
    claims: pl.DataFrame,
    propositions: list[dict],
    columns: list[dict],
    drift_labels: tuple,
) -> dict[str, Any]:
    """What the page's script reads: claims, propositions, relations, sources, drift labels."""
    fields = ["source_id", "proposition_id", "proposition_value", "drift", "drift_note", "quote"]
    fields += ["claim_text", "attribution", "parent_claim_id"]
    present = [c for c in fields if c in claims.columns]
    keys = ("canonical_text", "topic", "status", "disputed_aspect", "claim_ids")
    return {
        "claims": {
            row["claim_id"]: {k: row[k] for k in present}
            for row in claims.select("claim_id", *present).to_dicts()
        },
        "propositions": {p["proposition_id"]: {k: p.get(k) for k in keys} for p in propositions},
        "relations": _relations(package),
        "sources": {c["source_id"]: {"title": c["title"]} for c in columns},
        "drift": {d["drift"]: d for d in drift_legend(drift_labels)},
    }


def _propositions(package: ValidPackage, claims: pl.DataFrame, statuses: list[str]) -> list[dict]:
    """Propositions in table order (status, topic, id) with their claims in source order."""
    per_prop = claims.group_by("proposition_id", maintain_order=True).agg(
        claim_ids=pl.col("claim_id"),
        sources=pl.col("source_id").n_unique(),
        values=pl.col("proposition_value").drop_nulls().unique(maintain_order=True),
    )
    rank = {s: i for i, s in enumerate(statuses)}
    return (
        package.frames["propositions"]
        .join(per_prop, on="proposition_id", how="left")
        .with_columns(
            rank=pl.col("status").replace_strict(rank, default=len(rank), return_dtype=pl.Int64)
        )
        .sort("rank", "topic", "proposition_id")
        .drop("rank")
        .to_dicts()
    )


def _spans(claims: pl.DataFrame, figures: pl.DataFrame, source_id: str) -> list[Span]:
    own = [
        Span(
            "claim",
            c,
            s,
            e,
            {"drift": d, "colour": drift_colour(d or ""), "group": drift_group(d or "")},
        )
        for c, s, e, d in claims.filter(pl.col("source_id") == source_id)
        .select("claim_id", "start", "end", "drift")
        .iter_rows()
    ]
    own += [
        Span("figure", f, s, e, {"claim": c})
        for f, s, e, c in figures.filter(pl.col("source_id") == source_id)
        .select("figure_id", "start", "end", "claim_id")
        .iter_rows()
    ]
    return own


def page_context(package: ValidPackage, max_sources: int) -> dict[str, Any]:
    """Everything the template shows."""
    for table in ("sources", "lineage", "actors", "claims", "propositions"):
        if table not in package.frames:
            raise ViewerError(f"datapackage.json has no resource {table!r}")
    sources = package.frames["sources"]
    if sources.height > max_sources:
        raise ViewerError(
            f"the package has {sources.height} sources; the viewer shows at most {max_sources} "
            f"side by side. Pass --max-sources {sources.height} to build it anyway (a page that "
            "large may be slow to open)"
        )
    order = source_order(sources, package.frames["lineage"])
    claims = _claims(package, order)
    figures = package.frames.get(
        "figures",
        pl.DataFrame(
            schema=dict.fromkeys(("figure_id", "claim_id", "source_id", "start", "end"), pl.String)
        ),
    )
    statuses = status_order(package)
    drift_labels = package.enum("claims", "drift")
    outlets = package.frames["actors"].select(outlet_id="actor_id", outlet="name")
    columns = []
    for src in (
        order.join(sources.drop("title", "source_kind"), on="source_id", how="left")
        .join(outlets, on="outlet_id", how="left")
        .to_dicts()
    ):
        text = package.texts.get(src["source_id"], "")
        columns.append({**src, "tokens": tokens(text, _spans(claims, figures, src["source_id"]))})
    propositions = _propositions(package, claims, statuses)
    return {
        "package": package.descriptor,
        "columns": columns,
        "propositions": propositions,
        "statuses": statuses,
        "topics": sorted({p["topic"] for p in propositions if p["topic"]}),
        "graph": lineage_graph(order, package.frames["lineage"], claims, drift_labels),
        "axes": figure_axes(figures, claims, order) if "figures" in package.frames else [],
        "legend": drift_legend(drift_labels),
        "data": _script_data(package, claims, propositions, columns, drift_labels),
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (TEMPLATES / name).read_text(encoding="utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_page(package: ValidPackage, max_sources: int = DEFAULT_MAX_SOURCES) -> str:
    """The viewer as one self-contained HTML document."""
    env = _environment()
    assets = {
        name: Markup((TEMPLATES / name).read_text(encoding="utf-8"))
        for name in ("viewer.css", "viewer.js")
    }
    template = env.get_template("viewer.html.j2")
    digest = base64.b64encode(hashlib.sha256(assets["viewer.js"].encode("utf-8")).digest())
    return template.render(
        **page_context(package, max_sources),
        css=assets["viewer.css"],
        js=assets["viewer.js"],
        script_hash=f"sha256-{digest.decode('ascii')}",
    )
