"""Write a corpus of the curated corpus's shape: data/ replicated K times under fresh ids.

Usage: python scripts/scale_corpus.py OUT_DIR --claims 1000000 [--from .]

Every replica k renames each id of a table that hangs off ``sources`` (sources, lineage, claims,
figures, claim_actors, propositions, and any table added later with a foreign key into them):
``<id>`` becomes ``<id>_r<k>``, inserted before the first dot (``src.c01`` becomes
``src_r7.c01``), and ``data/texts/<source_id>.txt`` follows its source. Which fields are ids is
read from the Table Schemas (primary keys and foreign keys), so new fields and tables need no
change here. Tables nothing hangs off (actors) are copied once. Texts are copied byte for byte.

The copy is valid by construction: replicas share no id, and every rule is either per row, per
source or per proposition, all of which a replica keeps whole, so derived fields (status, counts
of sources and origins) are what claimtrace.semantics would recompute. Tables are written in
batches of replicas, so memory stays bounded at any size.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
BATCH_REPLICAS = 500


def _descriptor(src: Path) -> tuple[dict, dict[str, dict]]:
    package = json.loads((src / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {}
    for res in package["resources"]:
        schema = res["schema"]
        if isinstance(schema, str):
            schema = json.loads((src / schema).read_text(encoding="utf-8"))
        schemas[res["name"]] = schema | {"_path": res["path"]}
    return package, schemas


def _replicated(schemas: dict[str, dict]) -> set[str]:
    """Tables that hang off sources through foreign keys (a fixed point over the graph)."""
    out = {"sources"}
    while True:
        grown = out | {
            name
            for name, s in schemas.items()
            for fk in s.get("foreignKeys", [])
            if (fk["reference"].get("resource") or name) in out
        }
        if grown == out:
            return out
        out = grown


def _id_fields(name: str, schema: dict, replicated: set[str]) -> list[str]:
    """Fields of ``name`` holding ids of replicated rows: its own key and its references."""
    fields = []
    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else pk
    if name in replicated and len(pk) == 1:
        fields.append(pk[0])
    for fk in schema.get("foreignKeys", []):
        if (fk["reference"].get("resource") or name) in replicated:
            own = fk["fields"]
            fields.extend([own] if isinstance(own, str) else own)
    return list(dict.fromkeys(fields))


def _renamed(column: str, k: pl.Expr) -> pl.Expr:
    """``x`` to ``x_r<k>``, or ``x.rest`` to ``x_r<k>.rest``; null stays null."""
    c = pl.col(column)
    head = c.str.extract(r"^([^.]*)", 1)
    tail = c.str.extract(r"^[^.]*(.*)$", 1)
    return pl.concat_str(head, pl.lit("_r"), k, tail).alias(column)


def build(out: Path, n_claims: int, src: Path = REPO) -> int:
    """Write the package to ``out`` (replaced) with at least ``n_claims`` claims; return K."""
    package, schemas = _descriptor(src)
    base = {name: pl.read_csv(src / s["_path"], infer_schema=False) for name, s in schemas.items()}
    k_total = max(1, -(-n_claims // base["claims"].height))
    replicated = _replicated(schemas)
    if out.exists():
        shutil.rmtree(out)
    (out / "data/texts").mkdir(parents=True)
    shutil.copytree(src / "schemas", out / "schemas")
    (out / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    texts = {
        sid: (src / path).read_bytes()
        for sid, path in base["sources"].select("source_id", "text_path").iter_rows()
    }
    handles = {name: open(out / s["_path"], "wb") for name, s in schemas.items()}  # noqa: SIM115
    try:
        for name, frame in base.items():
            frame.head(0).write_csv(handles[name], line_terminator="\n")
            if name not in replicated:
                frame.write_csv(handles[name], include_header=False, line_terminator="\n")
        for first in range(0, k_total, BATCH_REPLICAS):
            ks = pl.DataFrame(
                {"_k": pl.arange(first, min(first + BATCH_REPLICAS, k_total), eager=True)}
            )
            k = pl.col("_k").cast(pl.String)
            for name in replicated:
                frame = base[name].join(ks, how="cross")
                fields = _id_fields(name, schemas[name], replicated)
                cols = [_renamed(f, k) for f in fields]
                if name == "sources":
                    cols.append(
                        pl.format("data/texts/{}_r{}.txt", "source_id", k).alias("text_path")
                    )
                frame.with_columns(cols).drop("_k").write_csv(
                    handles[name], include_header=False, line_terminator="\n"
                )
            for sid, raw in texts.items():
                for i in range(first, min(first + BATCH_REPLICAS, k_total)):
                    (out / f"data/texts/{sid}_r{i}.txt").write_bytes(raw)
    finally:
        for handle in handles.values():
            handle.close()
    return k_total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--from", dest="src", type=Path, default=REPO)
    args = parser.parse_args()
    k = build(args.out, args.claims, args.src)
    print(f"wrote {k} replicas of {args.src} to {args.out}")


if __name__ == "__main__":
    main()
