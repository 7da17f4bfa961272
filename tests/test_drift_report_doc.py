"""docs/drift-report.md is what ``claimtrace report`` makes of the working corpus, byte for byte."""

from pathlib import Path

from typer.testing import CliRunner

from claimtrace.cli import app

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "drift-report.md"


def test_drift_report_doc_is_current(tmp_path):
    out = tmp_path / "drift-report.md"
    result = CliRunner().invoke(app, ["report", str(REPO), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == DOC.read_bytes(), (
        "docs/drift-report.md is stale: regenerate it with "
        "`claimtrace report --out docs/drift-report.md`"
    )
    assert "## Conflicting propositions" in out.read_text(encoding="utf-8")
