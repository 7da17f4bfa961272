"""Classes 1 and 4: one resource list, one reader, for validate, release, report, diff and load.

A resource validate would skip (format null or empty, type or name missing or not a string) or a
list it would check differently from release (the same name twice, a key written twice, no
resources, a key naming an undeclared field) is a named ``structure.descriptor`` problem, exit 2,
for every command; release ships the cells validation checked, never a second read.
"""

import json

import pytest

from hostile_guard import invoke, one_error_line, problems, releasable, validate_json

pytestmark = pytest.mark.timeout(60)


def _descriptor(root):
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def _write(root, desc):
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")


def _set(key, value):
    def edit(desc):
        desc["resources"][1][key] = value

    return edit


def _drop(key):
    def edit(desc):
        del desc["resources"][1][key]

    return edit


def _duplicate_name(desc):
    desc["resources"][2]["name"] = desc["resources"][1]["name"]


def _duplicate_path(desc):
    desc["resources"][2]["path"] = desc["resources"][1]["path"]


def _no_resources(desc):
    desc["resources"] = []


def _resources_not_a_list(desc):
    desc["resources"] = {"name": "sources"}


RESOURCE_CASES = {
    "format_null": (_set("format", None), "format"),
    "format_empty": (_set("format", ""), "format"),
    "format_number": (_set("format", 1), "format"),
    "format_missing": (_drop("format"), "format"),
    "type_missing": (_drop("type"), "type"),
    "type_list": (_set("type", ["table"]), "type"),
    "name_missing": (_drop("name"), "name"),
    "name_number": (_set("name", 7), "name"),
    "path_list": (_set("path", ["data/a.csv", "data/b.csv"]), "path"),
    "path_missing": (_drop("path"), "path"),
    "duplicate_name": (_duplicate_name, "name"),
    "duplicate_path": (_duplicate_path, "path"),
    "no_resources": (_no_resources, None),
    "resources_not_a_list": (_resources_not_a_list, None),
    "csv_not_a_table": (_set("type", "text"), "type"),
}


def _broken(tmp_path, edit):
    root = releasable(tmp_path / "pkg")
    desc = _descriptor(root)
    edit(desc)
    _write(root, desc)
    return root


@pytest.mark.parametrize("case", sorted(RESOURCE_CASES))
def test_a_malformed_resource_list_is_a_named_descriptor_problem(tmp_path, case):
    edit, field = RESOURCE_CASES[case]
    root = _broken(tmp_path, edit)
    code, report = validate_json(root)
    assert code == 2 and not report["valid"] and report["error"]["message"]
    [hit] = problems(report, "structure.descriptor")
    assert hit["table"] == "datapackage.json" and hit["field"] == field, hit


@pytest.mark.parametrize("case", ["format_null", "duplicate_name", "no_resources"])
def test_release_report_diff_and_load_refuse_the_same_resource_list(tmp_path, case):
    root = _broken(tmp_path, RESOURCE_CASES[case][0])
    out = tmp_path / "dist"
    release = invoke(["release", root, "--out", out], env={"SOURCE_DATE_EPOCH": "1751976000"})
    assert release.exit_code == 2 and "datapackage.json" in one_error_line(release)
    assert not out.exists()
    assert "datapackage.json" in one_error_line(invoke(["report", root], 2))
    good = releasable(tmp_path / "good")
    assert "datapackage.json" in one_error_line(invoke(["diff", good, root], 2))
    from claimtrace import load
    from claimtrace.release.errors import ReleaseError

    with pytest.raises(ReleaseError, match=r"datapackage\.json"):
        load(root)


def test_a_key_written_twice_in_one_resource_is_refused(tmp_path):
    root = releasable(tmp_path / "pkg")
    text = (root / "datapackage.json").read_text(encoding="utf-8")
    doubled = text.replace('"format": "csv"', '"format": "parquet", "format": "csv"', 1)
    assert doubled != text
    (root / "datapackage.json").write_text(doubled, encoding="utf-8")
    code, report = validate_json(root)
    assert code == 2
    assert "appears twice" in problems(report, "structure.descriptor")[0]["message"]


KEY_CASES = {
    "primary_key_undeclared": ("actors", lambda s: s.update(primaryKey=["actor_no"]), "actor_no"),
    "foreign_key_undeclared": (
        "claims",
        lambda s: s["foreignKeys"][0].update(fields="no_such_field"),
        "no_such_field",
    ),
    "reference_undeclared": (
        "claims",
        lambda s: s["foreignKeys"][0]["reference"].update(fields="no_such_field"),
        None,
    ),
    "reference_count": (
        "claims",
        lambda s: s["foreignKeys"][0]["reference"].update(fields=["a", "b"]),
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(KEY_CASES))
def test_a_key_naming_an_undeclared_field_stops_validation_and_release(tmp_path, case):
    table, edit, field = KEY_CASES[case]
    root = releasable(tmp_path / "pkg")
    path = root / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    edit(schema)
    path.write_text(json.dumps(schema), encoding="utf-8")
    code, report = validate_json(root)
    assert code == 2
    [hit] = problems(report, "structure.descriptor")
    assert hit["table"] == f"schemas/{table}.json"
    if field:
        assert hit["field"] == field
    out = tmp_path / "dist"
    release = invoke(["release", root, "--out", out], env={"SOURCE_DATE_EPOCH": "1751976000"})
    assert release.exit_code == 2 and f"schemas/{table}.json" in release.stderr
    assert not out.exists()


def _tamper_after_validation(tmp_path, monkeypatch, tamper):
    """A releasable package whose files ``tamper(root)`` changes once validation has read them."""
    import claimtrace.release.build as build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751976000")
    root = releasable(tmp_path / "pkg")
    real = build.validate_and_read

    def validate_then_tamper(path):
        checked = real(path)
        tamper(root)
        return checked

    monkeypatch.setattr(build, "validate_and_read", validate_then_tamper)
    return root


def _inject_formula(root):
    actors = root / "data" / "actors.csv"
    actors.write_bytes(actors.read_bytes().replace(b"A news outlet.", b"=cmd|' /C calc'!A0"))


def _forge_text(root):
    (root / "data" / "texts" / "alpha_report.txt").write_text("Forged.\n", encoding="utf-8")


def test_release_ships_the_cells_validation_checked_not_a_second_read(tmp_path, monkeypatch):
    """A table changed on disk after validation read it never reaches the release."""
    from claimtrace.release.build import build_release

    root = _tamper_after_validation(tmp_path, monkeypatch, _inject_formula)
    shipped = (build_release(root, tmp_path / "dist") / "data" / "actors.csv").read_bytes()
    assert b"A news outlet." in shipped and b"cmd|" not in shipped


def test_release_refuses_a_text_changed_after_validation(tmp_path, monkeypatch):
    from claimtrace.release.build import build_release
    from claimtrace.release.errors import ReleaseError

    root = _tamper_after_validation(tmp_path, monkeypatch, _forge_text)
    with pytest.raises(ReleaseError, match=r"alpha_report\.txt changed after validation"):
        build_release(root, tmp_path / "dist")
    assert not (tmp_path / "dist").exists()
