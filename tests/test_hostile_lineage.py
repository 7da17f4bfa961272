"""Class 10: corpus rules are linear; the lineage cycle check finds cycles in O(V + E).

The old transitive closure took 23 s on a chain of 600 sources. The test times a chain ten times
longer and asserts the ratio of the timings (below 20x, where quadratic would be 100x), not an
absolute time, so it holds on any machine.
"""

import time

import polars as pl
import pytest

from claimtrace.metadata import read_package
from claimtrace.tables.typed import ROW
from claimtrace.validation.lineage_graph import lineage_cycle_problems
from claimtrace.validation.reader import TableRead
from hostile_factory import build_package

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def resource(tmp_path_factory):
    return read_package(build_package(tmp_path_factory.mktemp("lineage") / "pkg")).resource(
        "lineage"
    )


def _reads(resource, children, parents):
    n = len(children)
    frame = pl.DataFrame(
        {
            ROW: pl.int_range(2, n + 2, eager=True),
            "source_id": children,
            "parent_source_id": parents,
            "relation": ["based_on"] * n,
        }
    )
    present = ["source_id", "parent_source_id", "relation"]
    return {"lineage": TableRead(resource, typed=frame, present=present)}


def _chain(resource, n, closed=False):
    ids = [f"s{i:06d}" for i in range(n)]
    children, parents = ids[1:], ids[:-1]
    if closed:  # the first source derives from the last: every edge is on one cycle
        children, parents = [*children, ids[0]], [*parents, ids[-1]]
    return _reads(resource, children, parents)


def test_a_long_closed_chain_flags_every_edge_and_an_open_one_none(resource):
    assert lineage_cycle_problems(_chain(resource, 3000)).height == 0
    found = lineage_cycle_problems(_chain(resource, 3000, closed=True))
    assert found.height == 3000
    assert set(found["rule"]) == {"corpus.lineage_acyclic"}


def test_only_edges_on_a_cycle_are_flagged(resource):
    children = ["b", "c", "a", "d", "e"]
    parents = ["a", "b", "c", "c", "d"]  # a <- b <- c <- a is a cycle; d and e hang off it
    found = lineage_cycle_problems(_reads(resource, children, parents))
    assert sorted(found["row"].to_list()) == [2, 3, 4]


def _seconds(reads, repeats=5):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        lineage_cycle_problems(reads)
        best = min(best, time.perf_counter() - start)
    return best


def test_ten_times_more_sources_take_less_than_twenty_times_longer(resource):
    small, large = _chain(resource, 2_000, closed=True), _chain(resource, 20_000, closed=True)
    _seconds(small, 1)  # warm up (imports, polars thread pool)
    ratio = _seconds(large) / _seconds(small)
    assert ratio < 20, f"10x sources took {ratio:.1f}x as long"
