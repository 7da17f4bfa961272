"""Walk every table and field of every schema and hold it to docs/naming-conventions.md."""

import json
import re
from pathlib import Path

import pytest

from claimtrace.metadata import read_package
from claimtrace.texts_table.schema import texts_table_schema

ROOT = Path(__file__).resolve().parents[1]
SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
PACKAGE = read_package(ROOT)
TEXTS = texts_table_schema(PACKAGE.resource("sources").schema_descriptor)
FIELDS = [(r.name, f) for r in PACKAGE.resources for f in r.schema.fields]
FIELDS += [("texts", f) for f in TEXTS.fields]  # the Parquet layout's texts table


def test_every_schema_file_is_a_resource_and_every_resource_has_one():
    files = {p.stem for p in (ROOT / "schemas").glob("*.json")}
    assert files == set(PACKAGE.resource_names)
    for r in PACKAGE.resources:
        assert r.descriptor["schema"] == f"schemas/{r.name}.json"
        assert r.path == f"data/{r.name}.csv"


@pytest.mark.parametrize(("table", "field"), FIELDS, ids=[f"{t}.{f.name}" for t, f in FIELDS])
def test_field_is_named_titled_and_described(table, field):
    assert SNAKE.fullmatch(field.name), f"{table}.{field.name} is not snake_case"
    assert field.title, f"{table}.{field.name} has no title"
    assert len(field.description) >= 20, f"{table}.{field.name} needs a real description"
    assert field.description.rstrip().endswith((".", ")")), f"{table}.{field.name} description"
    for value in field.enum or []:
        assert SNAKE.fullmatch(value) or re.fullmatch(r"P1[DWMY]", value), (table, value)


@pytest.mark.parametrize("resource", PACKAGE.resources, ids=PACKAGE.resource_names)
def test_keys_follow_the_id_conventions(resource):
    schema = resource.schema
    assert SNAKE.fullmatch(resource.name)
    assert schema.title and schema.description
    assert schema.primary_key, f"{resource.name} has no primary key"
    if len(schema.primary_key) == 1:
        (key,) = schema.primary_key
        assert key.endswith("_id") and resource.name.startswith(key.removesuffix("_id"))
        assert schema.field(key).required and schema.field(key).unique
    fk_fields = {f for fk in schema.foreign_keys for f in fk.fields}
    id_fields = {f.name for f in schema.fields if f.name.endswith("_id")}
    own = set(schema.primary_key) if len(schema.primary_key) == 1 else set()
    assert fk_fields == id_fields - own, f"{resource.name}: _id fields and foreign keys differ"
    for fk in schema.foreign_keys:
        target = PACKAGE.resource(fk.resource).schema
        assert tuple(fk.reference_fields) == target.primary_key


def test_schemas_are_canonical_json():
    for path in (ROOT / "schemas").glob("*.json"):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        assert descriptor["$schema"].startswith("https://datapackage.org/profiles/2.0/")


def test_the_texts_table_follows_the_key_conventions():
    assert TEXTS.primary_key == ("source_id",)
    assert TEXTS.title and TEXTS.description
    assert TEXTS.field("source_id").required and TEXTS.field("source_id").unique
