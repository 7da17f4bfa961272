"""Completeness: every number in every archived text is a figure or excluded with a reason."""

import polars as pl
import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.curation.coverage import EXCLUSIONS_PATH, ExclusionError, coverage
from claimtrace.curation.numbers import find_numbers
from corpus_helpers import ROOT, copy_package, table, write_table

runner = CliRunner()


def undecided(root) -> list[dict]:
    return coverage(root).filter(pl.col("decided_by").is_null()).to_dicts()


def test_every_number_in_every_text_is_decided():
    found = coverage(ROOT)
    assert found["source_id"].n_unique() == table(ROOT, "sources").height
    assert undecided(ROOT) == []


def test_every_figure_covers_a_number():
    used = set(coverage(ROOT)["decided_by"].drop_nulls())
    assert set(table(ROOT, "figures")["figure_id"]) <= used


def test_every_exclusion_covers_a_number():
    used = coverage(ROOT)["decided_by"].drop_nulls().str.starts_with("excluded").sum()
    exclusions = pl.read_csv(ROOT / EXCLUSIONS_PATH)
    assert used >= exclusions.height
    # Each exclusion's quote holds at least one number the scanner finds.
    empty = [q for q in exclusions["quote"] if not find_numbers(q)]
    assert empty == []


def test_removing_a_figure_row_leaves_its_number_undecided(tmp_path):
    root = copy_package(tmp_path)
    figures = table(root, "figures")
    write_table(
        root, "figures", figures.filter(pl.col("figure_id") != "kyivindependent_decree.f02")
    )
    assert [(r["source_id"], r["surface"]) for r in undecided(root)] == [
        ("kyivindependent_decree", "160,000")
    ]
    result = runner.invoke(app, ["numbers", "--package", str(root), "--undecided"])
    assert result.exit_code == 1
    assert "160,000" in result.output and "UNDECIDED" in result.output


def test_a_new_number_in_a_text_is_undecided(tmp_path):
    root = copy_package(tmp_path)
    path = root / "data/texts/euromaidanpress_tsyganok.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nSome 7,500 more.", encoding="utf-8")
    assert [r["surface"] for r in undecided(root)] == ["7,500"]


def test_removing_an_exclusion_leaves_its_numbers_undecided(tmp_path):
    root = copy_package(tmp_path)
    path = root / EXCLUSIONS_PATH
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if ",June 7," not in line), encoding="utf-8")
    assert [r["surface"] for r in undecided(root)] == ["7"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("kyivindependent_decree,martial law,date,x\n", "occurs 2 times"),
        ("kyivindependent_decree,not in the text,date,x\n", "occurs 0 times"),
        ("kyivindependent_decree,2 min read,weather,x\n", "category must be one of"),
        ("kyivindependent_decree,2 min read,furniture,\n", "reason non-empty"),
    ],
)
def test_a_bad_exclusion_is_refused(tmp_path, row, message):
    root = copy_package(tmp_path)
    with (root / EXCLUSIONS_PATH).open("a", encoding="utf-8") as fh:
        fh.write(row)
    with pytest.raises(ExclusionError, match=message):
        coverage(root)
    result = runner.invoke(app, ["numbers", "--package", str(root)])
    assert result.exit_code == 2 and message in result.output


def test_numbers_command_lists_what_decides_each_number():
    result = runner.invoke(app, ["numbers", "anon_foreign_nationals_decree"])
    assert result.exit_code == 0, result.output
    assert "'one million'\twords\tanon_foreign_nationals_decree.f05" in result.output
    assert "'a day prior'\trelative\texcluded: relative_date" in result.output


def test_numbers_command_refuses_an_unknown_source():
    result = runner.invoke(app, ["numbers", "no_such_source"])
    assert result.exit_code == 2 and "unknown source" in result.output
