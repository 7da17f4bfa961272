"""Every problem on a row names the physical line of the CSV file, also after multi-line cells."""

import csv
import io

from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.validation import validate_package
from corpus_helpers import copy_package

runner = CliRunner()


def rewrite_claims(root, edit) -> None:
    path = root / "data" / "claims.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_row_after_a_cell_over_two_lines_is_named_by_row_and_line(tmp_path):
    root = copy_package(tmp_path)

    def edit(rows):
        header = rows[0]
        rows[2][header.index("claim_text")] = "first line\nsecond line"  # row 3, lines 3-4
        rows[6][header.index("claim_type")] = "evnt"  # row 7, which now starts on line 8

    rewrite_claims(root, edit)
    problems = validate_package(root).problems
    assert problems.select("table", "row", "line", "field").rows() == [
        ("claims", 7, 8, "claim_type")
    ]
    result = runner.invoke(app, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stdout.startswith("claims row 7 line 8 (claim_id=")


def test_a_row_without_multi_line_cells_above_starts_on_its_own_line(tmp_path):
    root = copy_package(tmp_path)
    rewrite_claims(root, lambda rows: rows[4].__setitem__(rows[0].index("claim_type"), "x"))
    problems = validate_package(root).problems
    assert problems.select("row", "line").rows() == [(5, 5)]
    # Row and line agree, so the text report names the row alone.
    result = runner.invoke(app, ["validate", str(root)])
    assert result.stdout.startswith("claims row 5 (claim_id=")


def test_a_byte_level_finding_names_the_line_of_the_defect(tmp_path):
    root = copy_package(tmp_path)

    def edit(rows):
        rows[2][rows[0].index("claim_text")] = "first line\nsecond line"
        rows[5][rows[0].index("claim_text")] += "\x00"  # row 6, on line 7

    rewrite_claims(root, edit)
    problems = validate_package(root).problems.filter(table="claims")
    assert problems.select("rule", "row", "line").rows() == [("encoding.nul", 6, 7)]
