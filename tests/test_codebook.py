"""docs/CODEBOOK.md teaches by invented examples only: it names no source, claim, figure,
proposition or actor of the corpus, so no contestable row becomes a rule by being cited."""

import re
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
CODEBOOK = REPO / "docs" / "CODEBOOK.md"


def _corpus_ids() -> set[str]:
    data = REPO / "data"
    ids: set[str] = set()
    for table, key in [
        ("sources", "source_id"),
        ("claims", "claim_id"),
        ("figures", "figure_id"),
        ("propositions", "proposition_id"),
        ("actors", "actor_id"),
    ]:
        ids |= set(pl.read_csv(data / f"{table}.csv", columns=[key], infer_schema=False)[key])
    # A one-word actor id ("russia", "nato") is an ordinary word of prose; ids with an underscore
    # or a dot are never written by chance.
    return {i for i in ids if "_" in i or "." in i}


def test_codebook_cites_no_corpus_id():
    text = CODEBOOK.read_text(encoding="utf-8")
    cited = sorted(
        i for i in _corpus_ids() if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w])", text)
    )
    assert not cited, f"docs/CODEBOOK.md cites corpus ids (use invented examples): {cited}"


def test_codebook_answers_every_critical_and_major_finding():
    text = CODEBOOK.read_text(encoding="utf-8")
    section = text.split("## 12. Audit findings rejected or handled differently", 1)
    assert len(section) == 2, "the codebook has no section on the audit findings"
    for finding in [f"C-0{i}" for i in range(1, 10)] + [f"M-0{i}" for i in range(1, 9)]:
        assert re.search(rf"^\| {finding}\b", section[1], re.M), f"{finding} is not answered"
