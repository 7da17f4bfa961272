import json

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.release.build import build_release
from claimtrace.release.diff import diff_packages
from claimtrace.release.schema_diff import table_changes
from claimtrace.release.version import Bump
from claimtrace.semantics.derive import derive
from corpus_factory import BY, IND, KI, Corpus
from release_corpus import EPOCH, make_corpus

runner = CliRunner()


@pytest.fixture
def pair(tmp_path, monkeypatch):
    """A release of the corpus and a working copy of the same corpus to change."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    release = build_release(make_corpus(tmp_path / "a"), tmp_path / "dist")
    return release, make_corpus(tmp_path / "b")


def edit_csv(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_schema(root, table, change):
    path = root / "schemas" / f"{table}.json"
    schema = json.loads(path.read_text())
    change(schema)
    path.write_text(json.dumps(schema, indent=2))


def test_identical_corpus_needs_no_bump(pair):
    release, work = pair
    result = diff_packages(release, work)
    assert result.bump is Bump.NONE
    assert result.schema == []
    assert all(not any(d.counts.values()) for d in result.rows.values())


def test_a_corrected_cell_is_a_patch_naming_row_and_field(pair):
    release, work = pair
    edit_csv(work / "data/lineage.csv", ",high,", ",medium,")
    result = diff_packages(release, work)
    assert result.bump is Bump.PATCH
    changed = result.rows["lineage"].changed
    assert changed.height == 1
    assert changed["fields"].to_list() == [["confidence"]]
    assert result.as_dict()["tables"]["lineage"]["changed"][0]["key"].startswith("source_id=")


def test_new_rows_are_minor_and_removed_rows_major(pair):
    release, work = pair
    path = work / "data/actors.csv"
    lines = path.read_text().splitlines(keepends=True)
    new_row = lines[1].replace(lines[1].split(",", 1)[0], "zz_new_actor", 1)
    path.write_text("".join(lines) + new_row)
    result = diff_packages(release, work)
    assert result.bump is Bump.MINOR
    assert result.as_dict()["tables"]["actors"]["added"] == ["actor_id=zz_new_actor"]
    path.write_text("".join(lines[:-1]))
    result = diff_packages(release, work)
    assert result.bump is Bump.MAJOR
    assert result.rows["actors"].counts == {"rows_added": 0, "rows_removed": 1, "rows_changed": 0}


def test_schema_changes_are_graded_by_the_version_recipe(pair):
    release, work = pair

    def tighten(s):
        s["fields"][4]["constraints"]["minLength"] = 5  # lineage.evidence: 1 -> 5

    edit_schema(work, "lineage", tighten)
    result = diff_packages(release, work)
    assert [(c.kind, c.bump) for c in result.schema] == [("constraint_tightened", Bump.MAJOR)]
    assert result.bump is Bump.MAJOR


@pytest.mark.parametrize(
    ("old", "new", "kind", "bump"),
    [
        ({"type": "string"}, {"type": "integer"}, "field_retyped", Bump.MAJOR),
        (
            {"constraints": {"enum": ["a", "b"]}},
            {"constraints": {"enum": ["a"]}},
            "constraint_tightened",
            Bump.MAJOR,
        ),
        (
            {"constraints": {"enum": ["a"]}},
            {"constraints": {"enum": ["a", "b"]}},
            "constraint_loosened",
            Bump.MINOR,
        ),
        ({"constraints": {"required": True}}, {}, "constraint_loosened", Bump.MINOR),
        ({}, {"constraints": {"required": True}}, "constraint_tightened", Bump.MAJOR),
        (
            {"constraints": {"maximum": 5}},
            {"constraints": {"maximum": 9}},
            "constraint_loosened",
            Bump.MINOR,
        ),
        (
            {"constraints": {"pattern": "a+"}},
            {"constraints": {"pattern": "b+"}},
            "constraint_tightened",
            Bump.MAJOR,
        ),
        ({"description": "x"}, {"description": "y"}, "description_changed", Bump.PATCH),
    ],
)
def test_field_changes(old, new, kind, bump):
    changes = table_changes(
        "t", {"fields": [{"name": "f", **old}]}, {"fields": [{"name": "f", **new}]}
    )
    assert [(c.kind, c.bump) for c in changes] == [(kind, bump)]


def test_fields_and_tables_added_removed_or_renamed():
    old = {"fields": [{"name": "a"}, {"name": "b"}]}
    renamed = {"fields": [{"name": "a"}, {"name": "c"}]}
    kinds = {(c.kind, c.field, c.bump) for c in table_changes("t", old, renamed)}
    assert kinds == {("field_removed", "b", Bump.MAJOR), ("field_added", "c", Bump.MINOR)}
    added = {"fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}
    assert [c.bump for c in table_changes("t", old, added)] == [Bump.MINOR]


def test_a_table_added_is_minor_and_its_rows_are_listed(pair):
    release, work = pair
    dp = json.loads((work / "datapackage.json").read_text())
    res = dict(next(r for r in dp["resources"] if r["name"] == "actors"))
    res.update(name="actors_copy", path="data/actors_copy.csv")
    dp["resources"].append(res)
    (work / "datapackage.json").write_text(json.dumps(dp))
    (work / "data/actors_copy.csv").write_bytes((work / "data/actors.csv").read_bytes())
    result = diff_packages(release, work)
    assert result.bump is Bump.MINOR
    assert [c.kind for c in result.schema] == ["table_added"]
    assert (
        result.rows["actors_copy"].counts["rows_added"]
        == result.rows["actors_copy"].added.height
        > 0
    )
    reverse = diff_packages(work, release)
    assert reverse.bump is Bump.MAJOR


def test_cli_prints_text_and_json(pair):
    release, work = pair
    edit_csv(work / "data/lineage.csv", ",high,", ",low,")
    result = runner.invoke(app, ["diff", str(release), str(work)])
    assert result.exit_code == 0, result.output
    assert "required bump: patch" in result.output
    assert "lineage: 0 added, 0 removed, 1 changed" in result.output
    result = runner.invoke(app, ["diff", str(release), str(work), "--json"])
    data = json.loads(result.output)
    assert data["bump"] == "patch"
    assert data["tables"]["lineage"]["rows_changed"] == 1
    result = runner.invoke(app, ["diff", str(release), str(work / "missing")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


# --- the semantic changelog -----------------------------------------------------------------


def split_independent_figure(root) -> None:
    """Align the independent report's "approximately 30,000" to a proposition of its own, as if
    the curators had not yet seen that it states the monthly recruits too: the monthly recruits
    then rest on one origin and its copy. Computed fields are re-derived, as curators do."""
    corpus = Corpus(root)
    corpus.set("claims", f"{IND}.c04", proposition_id="p_us_intelligence_recruits",
               proposition_value="")  # fmt: skip
    props = [
        *corpus.rows("propositions"),
        dict(
            proposition_id="p_us_intelligence_recruits",
            canonical_text="U.S. intelligence reports say Russia recruits about 30,000 a month.",
            topic="recruitment",
            original_claim_id=f"{IND}.c04",
        ),
    ]
    corpus.write("propositions", sorted(props, key=lambda r: r["proposition_id"]))
    assert derive(root).problems == []


def test_semantic_changelog_lists_each_status_change_with_its_claims(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    before = make_corpus(tmp_path / "a", "0.1.0")
    split_independent_figure(before)
    old = build_release(before, tmp_path / "dist")
    new = build_release(make_corpus(tmp_path / "b", "0.2.0"), tmp_path / "dist")
    result = diff_packages(old, new)
    assert result.as_dict()["status_changes"] == [
        {
            "proposition_id": "p_monthly_recruits",
            "old_status": "echoed",
            "new_status": "corroborated",
            "old_claim_ids": [f"{BY}.c01", f"{KI}.c03"],
            "new_claim_ids": [f"{IND}.c04", f"{BY}.c01", f"{KI}.c03"],  # sorted by id
        },
        {
            "proposition_id": "p_us_intelligence_recruits",
            "old_status": "single_source",
            "new_status": "(absent)",
            "old_claim_ids": [f"{IND}.c04"],
            "new_claim_ids": [],
        },
    ]
    text = runner.invoke(app, ["diff", str(old), str(new)])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    at = lines.index("propositions whose status changed: 2")
    assert lines[at + 1 : at + 4] == [
        "  p_monthly_recruits: echoed -> corroborated",
        f"    old claims: {BY}.c01, {KI}.c03",
        f"    new claims: {IND}.c04, {BY}.c01, {KI}.c03",
    ]
    assert "  p_us_intelligence_recruits: single_source -> (absent)" in lines
    shown = runner.invoke(app, ["diff", str(old), str(new), "--limit", "1"]).output
    assert "p_us_intelligence_recruits" not in shown.split("propositions whose status")[1]
    assert "... 1 more propositions (use --json for all)" in shown
    data = json.loads(runner.invoke(app, ["diff", str(old), str(new), "--json"]).output)
    assert data["status_changes"] == result.as_dict()["status_changes"]
    # The reverse diff undoes it; an unchanged corpus has no semantic change at all.
    back = diff_packages(new, old).as_dict()["status_changes"]
    assert [(c["old_status"], c["new_status"]) for c in back] == [
        ("corroborated", "echoed"), ("(absent)", "single_source")
    ]  # fmt: skip
    assert diff_packages(new, new).as_dict()["status_changes"] == []
    assert "status changed" not in diff_packages(new, new).render()
