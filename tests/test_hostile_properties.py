"""Property tests: any single mutation of a valid package is caught; random bytes never crash."""

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimtrace.cli import app
from hostile_factory import ROWS, build_package
from hostile_mutations import MUTATIONS
from hostile_run import assert_caught

runner = CliRunner()
BOUNDED = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@BOUNDED
@given(name=st.sampled_from(sorted(MUTATIONS)), rnd=st.randoms(use_true_random=False))
def test_any_single_mutation_is_caught(tmp_path_factory, name, rnd):
    root = build_package(tmp_path_factory.mktemp("mutated") / "pkg")
    assert_caught(root, MUTATIONS[name](root, rnd))


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return build_package(tmp_path_factory.mktemp("fuzz") / "pkg")


TARGETS = [f"data/{t}.csv" for t in sorted(ROWS)] + ["datapackage.json", "schemas/claims.json"]
CSV_LIKE = st.lists(
    st.sampled_from(
        [
            b",",
            b'"',
            b"\n",
            b"\r",
            b"\x00",
            b"\xff",
            b"\xef\xbb\xbf",
            b"a",
            b"1",
            b"=",
            b"-",
            b"claim_id",
            b"source_id",
            b"\xc3\xa9",
            b"e\xcc\x81",
            b" ",
        ]
    ),
    max_size=200,
).map(b"".join)


@BOUNDED
@given(target=st.sampled_from(TARGETS), data=st.one_of(st.binary(max_size=3000), CSV_LIKE))
def test_random_bytes_give_a_clean_error_never_a_traceback(package, target, data):
    path = package / target
    original = path.read_bytes()
    try:
        path.write_bytes(data)
        result = runner.invoke(app, ["validate", str(package), "--json", "--limit", "0"])
    finally:
        path.write_bytes(original)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code in (1, 2), result.output
    report = json.loads(result.output)
    rules = {p["rule"] for p in report["problems"]}
    assert "internal.error" not in rules, report
    tables = {p["table"] for p in report["problems"]}
    if target.startswith("data/"):
        assert target.removeprefix("data/").removesuffix(".csv") in tables, report
    else:
        assert result.exit_code == 2 and report["problems"][0]["rule"] == "structure.descriptor"
        assert target in tables, report


def test_the_fuzzed_package_is_restored(package):
    assert runner.invoke(app, ["validate", str(package)]).exit_code == 0
    shutil.rmtree(package)
