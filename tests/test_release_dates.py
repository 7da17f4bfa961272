"""Typed dates: every EDTF field of a release gets computed earliest/latest date columns."""

import datetime as dt
import json

import polars as pl
import pyarrow.parquet as pq
import pytest

import claimtrace
from claimtrace.dates.bounds import edtf_bounds
from claimtrace.dates.columns import EDTF_FIELDS
from release_corpus import REPO, build_pinned_release, copy_repository

D = dt.date


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("2025-07-08", (D(2025, 7, 8), D(2025, 7, 8))),
        ("2022-09", (D(2022, 9, 1), D(2022, 9, 30))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2024", (D(2024, 1, 1), D(2024, 12, 31))),
        ("2024-22", (D(2024, 6, 1), D(2024, 8, 31))),  # summer
        ("2025/2025-07", (D(2025, 1, 1), D(2025, 7, 31))),
        ("XXXX-07-07", (None, None)),
        ("XXXX-03", (None, None)),
        ("since the invasion began", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_edtf_bounds(value, bounds):
    assert edtf_bounds(value) == bounds


def test_every_field_whose_description_says_edtf_gets_bounds():
    said = set()
    for path in (REPO / "schemas").glob("*.json"):
        for field in json.loads(path.read_text())["fields"]:
            if "EDTF" in field.get("description", "") and field.get("type", "string") == "string":
                said.add((path.stem, field["name"]))
    listed = {(t, f) for t, fields in EDTF_FIELDS.items() for f in fields}
    assert said == listed


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_pinned_release(copy_repository, tmp_path_factory.mktemp("dates"))


def test_the_release_parquet_holds_the_bounds_of_each_value(release):
    tables = claimtrace.load(release)
    for table, fields in EDTF_FIELDS.items():
        frame = tables[table]
        for field in fields:
            got = frame.select(field, f"{field}_earliest", f"{field}_latest").rows()
            assert got, table
            for value, low, high in got:
                assert (low, high) == edtf_bounds(value), (table, field, value)
                if value and value.startswith("XXXX"):
                    assert low is None and high is None
    claims = tables["claims"]
    assert claims.schema["event_date_earliest"] == pl.Date
    ordered = claims.drop_nulls("event_date_earliest").sort("event_date_earliest")
    assert ordered["event_date_earliest"].is_sorted()


def test_the_computed_columns_are_declared_for_the_parquet_resource_only(release):
    dp = json.loads((release / "datapackage.json").read_text())
    by_name = {r["name"]: r for r in dp["resources"]}
    parquet = [f["name"] for f in by_name["claims_parquet"]["schema"]["fields"]]
    csv = [f["name"] for f in by_name["claims"]["schema"]["fields"]]
    assert "event_date_earliest" in parquet and "event_date_earliest" not in csv
    assert pq.read_schema(release / "data/claims.parquet").names == parquet
    dictionary = (REPO / "docs/data-dictionary.md").read_text()
    assert "`event_date_earliest`" in dictionary and "`date_published_latest`" in dictionary
