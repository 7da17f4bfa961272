"""The reader measures a CSV's shape itself: quoted line breaks, ragged rows and row positions."""

import polars as pl

from claimtrace.validation import read_tables, validate_package
from claimtrace.validation.csv_records import record_texts, split_records


def test_records_join_lines_inside_quotes_and_count_cells():
    text = 'a,b,c\n1,"x\ny, z",3\n4,5\n6,7,8,9\n\n"q""uote",,\n'
    records = split_records(text)
    assert records["row"].to_list() == [1, 2, 3, 4, 5, 6]
    assert records["line"].to_list() == [1, 2, 4, 5, 6, 7]
    assert records["cells"].to_list() == [3, 3, 2, 4, 0, 3]
    texts = record_texts(text.encode(), records[[1, 3]])
    assert texts.to_list() == ['1,"x\ny, z",3', "6,7,8,9"]


def test_row_positions_survive_multiline_cells_and_ragged_rows(corpus):
    rows = corpus.rows("actors")
    rows[0]["description"] = "first line\nsecond line, with a comma"
    corpus.write("actors", rows)
    lines = corpus.path("actors").read_text().split("\n")
    lines[3] += ",surplus"  # the second data row (after the two-line first one)
    corpus.path("actors").write_text("\n".join(lines))
    report = validate_package(corpus.root)
    extra = report.problems.filter(pl.col("rule") == "structure.extra_cell")
    assert extra["row"].to_list() == [3]
    assert extra["key"].to_list() == [f"actor_id={rows[1]['actor_id']}"]
    frames = read_tables(corpus.root)
    actors = frames["actors"]
    assert actors["_row"].to_list() == [2, *list(range(4, len(rows) + 2))]
    assert actors["description"][0] == "first line\nsecond line, with a comma"


def test_a_bom_and_crlf_are_reported_but_the_table_is_still_read(corpus):
    data = corpus.path("lineage").read_bytes()
    corpus.path("lineage").write_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    report = validate_package(corpus.root)
    rules = set(report.problems["rule"])
    assert {"structure.bom", "structure.line_ending"} <= rules
    assert rules <= {"structure.bom", "structure.line_ending"}, report.to_text()


def test_a_broken_table_does_not_hide_problems_in_others(corpus):
    corpus.path("figures").write_bytes(b"\xff\xfe")
    corpus.set("claims", "kyivindependent_decree.c01", claim_type="rumour")
    rules = set(validate_package(corpus.root).problems["rule"])
    assert {"structure.encoding", "constraint.enum"} <= rules


def test_internal_failures_become_a_problem_not_a_traceback(corpus, monkeypatch):
    from typer.testing import CliRunner

    import claimtrace.validation as validation
    from claimtrace.cli import app

    def boom(path, *options):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(validation, "validate_package", boom)
    result = CliRunner().invoke(app, ["validate", str(corpus.root)])
    assert result.exit_code == 2
    assert "internal.error" in result.output and "simulated failure" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
