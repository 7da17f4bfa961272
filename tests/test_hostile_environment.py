"""No environment setting switches a check off or turns a report into a traceback."""

import json
import os
import random

import pytest

from hostile_factory import build_package
from hostile_mutations import bad_date, formula_injection, quote_mismatch, unknown_enum, wrong_type
from hostile_run import validate_subprocess

HOSTILE = {
    "pandera off": {
        "PANDERA_VALIDATION_ENABLED": "False",
        "PANDERA_VALIDATION_DEPTH": "SCHEMA_ONLY",
        "PANDERA_CACHE_DATAFRAME": "True",
        "PANDERA_KEEP_CACHED_DATAFRAME": "True",
    },
    "polars tuned": {
        "POLARS_MAX_THREADS": "1",
        "POLARS_VERBOSE": "1",
        "POLARS_FMT_STR_LEN": "3",
        "POLARS_FMT_MAX_ROWS": "1",
        "POLARS_STREAMING_CHUNK_SIZE": "1",
    },
    "python hostile": {
        "PYTHONWARNINGS": "error",
        "PYTHONIOENCODING": "ascii",
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONHASHSEED": "7",
    },
}
HOSTILE = {
    "pandera off": HOSTILE["pandera off"],
    "all at once": {k: v for env in HOSTILE.values() for k, v in env.items()},
}


def where(stdout: str) -> set[tuple]:
    report = json.loads(stdout)
    return {(p["rule"], p["table"], p["row"], p["field"]) for p in report["problems"]}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A package with a pandera value check, a row rule, a type, a corpus and a cell problem."""
    root = build_package(tmp_path_factory.mktemp("env") / "pkg")
    for i, mutate in enumerate([unknown_enum, wrong_type, bad_date, quote_mismatch]):
        mutate(root, random.Random(i))
    formula_injection(root, random.Random(5))
    baseline = validate_subprocess(root, "--json", "--limit", "0")
    assert baseline.returncode == 1, baseline.stderr
    return root, where(baseline.stdout)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_no_setting_switches_a_check_off(broken, name):
    root, expected = broken
    assert {rule.split(".")[0] for rule, *_ in expected} >= {"constraint", "type", "injection"}
    run = validate_subprocess(root, "--json", "--limit", "0", env=os.environ | HOSTILE[name])
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == 1, run.stderr
    assert where(run.stdout) == expected


def test_text_report_survives_an_ascii_terminal(broken):
    root, _ = broken
    run = validate_subprocess(root, env=os.environ | HOSTILE["all at once"])
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "injection.formula" in run.stdout
