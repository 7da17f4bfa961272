"""Write a valid synthetic corpus of N claims (and N/2 figures) with archived texts.

Usage: python scripts/synth_corpus.py OUT_DIR --claims 100000 [--seed 7]

Deterministic for a given seed. Texts mix ASCII with multi-byte code points (’ é € 😀) so that
offsets in code points and bytes differ. Sources come in pairs (an original and its AI rewrite);
claim j of both sources of a pair states the same proposition, the rewrite's claim made from the
original's (parent_claim_id), so propositions are echoed (one origin). Claims are numbered in text
order; every tenth proposition has a number value, equal to its claims' figure.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from pathlib import Path

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
CLAIMS_PER_SOURCE = 200
TEXT_WORDS = 1600
VOCAB = np.array(
    [
        "the",
        "decree",
        "army",
        "recruits",
        "foreigners",
        "mobilization",
        "Moscow’s",
        "café",
        "30,000",
        "to",
        "40,000",
        "each",
        "month",
        "sources",
        "said",
        "2025",
        "signed",
        "law",
        "service",
        "contract",
        "€1,000",
        "😀",
        "intelligence",
        "report",
    ]
)


def _texts(n_sources: int, rng: np.random.Generator) -> list[str]:
    words = rng.choice(VOCAB, size=(n_sources, TEXT_WORDS))
    lines = [" ".join(row) for row in words.tolist()]
    return [t[:2000] + "\n" + t[2000:] + "\n" for t in lines]


def build(out: Path, n_claims: int, seed: int = 7) -> None:
    """Write the package to ``out`` (replaced if it exists)."""
    rng = np.random.default_rng(seed)
    n_sources = max(2, -(-n_claims // CLAIMS_PER_SOURCE))
    n_sources += n_sources % 2
    if out.exists():
        shutil.rmtree(out)
    (out / "data/texts").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", out / "schemas")
    shutil.copy2(REPO / "datapackage.json", out / "datapackage.json")

    source_ids = [f"synth_{i:06d}" for i in range(n_sources)]
    texts = _texts(n_sources, rng)
    for sid, text in zip(source_ids, texts, strict=True):
        (out / f"data/texts/{sid}.txt").write_bytes(text.encode("utf-8"))
    outlets = [f"outlet_{i}" for i in range(10)]
    actors = pl.DataFrame(
        {
            "actor_id": outlets,
            "name": [f"Outlet {i}" for i in range(10)],
            "actor_type": "outlet",
            "aliases": None,
            "country": "UKR",
            "description": "A synthetic outlet.",
        }
    )
    idx = np.arange(n_sources)
    sources = pl.DataFrame(
        {
            "source_id": source_ids,
            "title": [f"Synthetic report {i}" for i in idx],
            "outlet_id": [outlets[i % 10] for i in idx],
            "authors": None,
            "editors": None,
            "date_published": "2025-07-08",
            "date_published_precision": "day",
            "date_published_basis": "stated",
            "url": [f"https://example.org/{s}" for s in source_ids],
            "language": "en",
            "source_kind": ["original_report" if i % 2 == 0 else "ai_rewrite" for i in idx],
            "ai_generated": ["false" if i % 2 == 0 else "true" for i in idx],
            "ai_generated_basis": "curator_judgement",
            "ai_generated_evidence": "synthetic",
            "text_path": [f"data/texts/{s}.txt" for s in source_ids],
            "text_sha256": [hashlib.sha256(t.encode()).hexdigest() for t in texts],
            "text_chars": [len(t) for t in texts],
            "rights": "synthetic, public domain",
            "notes": None,
        }
    )
    lineage = pl.DataFrame(
        {
            "source_id": source_ids[1::2],
            "parent_source_id": source_ids[0::2],
            "relation": "ai_rewrite_of",
            "confidence": "high",
            "evidence": "synthetic pair",
        }
    )

    # claims: source s, local index j; span length 40..120 inside the text; starts increase with
    # j (one slot of the text per claim), so ids follow text order
    per = -(-n_claims // n_sources)
    s = np.repeat(idx, per)[:n_claims]
    j = np.tile(np.arange(per), n_sources)[:n_claims]
    chars = np.array([len(t) for t in texts])[s]
    length = rng.integers(40, 121, n_claims)
    slot = (chars - 121) // per
    start = (j * slot + rng.random(n_claims) * slot).astype(np.int64)
    pair = s // 2
    text_frame = pl.DataFrame({"source_id": source_ids, "_text": texts})
    claims = (
        pl.DataFrame(
            {
                "_s": s,
                "_j": j,
                "start": start,
                "end": start + length,
                "_pair": pair,
                "source_id": np.array(source_ids)[s],
            }
        )
        .join(text_frame, on="source_id", how="left")
        .with_columns(
            claim_id=pl.format("{}.c{}", "source_id", pl.col("_j").cast(pl.String).str.zfill(4)),
            quote=pl.col("_text").str.slice("start", pl.col("end") - pl.col("start")),
            proposition_id=pl.format("p_s{}_{}", "_pair", "_j"),
            is_original=(pl.col("_s") % 2 == 0),
            is_number=(pl.col("_j") % 10 == 0),
            _parent=pl.format(
                "synth_{}.c{}",
                (pl.col("_s") - 1).cast(pl.String).str.zfill(6),
                pl.col("_j").cast(pl.String).str.zfill(4),
            ),
        )
    )
    claims = claims.with_columns(
        claim_text=pl.lit("A synthetic claim."),
        claim_type=pl.lit("event"),
        is_furniture=pl.lit("false"),
        is_headline=pl.lit("false"),
        attribution_actor_id=pl.lit(None, pl.String),
        attribution_kind=pl.lit("unattributed"),
        event_date=pl.lit("2025-07-07"),
        event_date_precision=pl.lit("day"),
        event_date_role=pl.lit("occurred"),
        event_date_inferred=pl.lit(None, pl.String),
        event_date_basis=pl.lit(None, pl.String),
        proposition_value=pl.when("is_number").then(pl.lit("1")).otherwise(None),
        parent_claim_id=pl.when("is_original").then(None).otherwise("_parent"),
        drift=pl.when("is_original").then(pl.lit("original")).otherwise(pl.lit("paraphrase")),
        drift_note=pl.lit(None, pl.String),
    )
    originals = claims.filter("is_original").select(
        "proposition_id", "claim_id", "_pair", "is_number"
    )
    counts = claims.group_by("proposition_id").agg(n=pl.col("source_id").n_unique())
    propositions = originals.join(counts, on="proposition_id").select(
        "proposition_id",
        canonical_text=pl.lit("A synthetic statement."),
        topic=pl.lit("decree"),
        status=pl.when(pl.col("n") >= 2).then(pl.lit("echoed")).otherwise(pl.lit("single_source")),
        source_count="n",
        origin_count=pl.lit(1),
        altered_copy_count=pl.lit(0),
        disputed_aspect=pl.when("is_number").then(pl.lit("monthly_recruits")).otherwise(None),
        value_kind=pl.when("is_number").then(pl.lit("number")).otherwise(None),
        original_claim_id="claim_id",
    )
    orphan_props = claims.join(originals, on="proposition_id", how="anti")
    claims = claims.join(orphan_props.select("claim_id"), on="claim_id", how="anti")
    figures = (
        claims.filter(pl.col("_j") % 2 == 0)
        .with_columns(f_start=pl.col("start") + 5, f_end=pl.col("start") + 15)
        .select(
            figure_id=pl.format("{}.f{}", "source_id", pl.col("_j").cast(pl.String).str.zfill(4)),
            claim_id="claim_id",
            source_id="source_id",
            start="f_start",
            end="f_end",
            quote=pl.col("_text").str.slice(pl.col("f_start"), 10),
            value_text=pl.lit("1"),
            value=pl.lit(1.0),
            low=pl.lit(None, pl.Float64),
            high=pl.lit(None, pl.Float64),
            qualifier=pl.lit("exact"),
            unit=pl.lit("person"),
            counted=pl.lit("recruits"),
            rate_per=pl.lit("P1M"),
            reference_period=pl.lit(None, pl.String),
            originator_actor_id=pl.lit(None, pl.String),
        )
    )
    claim_actors = claims.select("claim_id", actor_id=pl.lit(outlets[0]), role=pl.lit("subject"))
    pairs = propositions.select("proposition_id").filter(
        pl.col("proposition_id").str.ends_with("_0")
    )
    relations = pairs.with_columns(
        related_proposition_id=pl.col("proposition_id").str.replace(r"_0$", "_1")
    ).join(
        propositions.select(related_proposition_id="proposition_id"), on="related_proposition_id"
    )
    relations = relations.with_columns(
        relation=pl.lit("same_quantity"), note=pl.lit("Synthetic: the same quantity.")
    )
    tables = {
        "actors": actors,
        "sources": sources,
        "lineage": lineage,
        "propositions": propositions,
        "proposition_relations": relations,
        "claims": claims,
        "figures": figures,
        "claim_actors": claim_actors,
    }
    for name, frame in tables.items():
        fields = [f["name"] for f in _schema_fields(name)]
        frame.select(fields).sort(
            fields[:2] if name == "proposition_relations" else fields[0]
        ).write_csv(out / f"data/{name}.csv", line_terminator="\n")


def _schema_fields(name: str) -> list[dict]:
    import json

    return json.loads((REPO / f"schemas/{name}.json").read_text())["fields"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    build(args.out, args.claims, args.seed)
    print(f"wrote {args.claims} claims to {args.out}")


if __name__ == "__main__":
    main()
