"""Class 7: every command fails in one line, exit 2 (or its own refusal code), never a traceback.

The boundary (``claimtrace.cli.boundary``) catches everything but KeyboardInterrupt and
SystemExit, including the ``PanicException`` a Rust library raises (a BaseException), removes
partial output, and under ``--json`` prints a JSON error object with the same exit code. The
release's own refusals (an --out that is a file, a bad SOURCE_DATE_EPOCH, a symlink or file at
the target) are one line, exit 1, with nothing published and no stray entry.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from hostile_factory import TEXTS
from hostile_guard import invoke, one_error_line, releasable, snapshot

pytestmark = pytest.mark.timeout(120)
EPOCH = {"SOURCE_DATE_EPOCH": "1751976000"}
CLAIMTRACE = str(Path(sys.executable).parent / "claimtrace")


@pytest.fixture
def root(tmp_path):
    return releasable(tmp_path / "pkg")


def _release(root, out, *extra, env=EPOCH):
    return invoke(["release", root, "--out", out, *extra], env=env)


@pytest.mark.parametrize("where", ["file", "under_a_file"])
def test_release_refuses_an_out_that_is_a_file(tmp_path, root, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me", encoding="utf-8")
    out = blocker if where == "file" else blocker / "dist"
    result = _release(root, out)
    assert result.exit_code == 1 and "--out" in one_error_line(result)
    assert blocker.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("value", ["²", "٣", "1e9", "-1", "99999999999999999999", " "])
def test_release_refuses_a_bad_source_date_epoch(tmp_path, root, value):
    result = _release(root, tmp_path / "dist", env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 1 and "SOURCE_DATE_EPOCH" in one_error_line(result)
    assert not (tmp_path / "dist").exists()


def _dangling(target):
    target.symlink_to(target.parent / "gone")


def _link_to_dir(target):
    elsewhere = target.parent.parent / "elsewhere"
    elsewhere.mkdir()
    target.symlink_to(elsewhere)


def _file(target):
    target.write_text("not a release", encoding="utf-8")


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("make", [_dangling, _link_to_dir, _file], ids=["dangling", "link", "file"])
def test_release_never_replaces_a_symlink_or_file_at_its_target(tmp_path, root, make, force):
    out = tmp_path / "dist"
    out.mkdir()
    name = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["name"]
    make(out / f"{name}-0.1.0")
    before = snapshot(out)
    result = _release(root, out, *(["--force"] if force else []))
    assert result.exit_code == 1 and f"{name}-0.1.0" in one_error_line(result)
    assert snapshot(out) == before  # nothing published, no stray staging entry


COMMANDS = {  # command line (ROOT and GOOD filled in), the function to make panic
    "validate": (["validate", "ROOT"], "claimtrace.validation.validate_package"),
    "report": (["report", "ROOT"], "claimtrace.report.load_tables"),
    "release": (["release", "ROOT", "--out", "OUT"], "claimtrace.release.build.parquet_bytes"),
    "diff": (["diff", "GOOD", "ROOT"], "claimtrace.release.diff.row_diff"),
    "anchor": (
        ["anchor", "alpha_report", "Alpha", "-p", "ROOT"],
        "claimtrace.cli.anchor.find_spans",
    ),
    "numbers": (["numbers", "-p", "ROOT"], "claimtrace.cli.numbers.coverage"),
    "anchor-rows": (["anchor-rows", "-p", "ROOT"], "claimtrace.cli.anchor_rows.run_anchor_rows"),
    "rehydrate": (["rehydrate", "ROOT", "TEXTS"], "claimtrace.release.rehydrate.rehydrate"),
    "derive": (["derive", "ROOT", "--check"], "claimtrace.semantics.derive.derive"),
    "suggest": (["suggest", "alpha_report", "ROOT"], "claimtrace.suggest.engine.Suggester"),
    "view": (["view", "ROOT", "--out", "OUT"], "claimtrace.viewer.build.render_page"),
    "export": (
        ["export", "sqlite", "ROOT", "--out", "OUT"],
        "claimtrace.exports.write.export_bytes",
    ),
    "add-source": (
        [
            "add-source",
            "NEW",
            "--kind",
            "copy",
            "--ai-generated",
            "--ai-evidence",
            "x",
            "--rights",
            "Quoted.",
            "-p",
            "ROOT",
        ],
        "claimtrace.cli.add_source.write_text_table",
    ),
}
JSON_COMMANDS = ("validate", "report", "diff", "anchor", "numbers", "suggest")


def test_every_registered_command_runs_inside_the_boundary():
    from claimtrace.cli import app

    names = {c.name for c in app.registered_commands}
    assert names == set(COMMANDS)  # a new command needs its hostile cases here
    assert all(getattr(c.callback, "boundary", None) == c.name for c in app.registered_commands)


def _args(name, root, tmp_path):
    fill = {
        "ROOT": str(root),
        "OUT": str(tmp_path / "dist"),
        "GOOD": str(releasable(tmp_path / "good")),
        "NEW": str(tmp_path / "gamma_wire.txt"),
        "TEXTS": str(root / "data" / "texts"),
    }
    (tmp_path / "gamma_wire.txt").write_text("Gamma Wire\n\nA third report.\n", encoding="utf-8")
    return [fill.get(a, a) for a in COMMANDS[name][0]]


def _panic(*args, **kwargs):
    raise pl.exceptions.PanicException("index out of bounds: the len is 0 but the index is 7")


@pytest.mark.parametrize(
    ("name", "json_output"),
    [(n, False) for n in sorted(COMMANDS)] + [(n, True) for n in JSON_COMMANDS],
)
def test_a_panic_in_any_command_is_one_line_exit_2_and_leaves_nothing(
    tmp_path, root, monkeypatch, name, json_output
):
    module, attribute = COMMANDS[name][1].rsplit(".", 1)
    monkeypatch.setattr(__import__(module, fromlist=[attribute]), attribute, _panic)
    args = _args(name, root, tmp_path) + (["--json"] if json_output else [])
    before = snapshot(root)
    result = invoke(args, 2, env=EPOCH)
    if json_output and name != "validate":
        document = json.loads(result.stdout)
        assert document["ok"] is False and document["exit_code"] == 2
        assert "PanicException" in document["error"]["message"]
    elif json_output:
        assert "PanicException" in json.loads(result.stdout)["error"]["message"]
    elif name == "validate":
        assert "PanicException" in result.stdout and "internal.error" in result.stdout
    else:
        line = one_error_line(result)
        assert f"claimtrace {name} failed" in line and "PanicException" in line
    assert snapshot(root) == before
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_polars_max_threads_zero_is_refused_by_name_in_every_command(tmp_path, root, name):
    env = os.environ | {"POLARS_MAX_THREADS": "0"}
    run = subprocess.run(
        [CLAIMTRACE, *_args(name, root, tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and "panicked" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        "error: POLARS_MAX_THREADS='0' is not a positive whole number; unset it or give one"
    ]


FAILURES = {  # a --json command made to fail: (arguments, exit code)
    "validate": (["validate", "MISSING", "--json"], 2),
    "report": (["report", "MISSING", "--json"], 2),
    "diff": (["diff", "MISSING", "ROOT", "--json"], 2),
    "anchor": (["anchor", "alpha_report", "no such quote", "-p", "ROOT", "--json"], 1),
    "numbers": (["numbers", "nobody", "-p", "ROOT", "--json"], 2),
}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_every_json_command_prints_a_json_error_object_with_the_same_exit_code(
    tmp_path, root, name
):
    args, code = FAILURES[name]
    fill = {"ROOT": str(root), "MISSING": str(tmp_path / "missing")}
    args = [fill.get(a, a) for a in args]
    result = invoke(args, code)
    document = json.loads(result.stdout)
    assert document["ok"] is False and document["exit_code"] == code
    assert document["command"] == name and document["error"]["message"]
    if name != "validate":  # validate prints its report on stdout; the others print nothing
        assert invoke([a for a in args if a != "--json"], code).stdout.strip() == ""


def test_an_anchor_that_is_found_still_prints_its_span(root):
    quote = TEXTS["alpha_report"].split("\n")[2][:20]
    assert invoke(["anchor", "alpha_report", quote, "-p", root, "--json"], 0).stdout
