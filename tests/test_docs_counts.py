"""The counts the README and the CHANGELOG give for the corpus are the counts of its tables.

The CHANGELOG pattern names every status of the 0.2.0 vocabulary, so it matches the newest entry
that states the corpus counts (released entries keep the counts of their own release).
"""

import re
from pathlib import Path

import polars as pl
import pytest

from corpus_helpers import ROOT, copy_package, table, write_table

README = re.compile(
    r"holds (?P<claims>\d+) claims, (?P<figures>\d+) figures, (?P<actors>\d+) actors, "
    r"(?P<claim_actors>\d+) claim-actor\s+links and (?P<propositions>\d+) propositions, "
    r"(?P<conflicting>\d+) of them conflicting\s.*?(?P<corroborated>\d+) corroborated\s.*?"
    r"(?P<echoed>\d+) echoed\s.*?(?P<unsupported>\d+) unsupported\s.*?"
    r"(?P<single_source>\d+) single-source; (?P<multi_origin>\d+) propositions are stated by\s+"
    r"sources of two or more\s+independent origins",
    re.S,
)
CHANGELOG = re.compile(
    r"The curated corpus of the five texts: (?P<claims>\d+) claims .*?(?P<figures>\d+)\s+figures,"
    r"\s+(?P<actors>\d+)\s+actors,\s+(?P<claim_actors>\d+)\s+claim_actors\s+links\s+and\s+"
    r"(?P<propositions>\d+)\s+propositions\s+\((?P<conflicting>\d+)\s+conflicting,\s+"
    r"(?P<unsupported>\d+)\s+unsupported,\s+(?P<corroborated>\d+)\s+corroborated,\s+"
    r"(?P<echoed>\d+)\s+echoed,\s+(?P<single_source>\d+)\s+single-source\)",
    re.S,
)


def counts(root: Path) -> dict[str, int]:
    """Rows per table and propositions per status."""
    found = {
        name: table(root, name).height
        for name in ("claims", "figures", "actors", "claim_actors", "propositions")
    }
    propositions = table(root, "propositions")
    statuses = propositions["status"].value_counts()
    multi = propositions.filter(pl.col("origin_count").cast(pl.Int64) >= 2).height
    return (
        found
        | dict(zip(statuses["status"], statuses["count"], strict=True))
        | {"multi_origin": multi}
    )


def stated(pattern: re.Pattern, path: Path) -> dict[str, int]:
    match = pattern.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} no longer states the corpus counts in the expected words"
    return {k: int(v) for k, v in match.groupdict().items()}


def stale(pattern: re.Pattern, doc: Path, root: Path) -> dict[str, tuple[int, int]]:
    """Each count ``doc`` states that differs from the package at ``root``: (stated, actual)."""
    said, actual = stated(pattern, doc), counts(root)
    return {k: (v, actual.get(k, 0)) for k, v in said.items() if v != actual.get(k, 0)}


@pytest.mark.parametrize("pattern, name", [(README, "README.md"), (CHANGELOG, "CHANGELOG.md")])
def test_stated_counts_are_the_tables_counts(pattern, name):
    assert stale(pattern, ROOT / name, ROOT) == {}


def test_a_new_claim_makes_the_stated_counts_stale(tmp_path):
    root = copy_package(tmp_path)
    claims = table(root, "claims")
    write_table(root, "claims", pl.concat([claims, claims.tail(1)]))
    n = claims.height
    assert stale(README, ROOT / "README.md", root) == {"claims": (n, n + 1)}
    assert stale(CHANGELOG, ROOT / "CHANGELOG.md", root) == {"claims": (n, n + 1)}


def test_a_changed_status_or_origin_count_makes_the_readme_stale(tmp_path):
    root = copy_package(tmp_path)
    props = table(root, "propositions")
    one = props.filter(pl.col("status") == "single_source")["proposition_id"][0]
    hit = pl.col("proposition_id") == one
    write_table(
        root,
        "propositions",
        props.with_columns(
            status=pl.when(hit).then(pl.lit("echoed")).otherwise(pl.col("status")),
            origin_count=pl.when(hit).then(pl.lit("2")).otherwise(pl.col("origin_count")),
        ),
    )
    said = stale(README, ROOT / "README.md", root)
    assert set(said) == {"single_source", "echoed", "multi_origin"}
    assert said["multi_origin"][1] == said["multi_origin"][0] + 1
