"""A release explains itself: a dataset card from the data, the docs, Parquet metadata."""

import json

import polars as pl
import pyarrow.parquet as pq
import pytest

from release_corpus import REPO, all_bytes, build_pinned_release, copy_repository


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_pinned_release(copy_repository, tmp_path_factory.mktemp("card"))


def test_the_release_carries_the_codebook_dictionary_and_validation_rules(release):
    for doc in (
        "docs/CODEBOOK.md",
        "docs/data-dictionary.md",
        "docs/VALIDATION.md",
        "docs/agreement.md",
    ):
        assert (release / doc).read_bytes() == (REPO / doc).read_bytes()


def test_the_dataset_card_counts_the_rows_of_every_table(release):
    card = (release / "README.md").read_text()
    for path in (release / "data").glob("*.csv"):
        rows = pl.read_csv(path, infer_schema=False).height
        assert f"| `{path.stem}` | {rows} |" in card
    texts = len(list((release / "data/texts").glob("*.txt")))
    assert f"Plus {texts} archived texts" in card
    for heading in ("## Loading", "## Licences", "## How to cite", "## Known limitations"):
        assert heading in card
    assert "```r" in card and "```sql" in card and "claimtrace.load(" in card
    assert "CC-BY-4.0" in card
    unknown = pl.read_csv(release / "data/claims.csv", infer_schema=False)["event_date"]
    assert f"{unknown.str.starts_with('XXXX').sum()} `claims.event_date` value(s)" in card


def test_parquet_files_carry_their_table_schema_descriptions_version_and_licence(release):
    dp = json.loads((release / "datapackage.json").read_text())
    for res in dp["resources"]:
        if res.get("format") != "parquet":
            continue
        schema = pq.read_schema(release / res["path"])
        meta = {k.decode(): v.decode() for k, v in schema.metadata.items()}
        assert meta["claimtrace:version"] == dp["version"]
        assert meta["claimtrace:license"] == "CC-BY-4.0"
        assert json.loads(meta["claimtrace:table_schema"]) == res["schema"]
        assert meta["claimtrace:description"] == res["schema"]["description"]
        for field in res["schema"]["fields"]:
            got = schema.field(field["name"]).metadata or {}
            described = got.get(b"description", b"").decode()
            # the descriptor may add a note for frictionless (list fields); the text is the same
            assert described and field["description"].startswith(described), field["name"]


def test_the_release_bytes_stay_deterministic_with_metadata(release, tmp_path):
    again = build_pinned_release(copy_repository, tmp_path)
    assert all_bytes(again) == all_bytes(release)
