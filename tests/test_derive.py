"""``claimtrace derive``: the computed proposition fields, written canonically or checked."""

import polars as pl
from typer.testing import CliRunner

from claimtrace.cli import app
from corpus_helpers import ROOT, copy_package

runner = CliRunner()


def test_the_repository_and_the_fixture_are_current(corpus):
    for root in (ROOT, corpus.root):
        result = runner.invoke(app, ["derive", str(root), "--check"])
        assert result.exit_code == 0, result.output
        assert "computed fields are current" in result.stdout


def test_check_lists_every_difference_and_writes_nothing(corpus):
    corpus.set("propositions", "p_spring_conscription", status="corroborated", source_count="5")
    before = corpus.path("propositions").read_bytes()
    result = runner.invoke(app, ["derive", str(corpus.root), "--check"])
    assert result.exit_code == 1
    assert "propositions proposition_id=p_spring_conscription status: corroborated -> echoed" in (
        result.stderr
    )
    assert "proposition_id=p_spring_conscription source_count: 5 -> 2" in result.stderr
    assert "2 computed field(s) differ" in result.stdout
    assert corpus.path("propositions").read_bytes() == before


def test_derive_writes_the_canonical_table(corpus):
    canonical = corpus.path("propositions").read_bytes()
    rows = corpus.rows("propositions")
    for r in rows:
        r.update(status="single_source", source_count="9", origin_count="9")
    corpus.write("propositions", list(reversed(rows)))
    result = runner.invoke(app, ["derive", str(corpus.root)])
    assert result.exit_code == 0, result.output
    assert corpus.path("propositions").read_bytes() == canonical
    again = runner.invoke(app, ["derive", str(corpus.root)])
    assert again.exit_code == 0 and "nothing to write" in again.stdout


def test_a_proposition_without_claims_is_refused_with_nothing_written(tmp_path):
    root = copy_package(tmp_path)
    path = root / "data" / "propositions.csv"
    frame = pl.read_csv(path, infer_schema=False)
    orphan = frame.head(1).with_columns(
        proposition_id=pl.lit("p_aaa_orphan"), status=pl.lit("echoed")
    )
    path.write_text(pl.concat([orphan, frame]).write_csv(line_terminator="\n"))
    before = path.read_bytes()
    result = runner.invoke(app, ["derive", str(root)])
    assert result.exit_code == 1
    assert "proposition_id=p_aaa_orphan: no claim is aligned to it" in result.stderr
    assert path.read_bytes() == before


def test_an_unreadable_package_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["derive", str(tmp_path)])
    assert result.exit_code == 2
    assert "datapackage.json does not exist" in result.stderr
    assert "Traceback" not in result.output
    root = copy_package(tmp_path / "pkg") if (tmp_path / "pkg").mkdir() is None else None
    claims = root / "data" / "claims.csv"
    claims.write_text(claims.read_text().replace("parent_claim_id", "parent", 1))
    result = runner.invoke(app, ["derive", str(root)])
    assert result.exit_code == 2 and "claims" in result.stderr
    assert "Traceback" not in result.output
