"""Perturbation benchmark of ``claimtrace suggest``: seeded rule-based rewrites with gold spans.

Each rewrite of the original report (kyivindependent_decree) makes one change of one family:

- ``figure``: a figure's number changed, or a hedge put on it;
- ``date``: a date changed, a year added, or a date invented where the sentence gives none;
- ``attribution_dropped``: a credit removed or made anonymous;
- ``attribution_changed``: another source credited;
- ``reorder``: a paragraph moved (no drift);
- ``commentary``: a sentence of commentary inserted (``added``);
- ``paraphrase``: words swapped for synonyms (no drift).

The families that change something do so on top of background noise (a synonym or two, and half
the time a moved paragraph), so a detector that flags every difference loses precision.

``suggest`` runs on every rewrite against the corpus as it stands. A drift candidate matches a gold
span when they share at least half of the shorter one and its kind is one the family accepts.
Recall is per family; precision is per family (the share of all candidates in its rewrites that
match) and per predicted kind; the families with no gold report their false alarms.

Usage: python scripts/perturb.py [PACKAGE] [--n 1000] [--seed 13] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from claimtrace.suggest.corpus import load_corpus
from claimtrace.suggest.engine import Suggester
from claimtrace.suggest.evaluation import overlaps

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = "kyivindependent_decree"
FAMILIES = (
    "figure",
    "date",
    "attribution_dropped",
    "attribution_changed",
    "reorder",
    "commentary",
    "paraphrase",
)
ACCEPTED = {
    "figure": {"value_changed", "hedge_added", "hedge_removed"},
    "date": {"date_changed"},
    "attribution_dropped": {"attribution_dropped"},
    "attribution_changed": {"attribution_changed"},
    "commentary": {"added"},
    "reorder": set(),
    "paraphrase": set(),
}

FIGURES = {
    "30,000 to 40,000": [
        "20,000 to 30,000",
        "30,000 to 50,000",
        "50,000 to 60,000",
        "about 35,000",
    ],
    "160,000 men": ["180,000 men", "120,000 men", "about 160,000 men", "more than 160,000 men"],
    "in 14 years": ["in 15 years", "in 20 years", "in 4 years", "in nearly 14 years"],
    "said 20,000": ["said 25,000", "said 2,000", "said 200,000", "said more than 20,000"],
}
DATES = {
    "on July 7 permitting": [
        "on July 9 permitting", "on June 7 permitting", "on July 7, 2025, permitting"
    ],
    "March 31": ["March 30", "April 30", "March 31, 2024"],
    "Sept. 21, 2022": ["Sept. 21, 2023", "Oct. 21, 2022", "Sept. 12, 2022"],
    "In May,": ["In June,", "In April,", "In May 2024,"],
    "summer of 2024": ["summer of 2023", "spring of 2024", "autumn of 2024"],
    "on May 2, 2023": ["on May 3, 2023", "on June 2, 2023"],
}  # fmt: skip
INVENTED_DATES = {
    "The Kremlin has heavily relied": ["Since March 2023, the Kremlin has heavily relied"],
    "Moscow currently recruits": ["As of June 2025, Moscow recruits"],
    "The changes aim to strengthen": ["The changes, announced on July 9, aim to strengthen"],
    "Russian lawmakers passed a law": ["Russian lawmakers passed a law on August 3"],
}
DROPPED = {
    "According to the document, the Kremlin is": "The Kremlin is",
    "told the Wall Street Journal": "said",
    "Russian officials claim conscripts": "it is claimed conscripts",
    "human rights groups and relatives have reported that": "reports indicate that",
    "Russia's Investigative Committee Head Alexander Bastrykin said 20,000": "reportedly 20,000",
    ", sources familiar with U.S. and EU intelligence told the Wall Street Journal.": ".",
}
CHANGED = {
    "the Wall Street Journal": ["Reuters", "the Financial Times", "Bloomberg"],
    "Russian officials claim": ["Ukrainian officials claim", "Kremlin spokesmen claim"],
    "human rights groups and relatives have reported": ["Amnesty International has reported"],
    "Russia's Investigative Committee Head Alexander Bastrykin said": [
        "Defense Minister Andrei Belousov said"
    ],
    "According to the document": ["According to the Kremlin press service"],
}
COMMENTARY = [
    "The decision underscores the mounting difficulty of sustaining the war effort.",
    "Observers expect the policy to draw thousands of recruits from Central Asia.",
    "This marks a dramatic escalation in efforts to internationalise the army.",
    "Critics argue the measure will further erode public trust in state institutions.",
    "The shift reflects a broader pattern of improvisation in military planning.",
    "Such measures are likely to provoke concern among neighbouring states.",
    "The policy could reshape the composition of frontline units for years to come.",
    "Many experts view the decree as an admission that voluntary enlistment has stalled.",
    "It remains unclear how the new rules will be enforced in practice.",
    "Economists warn that the labour market will feel the consequences.",
]
SYNONYMS = [
    ("signed a decree", "issued a decree"),
    ("permitting foreigners", "allowing foreigners"),
    ("expanding military recruitment efforts", "broadening military recruitment efforts"),
    ("has never been formally rescinded", "has never been formally revoked"),
    ("Previously, it was allowed", "Before this, it was allowed"),
    ("has heavily relied", "has relied heavily"),
    ("currently recruits", "now recruits"),
    ("Putin authorized", "Putin approved"),
    ("pressured into signing", "pushed into signing"),
    ("passed a law", "adopted a law"),
    ("has avoided formally declaring", "has refrained from formally declaring"),
    ("The changes aim to", "The changes are meant to"),
    ("were sent to fight", "were dispatched to fight"),
]


@dataclass
class Rewrite:
    """A rewritten text, its family, and its gold spans (in the rewritten text)."""

    family: str
    text: str
    gold: list[tuple[int, int]] = field(default_factory=list)
    removed: str = ""  # the words the change replaced


def _sentence_at(text: str, at: int) -> tuple[int, int]:
    """The sentence (between full stops or line breaks) around offset ``at``."""
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    ends = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
    return start, min(ends) if ends else len(text)


def _replace(text: str, old: str, new: str, family: str, gold: str) -> Rewrite:
    """Replace the one occurrence of ``old``; gold is the new words or their sentence."""
    at = text.index(old)
    changed = text[:at] + new + text[at + len(old) :]
    span = (at, at + len(new)) if gold == "words" else _sentence_at(changed, at)
    if span[1] <= span[0]:
        span = _sentence_at(changed, max(at - 1, 0))
    return Rewrite(family, changed, [span], old)


def _body(text: str) -> tuple[int, int]:
    """Where the report's body paragraphs are: between the photo credit and the teaser."""
    credit = "(Mikhail Klimentyev / AFP via Getty Images)\n\n"
    return text.index(credit) + len(credit), text.index("\n\nRotterdam port")


