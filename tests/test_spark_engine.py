"""The Spark engine agrees with the default engine on the rules it runs (differential test).

Marked ``spark``: ``.ci/run`` installs the ``spark`` extra and runs these in their own step.
"""

from __future__ import annotations

import polars as pl
import pytest

from claimtrace.validation import validate_package
from claimtrace.validation.catalogue import CONSTRAINTS, TYPES, catalogue
from corpus_factory import REPO, build_corpus
from mutations import MUTATIONS

pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.spark

from claimtrace.engines.spark import validate_spark  # noqa: E402
from claimtrace.engines.spark.coverage import NATIVE, SHARED  # noqa: E402
from claimtrace.engines.spark.session import spark_session  # noqa: E402

COMPARED = NATIVE | SHARED


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    # tiny tables: one shuffle partition and no code generation keep each job short
    for key, value in (
        ("spark.sql.shuffle.partitions", "1"),
        ("spark.sql.adaptive.enabled", "false"),
        ("spark.sql.codegen.wholeStage", "false"),
    ):
        session.conf.set(key, value)
    return session


def _findings(problems: pl.DataFrame) -> set[tuple]:
    """(rule, table, key) of every finding of a rule both engines run."""
    rows = problems.filter(pl.col("rule").is_in(list(COMPARED))).select("rule", "table", "key")
    return set(rows.iter_rows())


def test_coverage_names_only_catalogued_rules():
    ids = {e.rule.id for e in catalogue(REPO / "schemas")}
    ids |= {f"constraint.{c}" for c in CONSTRAINTS} | {f"type.{t}" for t in TYPES}
    assert ids >= NATIVE and ids >= SHARED
    assert not NATIVE & SHARED


def test_substring_counts_code_points(spark):
    row = spark.sql("SELECT substring('a😀é€b', 2, 3) AS s, length('a😀é€b') AS n").first()
    assert row.s == "😀é€" and row.n == 5


def _differential_cases():
    chosen = [m for m in MUTATIONS if _expected_rule(m) in COMPARED]
    return [None, *chosen]


def _expected_rule(mutation) -> str | None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        return mutation.apply(build_corpus(Path(tmp) / "c")).rule


CASES = _differential_cases()


def test_at_least_twenty_mutations_are_compared():
    assert len([c for c in CASES if c is not None]) >= 20


@pytest.mark.parametrize("mutation", CASES, ids=lambda m: "curated" if m is None else m.id)
def test_spark_reports_what_the_default_engine_reports(spark, tmp_path, mutation):
    corpus = build_corpus(tmp_path / "corpus")
    expected_rule = None if mutation is None else mutation.apply(corpus).rule
    default = _findings(validate_package(corpus.root).problems)
    on_spark = _findings(validate_spark(corpus.root).problems)
    assert on_spark == default
    if expected_rule is not None:  # the comparison is never between two empty sets
        assert expected_rule in {rule for rule, _, _ in on_spark}


def test_the_working_corpus_is_valid_on_spark(spark):
    report = validate_spark(REPO)
    assert report.valid, report.to_text(20)


def test_cli_engine_spark_reports_a_broken_corpus(spark, tmp_path):
    from typer.testing import CliRunner

    from claimtrace.cli import app

    corpus = build_corpus(tmp_path / "corpus")
    corpus.set("claims", "kyivindependent_decree.c01", claim_type="rumour")
    result = CliRunner().invoke(app, ["validate", str(corpus.root), "--engine", "spark"])
    assert result.exit_code == 1, result.output
    assert "constraint.enum" in result.output
