"""One case per class of broken or hostile input: each fails with table, row and field named."""

import random

import pytest

from hostile_factory import build_package
from hostile_mutations import MUTATIONS
from hostile_run import assert_caught, validate


def test_the_fixture_package_is_valid(tmp_path):
    code, report, out = validate(build_package(tmp_path / "pkg"))
    assert code == 0, out
    assert report["valid"] and report["problems"] == []


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_class_of_bad_input_is_caught(tmp_path, name):
    root = build_package(tmp_path / "pkg")
    want = MUTATIONS[name](root, random.Random(0))
    assert_caught(root, want)
