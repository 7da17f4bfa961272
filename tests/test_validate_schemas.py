"""Every field of every schema is described, and the generated pandera schema mirrors it exactly."""

import json
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest

from claimtrace.metadata import read_package
from claimtrace.tables.typed import polars_dtype
from claimtrace.validation.pandera_schemas import anchored, pandera_schema

REPO = Path(__file__).resolve().parents[1]
PACKAGE = read_package(REPO)
RESOURCES = list(PACKAGE.resources)


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_every_field_has_a_description_and_a_type(resource):
    raw = json.loads((REPO / resource.descriptor["schema"]).read_text())
    assert raw.get("description")
    for field in raw["fields"]:
        assert field.get("description", "").strip(), f"{resource.name}.{field['name']}"
        assert field.get("type"), f"{resource.name}.{field['name']}"


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_generated_pandera_schema_mirrors_the_table_schema(resource):
    schema, rules = pandera_schema(resource.schema)
    ts = resource.schema
    assert list(schema.columns) == ts.field_names
    for field in ts.fields:
        column = schema.columns[field.name]
        assert column.dtype.type == polars_dtype(field), field.name
        assert column.nullable == (not (field.required or field.name in ts.primary_key))
        c = field.constraints
        expected_rules = {
            f"constraint.{k}"
            for k in (
                "enum",
                "pattern",
                "minLength",
                "maxLength",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
            )
            if k in c
        }
        if field.type == "list":
            expected_rules = set()
        assert {r.rule for r in rules[field.name]} == expected_rules, field.name
        assert len(column.checks) == len(rules[field.name])


def test_patterns_are_full_matches():
    schema = pa.DataFrameSchema(
        {"c": pa.Column(pl.String, pa.Check.str_matches(anchored("[A-Z]{3}")))}
    )
    schema.validate(pl.DataFrame({"c": ["UKR"]}))
    for bad in ["UKRA", "xUKR", "UK"]:
        with pytest.raises(pa.errors.SchemaError):
            schema.validate(pl.DataFrame({"c": [bad]}))
