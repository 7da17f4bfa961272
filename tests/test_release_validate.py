"""`claimtrace validate` reads a release as well as the working corpus."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from release_corpus import build_pinned_release, copy_repository

runner = CliRunner()


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_pinned_release(copy_repository, tmp_path_factory.mktemp("validate_release"))


def test_a_release_validates(release):
    result = runner.invoke(app, ["validate", str(release)])
    assert result.exit_code == 0, result.output


def test_a_tampered_release_quote_is_caught(release, tmp_path):
    copy = tmp_path / "rel"
    shutil.copytree(release, copy)
    claims = copy / "data" / "claims.csv"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "signed a decree on July 7", "signed a decree on July 8", 1
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(copy), "--json"])
    assert result.exit_code == 1
    rules = {(p["table"], p["field"], p["rule"]) for p in json.loads(result.output)["problems"]}
    assert ("claims", "quote", "corpus.quote_matches_text") in rules


def test_a_release_file_outside_the_package_is_refused(release, tmp_path):
    copy = tmp_path / "rel"
    shutil.copytree(release, copy)
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    parquet = next(r for r in descriptor["resources"] if r.get("format") == "parquet")
    parquet["path"] = "../../claims.parquet"
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(copy)])
    assert result.exit_code == 2
    assert "climbs out of the package" in result.output
