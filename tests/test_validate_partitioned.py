"""Partitioned validation reports exactly what whole validation reports, in bounded pieces.

The fixture corpus gets two replicas under fresh ids (``scripts/scale_corpus.py``), so it has
several connected components; partitions of a quarter of the package and chunks of a few kB
put partition and chunk boundaries where a mutation can straddle them.
"""

from __future__ import annotations

import importlib.util
import random
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.metadata import read_package
from claimtrace.texts_table.convert import convert_to_parquet
from claimtrace.validation import validate_package
from claimtrace.validation.encoding import Place, scan_table
from claimtrace.validation.partitioned import plan, run
from claimtrace.validation.partitioned.chunks import chunks_of, record_chunks
from claimtrace.validation.reader import read_records, read_resource
from claimtrace.validation.structure import read_descriptor
from claimtrace.validation.validate import validate_and_read
from corpus_factory import REPO, Corpus, build_corpus
from hostile_factory import build_package
from hostile_mutations import MUTATIONS as HOSTILE
from mutations import MUTATIONS, Mutation
from test_texts_parquet import SMALL_PARTS, TEXT_MUTATIONS

_spec = importlib.util.spec_from_file_location("scale_corpus", REPO / "scripts/scale_corpus.py")
scale_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scale_corpus)


def _replicate(dest: Path, copies: int) -> Corpus:
    """Build the fixture corpus in ``dest`` with ``copies`` replicas appended (actors once)."""
    corpus = build_corpus(dest)
    rep = dest.parent / f"{dest.name}-replicas"
    scale_corpus.build(rep, copies * len(corpus.rows("claims")), src=dest)
    for res in corpus.descriptor["resources"]:
        if res["name"] == "actors":
            continue
        body = (rep / res["path"]).read_bytes().split(b"\n", 1)[1]
        with open(dest / res["path"], "ab") as fh:
            fh.write(body)
    for text in (rep / "data/texts").iterdir():
        shutil.copy2(text, dest / "data/texts" / text.name)
    shutil.rmtree(rep)
    return corpus


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[int, Path]:
    """Replicated corpora built once per module, copied by each test (one and two replicas)."""
    base = tmp_path_factory.mktemp("replicated")
    return {n: _replicate(base / f"x{n}", n).root for n in (1, 2)}


@pytest.fixture
def replicated(templates, tmp_path):
    """``replicated(dest, copies)``: a fresh copy of the replicated corpus at ``dest``."""

    def make(dest: Path, copies: int = 2) -> Corpus:
        shutil.copytree(templates[copies], dest)
        return Corpus(dest)

    return make


def _sorted(problems: pl.DataFrame) -> pl.DataFrame:
    return problems.sort(problems.columns, nulls_last=True)


def _both(root: Path, chunk: int = 4096) -> tuple[pl.DataFrame, pl.DataFrame]:
    whole = validate_and_read(root)[0].problems
    package, _ = read_descriptor(root)
    assert package is not None
    size = max(1, run.csv_bytes(package) // 4)  # a few partitions, each of whole components
    parts = run.validate_partitioned(package, size=size, chunk=chunk).problems
    return _sorted(whole), _sorted(parts)


@pytest.fixture
def counted(monkeypatch) -> list[int]:
    """The number of partitions of every partitioned run in the test."""
    seen: list[int] = []
    original = plan.Planner.partitions

    def spy(self, size):
        found = original(self, size)
        seen.append(found[1])
        return found

    monkeypatch.setattr(plan.Planner, "partitions", spy)
    return seen


def test_a_clean_corpus_splits_into_components_and_stays_valid(tmp_path, counted, replicated):
    replicated(tmp_path / "pkg")
    whole, parts = _both(tmp_path / "pkg")
    assert whole.height == 0 and parts.height == 0
    assert counted and counted[0] >= 3  # the fixture's own components and two replicas


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.id)
def test_every_mutation_is_reported_as_whole_validation_reports_it(
    tmp_path, replicated, mutation: Mutation
):
    corpus = replicated(tmp_path / "pkg")
    expect = mutation.apply(corpus)
    whole, parts = _both(corpus.root)
    assert parts.equals(whole)
    assert parts.filter((pl.col("rule") == expect.rule) & (pl.col("table") == expect.table)).height


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_read_in_tiny_chunks_gives_the_same_report(tmp_path, name):
    build_package(tmp_path)
    HOSTILE[name](tmp_path, random.Random(7))
    if read_descriptor(tmp_path)[0] is None:
        pytest.skip("the descriptor itself is refused before any partition")
    whole, parts = _both(tmp_path, chunk=64)
    assert parts.equals(whole)