def _paraphrase(text: str, rng: random.Random, count: int) -> str:
    for old, new in rng.sample(SYNONYMS, count):
        text = text.replace(old, new, 1)
    return text


def _reorder(text: str, rng: random.Random) -> str:
    start, end = _body(text)
    paragraphs = text[start:end].split("\n\n")
    i, j = rng.sample(range(len(paragraphs)), 2)
    paragraphs.insert(j, paragraphs.pop(i))
    return text[:start] + "\n\n".join(paragraphs) + text[end:]


def _pick(table: dict, text: str, rng: random.Random) -> str:
    return rng.choice(sorted(k for k in table if k in text))


def _change(text: str, family: str, rng: random.Random) -> Rewrite:
    """The one change of ``family``, with its gold span."""
    if family == "figure":
        old = _pick(FIGURES, text, rng)
        edit = _replace(text, old, rng.choice(FIGURES[old]), family, "words")
        if old.startswith(("in ", "said ")):  # the gold span is the figure, not the word before
            a, b = edit.gold[0]
            edit.gold = [(a + len(old.split()[0]) + 1, b)]
        return edit
    if family == "date":
        table = DATES if rng.random() < 0.7 else INVENTED_DATES
        old = _pick(table, text, rng)
        return _replace(text, old, rng.choice(table[old]), family, "words")
    if family == "attribution_dropped":
        old = _pick(DROPPED, text, rng)
        return _replace(text, old, DROPPED[old], family, "sentence")
    if family == "attribution_changed":
        old = _pick(CHANGED, text, rng)
        return _replace(text, old, rng.choice(CHANGED[old]), family, "sentence")
    if family == "commentary":
        start, end = _body(text)
        paragraphs = text[start:end].split("\n\n")
        i = rng.randrange(len(paragraphs) + 1)
        sentence = rng.choice(COMMENTARY)
        at = start + len("\n\n".join(paragraphs[:i])) + (2 if i else 0)
        paragraphs.insert(i, sentence)
        changed = text[:start] + "\n\n".join(paragraphs) + text[end:]
        return Rewrite(family, changed, [(at, at + len(sentence))])
    raise ValueError(f"unknown family {family!r}")


