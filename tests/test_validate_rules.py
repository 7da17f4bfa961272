"""One failing fixture per rule: break exactly one thing, expect exit 1 and the right place."""

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.validation import validate_package
from mutations import MUTATIONS, Mutation

runner = CliRunner()


def test_the_fixture_corpus_is_valid(corpus):
    report = validate_package(corpus.root)
    assert report.valid, report.to_text()
    assert report.exit_code == 0


def _matches(problems: pl.DataFrame, expect) -> pl.DataFrame:
    hit = problems.filter(
        (pl.col("table") == expect.table)
        & (pl.col("rule") == expect.rule)
        & (pl.col("row").is_null() if expect.row is None else pl.col("row") == expect.row)
    )
    if expect.field is not None:
        hit = hit.filter(pl.col("field") == expect.field)
    return hit


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_each_broken_rule_is_reported_at_its_place(corpus, mutation: Mutation):
    expect = mutation.apply(corpus)
    report = validate_package(corpus.root)
    assert report.exit_code == 1, report.to_text()
    hit = _matches(report.problems, expect)
    assert hit.height >= 1, f"expected {expect}, got:\n{report.to_text()}"
    assert hit["message"].str.len_chars().min() > 10
    if expect.row is not None and expect.row > 1 and expect.rule != "structure.blank_row":
        assert hit["key"].null_count() == 0, "a row problem names the row's primary key"


@pytest.mark.parametrize(
    "mutation",
    [m for m in MUTATIONS if m.id in {"enum", "type_integer", "quote", "extra_cell"}],
    ids=lambda m: m.id,
)
def test_cli_names_table_row_and_field(corpus, mutation: Mutation):
    expect = mutation.apply(corpus)
    text = runner.invoke(app, ["validate", str(corpus.root)])
    assert text.exit_code == 1
    assert f"{expect.table} row {expect.row}" in text.output
    assert f"[{expect.rule}]" in text.output
    if expect.field:
        assert f"field {expect.field}" in text.output
    as_json = runner.invoke(app, ["validate", str(corpus.root / "datapackage.json"), "--json"])
    assert as_json.exit_code == 1
    doc = json.loads(as_json.output)
    assert doc["valid"] is False
    assert doc["counts"]["total"] == len(doc["problems"]) + doc["not_shown"]
    assert any(
        p["table"] == expect.table and p["row"] == expect.row and p["rule"] == expect.rule
        for p in doc["problems"]
    )


def test_wrong_typed_cell_does_not_stop_other_checks(corpus):
    k1 = "kyivindependent_decree.c01"
    corpus.set("claims", k1, start="12a", claim_type="rumour")
    corpus.set("figures", "kyivindependent_decree.f01", low="50000")
    rules = set(validate_package(corpus.root).problems["rule"])
    assert {"type.integer", "constraint.enum", "row.low_le_high"} <= rules
    # the unparsable start is a type problem only, not also "required" or a row rule
    assert "constraint.required" not in rules


def test_unsafe_paths_are_never_opened(corpus, monkeypatch):
    opened = []
    real = type(corpus.root).read_bytes

    def spy(self):
        opened.append(str(self))
        return real(self)

    d = corpus.descriptor
    d["resources"][0]["path"] = "../../outside.csv"
    (corpus.root / "datapackage.json").write_text(json.dumps(d))
    monkeypatch.setattr(type(corpus.root), "read_bytes", spy)
    report = validate_package(corpus.root)
    assert "structure.unsafe_path" in set(report.problems["rule"])
    assert not any("outside" in p for p in opened)


def test_unreadable_descriptor_exits_2(corpus):
    (corpus.root / "datapackage.json").write_text("{not json")
    report = validate_package(corpus.root)
    assert report.exit_code == 2 and not report.readable
    result = runner.invoke(app, ["validate", str(corpus.root)])
    assert result.exit_code == 2
    assert "not valid JSON" in result.output
    assert "Traceback" not in result.output


def test_limit_counts_problems_not_shown(corpus):
    rows = corpus.rows("claims")
    for r in rows:
        r["claim_type"] = "rumour"
    corpus.write("claims", rows)
    report = validate_package(corpus.root)
    assert report.problems.height == len(rows)
    doc = report.to_dict(limit=3)
    assert len(doc["problems"]) == 3 and doc["not_shown"] == len(rows) - 3
    assert f"{len(rows) - 3} more problem(s) not shown" in report.to_text(limit=3)


def test_pandera_runs_even_when_disabled_by_the_environment(corpus, monkeypatch):
    import subprocess
    import sys

    corpus.set("claims", "kyivindependent_decree.c01", claim_type="rumour")
    env = {"PANDERA_VALIDATION_ENABLED": "False"}
    code = (
        "from claimtrace.validation import validate_package;import sys;"
        "r=validate_package(sys.argv[1]);print(sorted(set(r.problems['rule'])))"
    )
    import os

    out = subprocess.run(
        [sys.executable, "-c", code, str(corpus.root)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    assert "constraint.enum" in out.stdout
