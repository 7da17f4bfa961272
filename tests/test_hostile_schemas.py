"""Class 11 (and diff's part of class 7): schemas are well formed before any data is checked.

Each defect is a ``structure.descriptor`` problem naming the schema file and the field, exit 2:
never ``internal.error``, never a quoting problem, never a check switched off in silence. diff
reads schemas through the same reader, so the same defects are one line and exit 2 there.
"""

import json

import pytest

from hostile_guard import invoke, one_error_line, problems, releasable, validate_json

pytestmark = pytest.mark.timeout(60)


def _nest(depth):
    return json.loads("[" * depth + "]" * depth)


def _field(schema, name):
    return next(f for f in schema["fields"] if f["name"] == name)


def _deep(s):
    _field(s, "name")["description"] = _nest(200)


def _regex(s):
    _field(s, "country")["constraints"]["pattern"] = "[A-Z"


def _rust_only_invalid(s):
    _field(s, "country")["constraints"]["pattern"] = "(?<=A)B"  # Python compiles, polars not


def _duplicate_field(s):
    s["fields"].append(dict(_field(s, "name")))


def _bool_as_string(s):
    _field(s, "actor_id")["constraints"]["required"] = "yes"


def _enum_not_list(s):
    _field(s, "actor_type")["constraints"]["enum"] = "outlet"


def _length_negative(s):
    _field(s, "name")["constraints"]["minLength"] = -1


def _field_not_object(s):
    s["fields"][1] = "name"


def _unknown_constraint(s):
    _field(s, "name")["constraints"]["maxLenght"] = 3


def _constraints_not_object(s):
    _field(s, "name")["constraints"] = ["required"]


SCHEMA_CASES = {  # (edit of schemas/actors.json, field named, words in the message)
    "deep_nesting": (_deep, None, "deeper than"),
    "invalid_regex": (_regex, "country", "does not compile"),
    "regex_polars_rejects": (_rust_only_invalid, "country", "does not compile"),
    "duplicate_field_name": (_duplicate_field, "name", "declared twice"),
    "required_not_boolean": (_bool_as_string, "actor_id", "true or false"),
    "enum_not_a_list": (_enum_not_list, "actor_type", "non-empty list"),
    "negative_length": (_length_negative, "name", ">= 0"),
    "field_not_an_object": (_field_not_object, None, "field 2"),
    "unknown_constraint": (_unknown_constraint, "name", "not a Table Schema constraint"),
    "constraints_not_object": (_constraints_not_object, "name", "must be an object"),
}
RAW_CASES = {  # schemas/actors.json text edits JSON cannot express
    "nan": (lambda t: t.replace('"minLength": 1', '"minLength": NaN', 1), "NaN"),
    "infinity": (lambda t: t.replace('"minLength": 1', '"minLength": Infinity', 1), "Infinity"),
    "very_deep_nesting": (
        lambda t: t[:-2] + ', "x": ' + "[" * 50_000 + "]" * 50_000 + "}\n",
        "deeper",
    ),
}


def _schema_path(root):
    return root / "schemas" / "actors.json"


def _break(root, case):
    path = _schema_path(root)
    if case in SCHEMA_CASES:
        schema = json.loads(path.read_text(encoding="utf-8"))
        SCHEMA_CASES[case][0](schema)
        path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        broken = RAW_CASES[case][0](text)
        assert broken != text
        path.write_text(broken, encoding="utf-8")


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES) + sorted(RAW_CASES))
def test_a_malformed_schema_is_a_named_descriptor_problem(tmp_path, case):
    root = releasable(tmp_path / "pkg")
    _break(root, case)
    code, report = validate_json(root)
    assert code == 2
    assert not problems(report, "internal.error")
    [hit] = problems(report, "structure.descriptor")
    assert hit["table"] == "schemas/actors.json", hit
    field, words = SCHEMA_CASES[case][1:] if case in SCHEMA_CASES else (None, RAW_CASES[case][1])
    assert hit["field"] == field and words in hit["message"], hit


@pytest.mark.parametrize("case", ["deep_nesting", "very_deep_nesting", "field_not_an_object"])
def test_diff_names_a_malformed_schema_in_one_line(tmp_path, case):
    good = releasable(tmp_path / "good")
    root = releasable(tmp_path / "pkg")
    _break(root, case)
    for args in ([good, root], [root, good], [good, root, "--json"]):
        result = invoke(["diff", *args], 2)
        if "--json" in args:
            assert "schemas/actors.json" in json.loads(result.stdout)["error"]["message"]
        else:
            assert "schemas/actors.json" in one_error_line(result)


def test_diff_grades_a_constraint_that_changes_from_a_number_to_a_string(tmp_path):
    old = releasable(tmp_path / "old")
    new = releasable(tmp_path / "new")
    path = new / "schemas" / "sources.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    field = _field(schema, "text_chars")
    field["type"] = "string"
    field["constraints"]["minimum"] = "1"
    path.write_text(json.dumps(schema), encoding="utf-8")
    result = invoke(["diff", old, new, "--json"], 0)
    changes = json.loads(result.stdout)["schema_changes"]
    assert {("field_retyped", "major"), ("constraint_tightened", "major")} <= {
        (c["kind"], c["bump"]) for c in changes if c["field"] == "text_chars"
    }