def test_chunks_of_a_file_read_as_the_whole_file_reads(tmp_path):
    corpus = build_corpus(tmp_path / "pkg")
    key = corpus.rows("claims")[3]["claim_id"]
    corpus.set("claims", key, drift_note='spans\nthree "lines"\nhere')
    package = read_package(corpus.root)
    for resource in package.resources:
        whole = read_resource(package, resource, scanned=True)
        for size in (64, 700, 1 << 20):
            reads = [
                read_records(resource, raw, [], offset=offset)
                for raw, offset in record_chunks(corpus.root / resource.path, size)
            ]
            assert pl.concat([r.typed for r in reads]).equals(whole.typed)
            assert pl.concat([r.moved_lines for r in reads]).equals(whole.moved_lines)
            # cut where the byte scan found each chunk's first record
            _, cuts = scan_table(corpus.root / resource.path, Place(resource.name, ""), size)
            cut = list(chunks_of(corpus.root / resource.path, cuts))
            assert len(cut) > 1 or size > 64 or cuts.height <= 2
            reads = [read_records(resource, raw, [], offset=offset) for raw, offset in cut]
            assert pl.concat([r.typed for r in reads]).equals(whole.typed)
            assert pl.concat([r.moved_lines for r in reads]).equals(whole.moved_lines)
    claims = read_resource(package, package.resource("claims"), scanned=True)
    assert claims.moved_lines.height  # the rows below the note start lines further down


def test_nodes_come_from_the_schemas():
    package = read_package(REPO)
    broadcast = plan.broadcast_tables(package)
    assert broadcast == {"actors"}
    spaces = {n.space for n in plan.nodes(package.resource("claims"), broadcast)}
    assert spaces == {
        "claims(claim_id)",
        "sources(source_id)",
        "propositions(proposition_id)",
    }
    links = plan.nodes(package.resource("claim_actors"), broadcast)
    assert [n.space for n in links] == ["claims(claim_id)"]  # its key repeats with its claim


def test_an_empty_reference_joins_nothing():
    claims = pl.DataFrame(
        {"claim_id": ["a.c01", "b.c01"], "source_id": ["a", "b"], "parent_claim_id": [None, None]}
    )
    node_list = [
        plan.Node(("claim_id",), "claims(claim_id)"),
        plan.Node(("source_id",), "sources(source_id)"),
        plan.Node(("parent_claim_id",), "claims(claim_id)"),
    ]
    planner = plan.Planner()
    anchor, edges = plan.anchor_and_edges(claims, node_list)
    planner.add(anchor, edges, 1.0)
    lookup, count = planner.partitions(1)
    assert count == 2 and len(set(lookup.parts)) == 2
    assert set(lookup.of(anchor)) == {0, 1}


def test_validate_package_partitions_large_packages_on_its_own(
    tmp_path, monkeypatch, counted, replicated
):
    replicated(tmp_path / "pkg", copies=1)
    monkeypatch.setattr(run, "AUTO_BYTES", 1)
    assert validate_package(tmp_path / "pkg").valid
    assert counted
    counted.clear()
    assert validate_package(tmp_path / "pkg", partitioned=False).valid
    assert not counted


def test_cli_partitioned_and_whole_print_the_same_report_and_leave_no_spill(
    tmp_path, replicated, monkeypatch
):
    corpus = replicated(tmp_path / "pkg", copies=1)
    key = corpus.rows("claims")[0]["claim_id"]
    corpus.set("claims", key, start="5")
    spill = tmp_path / "tmp"
    spill.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill))  # no other run's spill in sight
    runner = CliRunner()
    whole = runner.invoke(app, ["validate", str(corpus.root), "--whole", "--json", "--limit", "0"])
    parts = runner.invoke(
        app, ["validate", str(corpus.root), "--partitioned", "--json", "--limit", "0"]
    )
    assert whole.exit_code == parts.exit_code == 1
    assert sorted(whole.output.splitlines()) == sorted(parts.output.splitlines())
    assert not list(spill.iterdir())


@pytest.mark.parametrize("mutation", TEXT_MUTATIONS, ids=lambda m: m.id)
def test_texts_in_a_parquet_table_are_partitioned_alike(tmp_path, replicated, mutation):
    corpus = replicated(tmp_path / "pkg")
    mutation.apply(corpus)
    convert_to_parquet(corpus.root, **SMALL_PARTS)
    whole, parts = _both(corpus.root)
    assert parts.equals(whole) and whole.height


@pytest.mark.parametrize("spread", ["even", "one bucket", "few"])
def test_bucketed_search_finds_what_searchsorted_finds(spread):
    """The partition lookup's bucketed search agrees with numpy's, however the hashes spread."""
    rng = np.random.default_rng(3)
    if spread == "even":
        ids = rng.integers(0, 2**64 - 1, 50_000, dtype=np.uint64)
    elif spread == "one bucket":  # every hash in the lowest bucket: the steps grow, not errors
        ids = rng.integers(0, 2**20, 50_000, dtype=np.uint64)
    else:
        ids = np.array([0, 7, 2**63, 2**64 - 1], dtype=np.uint64)
    ids = np.unique(ids)
    asked = np.concatenate(
        [ids[rng.integers(0, len(ids), 2000)], rng.integers(0, 2**64 - 1, 2000, dtype=np.uint64)]
    )
    assert (plan.positions(ids, asked) == np.searchsorted(ids, asked)).all()


def test_the_help_and_the_docs_name_the_size_partitions_start_from():
    """The CLI cannot import the validator to print ``AUTO_BYTES`` (it starts quickly), so the
    places that name it are checked against it."""
    size = str(run.AUTO_BYTES >> 20)
    for rel in (
        "src/claimtrace/cli/validate.py",
        "scripts/bench_validate.py",
        "README.md",
        "docs/scale.md",
        "docs/performance.md",
    ):
        named = re.findall(r"[Ff]rom (\d+) MiB of CSV", (REPO / rel).read_text(encoding="utf-8"))
        assert named and set(named) == {size}, rel
