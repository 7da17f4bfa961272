"""Volume: more problems than the report shows still fail; enormous files and cells stay bounded."""

import json
import subprocess
import sys

import polars as pl

from claimtrace.cli import app
from hostile_factory import ROWS, build_package, csv_bytes, header
from hostile_run import CLAIMTRACE, runner, validate

BAD_ROWS = 20_000


def _many_bad_actors(root):
    names = header("actors")
    good = pl.DataFrame(ROWS["actors"], schema=dict.fromkeys(names, pl.String))
    bad = pl.DataFrame({"i": range(BAD_ROWS)}).select(
        actor_id=pl.format("extra_actor_{}", pl.col("i")),
        name=pl.lit("Someone"),
        actor_type=pl.lit("bogus_type"),
        aliases=pl.lit(None, pl.String),
        country=pl.lit(None, pl.String),
        description=pl.lit("Generated."),
    )
    pl.concat([good, bad]).write_csv(root / "data" / "actors.csv", line_terminator="\n")


def test_more_problems_than_shown_still_fail_and_are_counted(tmp_path):
    root = build_package(tmp_path / "pkg")
    _many_bad_actors(root)
    code, report, _ = validate(root)  # --limit 0: every problem listed
    assert code == 1
    assert report["counts"]["by_rule"]["constraint.enum"] == BAD_ROWS
    run = subprocess.run(
        [CLAIMTRACE, "validate", str(root), "--json"], capture_output=True, text=True, timeout=300
    )
    doc = json.loads(run.stdout)
    assert run.returncode == 1 and doc["valid"] is False
    assert len(doc["problems"]) == 100
    assert doc["not_shown"] == BAD_ROWS - 100
    text = runner.invoke(app, ["validate", str(root), "--limit", "5"])
    assert text.exit_code == 1
    assert f"{BAD_ROWS - 5} more problem(s) not shown" in text.output
    assert text.output.count("[constraint.enum]") == 5


def _peak_rss_mib(root) -> tuple[subprocess.CompletedProcess, float]:
    code = (
        "import resource, sys\n"
        "from claimtrace.cli import app\n"
        "try:\n"
        "    app(['validate', sys.argv[1], '--json', '--limit', '0'])\n"
        "except SystemExit as e:\n"
        "    rc = e.code\n"
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=300
    )
    rss = int(run.stderr.rsplit("RSS", 1)[1].split()[0]) / 1024
    return run, rss


def test_an_enormous_cell_or_file_is_refused_without_reading_it(tmp_path):
    root = build_package(tmp_path / "pkg")
    base, base_rss = _peak_rss_mib(root)
    assert base.returncode == 0
    # a 300 MiB cell on one line of claims, a 5 GiB (sparse) figures table, a 1 GiB sparse text
    claims = root / "data" / "claims.csv"
    with claims.open("ab") as fh:
        fh.write(b"beta_rewrite.c09,beta_rewrite,0,1,N,")
        chunk = b"x" * (1 << 20)
        for _ in range(300):
            fh.write(chunk)
        fh.write(b",statistic,false,,outlet_voice,,,,,p_joined_march,,original,\n")
    with (root / "data" / "figures.csv").open("r+b") as fh:
        fh.truncate(5 << 30)
    with (root / "data" / "texts" / "beta_rewrite.txt").open("r+b") as fh:
        fh.truncate(1 << 30)
    run, rss = _peak_rss_mib(root)
    assert run.returncode == 1, run.stderr
    doc = json.loads(run.stdout)
    rules = {(p["rule"], p["table"], p["row"]) for p in doc["problems"]}
    assert ("limits.line_too_long", "claims", len(ROWS["claims"]) + 2) in rules
    assert ("limits.file_too_large", "figures", None) in rules
    assert ("corpus.text_readable", "sources", 3) in rules
    assert rss - base_rss < 200, f"peak memory grew by {rss - base_rss:.0f} MiB"
    assert "xxxxxxxxxx" * 30 not in run.stdout  # the cell is not echoed


def test_a_long_cell_under_the_line_limit_is_reported(tmp_path):
    root = build_package(tmp_path / "pkg")
    rows = [dict(r) for r in ROWS["lineage"]]
    rows[0]["evidence"] = "Long evidence. " * 8000  # 120,000 characters
    (root / "data" / "lineage.csv").write_bytes(csv_bytes("lineage", rows))
    code, report, _ = validate(root)
    assert code == 1
    hit = [p for p in report["problems"] if p["rule"] == "limits.cell_too_long"]
    assert hit and hit[0]["table"] == "lineage" and hit[0]["row"] == 2
    assert hit[0]["field"] == "evidence"
    assert len(hit[0]["value"]) < 300
