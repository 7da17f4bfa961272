"""Write the measured figures of ``claimtrace suggest`` into docs/suggest.md.

Four generated blocks, each between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->``:
``example`` (an excerpt of ``suggest --json``), ``parameters`` (the thresholds, read from the
code), ``loo`` (leave-one-out on every AI rewrite of
the corpus) and ``perturb`` (scripts/perturb.py on 1,000 rewrites, with its run time here).

Usage: python scripts/suggest_doc.py [--check] [--n 1000]
  --check: recompute the example, parameters and leave-one-out blocks only (they are
  deterministic) and exit 1 if docs/suggest.md differs; the perturbation block holds a timing
  and is not checked.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import polars as pl

from claimtrace.curation.tables import read_table
from claimtrace.metadata import read_package
from claimtrace.suggest import alignment, engine, parents
from claimtrace.suggest.corpus import load_corpus
from claimtrace.suggest.engine import Suggester
from claimtrace.suggest.evaluation import leave_one_out
from claimtrace.suggest.numbers import with_decisions
from claimtrace.texts.archive import read_archived_text

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "suggest.md"
GOALS = {
    "proposition_top1_precision": 0.8,
    "proposition_top3_recall": 0.95,
    "value_changed": 1.0,
    "date_changed": 1.0,
    "attribution_dropped": 0.8,
}


def _fmt(x) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def _goal(value, goal: float | None) -> str:
    if goal is None or value is None:
        return ""
    return f"≥ {goal:g} ({'met' if value >= goal else 'not met'})"


def rewrites(root: Path) -> list[str]:
    """The AI rewrites of the corpus, in table order."""
    sources = read_table(read_package(root), "sources")
    return sources.filter(pl.col("source_kind") == "ai_rewrite")["source_id"].to_list()


def example_block(root: Path) -> str:
    """An excerpt of ``suggest --json`` on the first AI rewrite, one item of each list."""
    sid = rewrites(root)[0]
    suggester = Suggester(load_corpus(root, hide=sid))
    out = suggester.suggest(sid, read_archived_text(root, sid)).to_dict()
    out["numbers"] = with_decisions(out["numbers"], root, sid)
    claim = next(c for c in out["claims"] if c["parent_claim_id"])
    drift = next(d for d in out["drift"] if d["kind"] == "attribution_dropped")
    excerpt = {
        "source_id": sid,
        "parents": out["parents"][:2],
        "claims": [claim],
        "drift": [drift],
        "numbers": out["numbers"][:1],
    }
    return "```json\n" + json.dumps(excerpt, ensure_ascii=False, indent=1) + "\n```"


def parameters_block() -> str:
    rows = [
        ("parents.WEIGHTS", parents.WEIGHTS, "weights of shingles, figures and names"),
        ("parents.SHINGLE", parents.SHINGLE, "words per shingle"),
        ("engine.PARENT_MIN", engine.PARENT_MIN, "least reuse score of a parent used for drift"),
        ("alignment.ALIGN_MIN", alignment.ALIGN_MIN, "least score aligning a claim to a parent"),
        ("alignment.SURE_ALIGN", alignment.SURE_ALIGN, "below it, content words must agree"),
        ("alignment.COVER_MIN", alignment.COVER_MIN, "share of content words for a weak alignment"),
        ("alignment.PRESENT_MIN", alignment.PRESENT_MIN, "parent text holding a claim: not added"),
        ("engine.PROPOSITION_BONUS", engine.PROPOSITION_BONUS, "bonus for a shared proposition"),
        ("alignment.TOP", alignment.TOP, "proposition candidates per claim"),
        ("alignment.PRIOR_BONUS", alignment.PRIOR_BONUS, "rank bonus of the parent's propositions"),
    ]
    lines = ["| parameter | value | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{n}` | {v} | {m} |" for n, v, m in rows]
    return "\n".join(lines)


def _ratio(r: dict, key: str, n_key: str) -> str:
    return f"{_fmt(r[key])} (n={r[n_key]})"


def loo_block(root: Path) -> str:
    results = [leave_one_out(root, sid) for sid in rewrites(root)]
    names = " | ".join(f"`{r['source_id']}`" for r in results)
    rule = "| --- | --- |" + " --- |" * len(results)

    def lowest(key: str):
        found = [r[key] for r in results if r[key] is not None]
        return min(found) if found else None

    rows = [
        ("parent top-1 is the lineage parent", "", [_fmt(r["parent_top1"]) for r in results]),
        (
            "candidate claims / gold claims",
            "",
            [f"{r['candidate_claims']} / {r['gold_claims']}" for r in results],
        ),
        (
            "proposition top-1 precision",
            _goal(lowest("proposition_top1_precision"), GOALS["proposition_top1_precision"]),
            [_ratio(r, "proposition_top1_precision", "proposition_top1_n") for r in results],
        ),
        (
            "proposition top-3 recall",
            _goal(lowest("proposition_top3_recall"), GOALS["proposition_top3_recall"]),
            [_ratio(r, "proposition_top3_recall", "proposition_top3_n") for r in results],
        ),
        (
            "parent claim accuracy",
            "",
            [_ratio(r, "parent_claim_accuracy", "parent_claim_n") for r in results],
        ),
        ("drift candidates", "", [_fmt(r["drift_candidates"]) for r in results]),
        (
            "drift false alarms (share of candidates)",
            "",
            [f"{r['false_alarms']} ({_fmt(r['false_alarm_rate'])})" for r in results],
        ),
    ]
    lines = [f"| figure | goal | {names} |", rule]
    lines += [f"| {label} | {goal} | " + " | ".join(cells) + " |" for label, goal, cells in rows]
    lines += [
        "",
        "Drift recall by gold kind: recall (recalled with the right kind / flagged with any kind "
        "/ gold).",
        "",
        f"| gold kind | goal | {names} |",
        rule,
    ]
    for kind in sorted({k for r in results for k in r["drift"]}):
        found = [r["drift"].get(kind) for r in results]
        cells = [
            f"{_fmt(d['recall'])} ({d['recalled']} / {d['flagged']} / {d['gold']})" if d else "–"
            for d in found
        ]
        recalls = [d["recall"] for d in found if d]
        goal = _goal(min(recalls), GOALS.get(kind)) if recalls else ""
        lines.append(f"| {kind} | {goal} | " + " | ".join(cells) + " |")
    lines += ["", "False alarms (a candidate where the gold records no drift):", ""]
    for r in results:
        quotes = r["false_alarm_quotes"] or ["none"]
        lines += [f"- `{r['source_id']}`: {q}" for q in quotes]
    return "\n".join(lines)


def perturb_block(root: Path, n: int) -> str:
    script = [sys.executable, str(ROOT / "scripts" / "perturb.py"), str(root), "--n", str(n)]
    done = subprocess.run([*script, "--json"], check=True, capture_output=True, text=True)
    result = json.loads(done.stdout)
    lines = [
        f"{result['n']} rewrites (seed {result['seed']}) ran in {result['seconds']} s wall, "
        f"{result['cpu_seconds']} s CPU, on a shared machine with {result['cpus']} cores; the "
        f"unchanged original gives {result['baseline_candidates']} drift candidates.",
        "",
        "| family | rewrites | parent top-1 | recall | flagged (any kind) | precision "
        "| candidates per rewrite | rewrites with no candidate |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f, v in result["families"].items():
        lines.append(
            f"| {f} | {v['rewrites']} | {_fmt(v['parent_top1'])} | {_fmt(v['recall'])} "
            f"| {_fmt(v['flagged'])} | {_fmt(v['precision'])} "
            f"| {_fmt(v['candidates_per_rewrite'])} | {_fmt(v['clean_rewrites'])} |"
        )
    lines += ["", "| predicted kind | candidates | precision |", "| --- | --- | --- |"]
    lines += [
        f"| {k} | {v['predicted']} | {_fmt(v['precision'])} |" for k, v in result["kinds"].items()
    ]
    return "\n".join(lines)


def fill(doc: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(doc):
        raise SystemExit(f"{DOC.relative_to(ROOT)} has no {name} block")
    return pattern.sub(lambda m: m[1] + body + "\n" + m[2], doc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args(argv)
    doc = DOC.read_text(encoding="utf-8")
    new = fill(doc, "example", example_block(ROOT))
    new = fill(new, "parameters", parameters_block())
    new = fill(new, "loo", loo_block(ROOT))
    if args.check:
        if new != doc:
            print(f"{DOC.relative_to(ROOT)} is stale: run python scripts/suggest_doc.py")
            return 1
        return 0
    new = fill(new, "perturb", perturb_block(ROOT, args.n))
    DOC.write_text(new, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