def make_rewrite(text: str, family: str, rng: random.Random) -> Rewrite:
    """One rewrite of ``text`` in ``family``.

    ``reorder`` and ``paraphrase`` make only that change. Every other family makes its change on
    top of background noise, as an AI rewrite would: one or two synonyms swapped, and half the
    time a paragraph moved.
    """
    if family == "reorder":
        return Rewrite(family, _reorder(text, rng))
    if family == "paraphrase":
        return Rewrite(family, _paraphrase(text, rng, rng.randint(2, 4)))
    noisy = _paraphrase(text, rng, rng.randint(1, 2))
    if rng.random() < 0.5:
        noisy = _reorder(noisy, rng)
    return _change(noisy, family, rng)


def _matches(d, span: tuple[int, int]) -> bool:
    return d.start is not None and overlaps((d.start, d.end), span)


def _really_omitted(d, r: Rewrite) -> bool:
    """An omitted parent claim that the change deleted whole."""
    return d.start is None and bool(d.parent_quote) and d.parent_quote in r.removed


def run(package: Path, n: int, seed: int) -> dict:
    """Make ``n`` rewrites (families in turn), suggest on each, and score them."""
    corpus = load_corpus(package)
    text = corpus.texts[ORIGINAL]
    rng = random.Random(seed)
    rewrites = [make_rewrite(text, FAMILIES[i % len(FAMILIES)], rng) for i in range(n)]
    started, cpu = time.perf_counter(), time.process_time()
    suggester = Suggester(corpus)
    baseline = suggester.suggest("perturbed", text)
    results = [suggester.suggest("perturbed", r.text) for r in rewrites]
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    fam = {f: Counter() for f in FAMILIES}
    kinds: dict[str, Counter] = {}
    for r, s in zip(rewrites, results, strict=True):
        c = fam[r.family]
        c["rewrites"] += 1
        c["parent_top1"] += bool(s.parents) and s.parents[0]["source_id"] == ORIGINAL
        c["gold"] += len(r.gold)
        c["candidates"] += len(s.drift)
        c["clean"] += not s.drift
        for span in r.gold:
            hits = [d for d in s.drift if _matches(d, span)]
            c["flagged"] += bool(hits)
            c["recalled"] += any(d.kind in ACCEPTED[r.family] for d in hits)
        for d in s.drift:
            right = d.kind in ACCEPTED[r.family] and any(_matches(d, g) for g in r.gold)
            right = right or _really_omitted(d, r)
            c["true"] += right
            k = kinds.setdefault(d.kind, Counter())
            k["predicted"] += 1
            k["true"] += right
    ratio = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
    return {
        "n": n,
        "seed": seed,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "cpus": os.cpu_count(),
        "baseline_candidates": len(baseline.drift),
        "families": {
            f: {
                "rewrites": c["rewrites"],
                "parent_top1": ratio(c["parent_top1"], c["rewrites"]),
                "recall": ratio(c["recalled"], c["gold"]),
                "flagged": ratio(c["flagged"], c["gold"]),
                "precision": ratio(c["true"], c["candidates"]),
                "candidates_per_rewrite": ratio(c["candidates"], c["rewrites"]),
                "clean_rewrites": ratio(c["clean"], c["rewrites"]),
            }
            for f, c in fam.items()
        },
        "kinds": {
            k: {"predicted": v["predicted"], "precision": ratio(v["true"], v["predicted"])}
            for k, v in sorted(kinds.items())
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path, default=ROOT)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.package, args.n, args.seed)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{result['n']} rewrites in {result['seconds']} s (seed {result['seed']})")
    for f, v in result["families"].items():
        print(f"{f:20} " + "  ".join(f"{k}={x}" for k, x in v.items()))
    for k, v in result["kinds"].items():
        print(f"{k:20} predicted={v['predicted']} precision={v['precision']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
