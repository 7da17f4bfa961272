"""The Spark engine runs the whole catalogue and agrees with the default engine (differential test).

Marked ``spark``: ``.ci/run`` installs the ``spark`` extra and runs these in their own step. One
``local[2]`` session serves the module, with one shuffle partition: the corpora are tiny.
"""

from __future__ import annotations

import polars as pl
import pytest

from claimtrace.validation import validate_package
from claimtrace.validation.catalogue import catalogue
from corpus_factory import REPO, build_corpus
from mutations import MUTATIONS

pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.spark

from claimtrace.engines.spark import validate_spark  # noqa: E402
from claimtrace.engines.spark.coverage import COVERAGE, FAMILIES, not_covered  # noqa: E402
from claimtrace.engines.spark.session import spark_session  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    # tiny tables: one shuffle partition and no code generation keep each job short
    for key, value in (
        ("spark.sql.shuffle.partitions", "1"),
        ("spark.sql.adaptive.enabled", "false"),
        ("spark.sql.codegen.wholeStage", "false"),
        ("spark.sql.autoBroadcastJoinThreshold", "-1"),
    ):
        session.conf.set(key, value)
    return session


def _findings(problems: pl.DataFrame) -> set[tuple]:
    """(rule, table, key) of every finding."""
    return set(problems.select("rule", "table", "key").iter_rows())


def test_spark_covers_every_rule_of_the_catalogue():
    ids = {e.rule.id for e in catalogue(REPO / "schemas")}
    assert not_covered(ids) == set()
    assert set(COVERAGE) - ids <= {
        r for f in FAMILIES if f.name == "types and constraints" for r in f.rules
    }  # constraint kinds no schema uses yet are still generated
    assert sum(len(f.rules) for f in FAMILIES) == len(COVERAGE)  # each rule in one family


def test_substring_counts_code_points(spark):
    row = spark.sql("SELECT substring('a😀é€b', 2, 3) AS s, length('a😀é€b') AS n").first()
    assert row.s == "😀é€" and row.n == 5


CI_CASES = {
    # at least one mutation of every coverage family; CI runs these (about 11 s each on
    # local[2]), `pytest -m spark` runs every mutation (the rest are marked slow)
    *("path_dotdot", "missing_file"),  # descriptor and release
    *("not_utf8", "duplicate_header", "extra_cell", "blank_row"),  # byte scan and CSV shape
    *("type_integer", "pattern", "enum", "primary_key", "foreign_key"),  # types, keys
    *("start_before_end", "event_date_season", "ai_rewrite_flag"),  # row rules, calendar
    *("text_sha256", "text_not_nfc", "orphan_text"),  # archived texts
    *("quote", "figure_outside_claim", "claim_id_prefix"),  # spans, ids and figures
    *("claim_id_order", "headline_outside_title"),  # rules of a source
    *("status_echoed_as_corroborated", "lineage_cycle", "parent_claim_missing"),  # semantics
    *("claimant_link_missing", "relation_self", "value_not_the_figure"),
}
CASES = [
    None,
    *(m if m.id in CI_CASES else pytest.param(m, marks=pytest.mark.slow) for m in MUTATIONS),
]


def test_the_ci_cases_are_mutations():
    assert CI_CASES.issubset({m.id for m in MUTATIONS}) and len(CI_CASES) >= 20


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


def test_cli_without_java_is_a_named_problem(tmp_path):
    """No Java: exit 2 and a message naming what is missing, no traceback."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    cli = str(Path(sys.executable).parent / "claimtrace")
    corpus = build_corpus(tmp_path / "corpus")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK", "PYSPARK"))}
    env["JAVA_HOME"] = str(tmp_path / "no-java")  # spark-class runs $JAVA_HOME/bin/java
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.defpath])
    result = subprocess.run(
        [cli, "validate", str(corpus.root), "--engine", "spark"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Java 17" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
