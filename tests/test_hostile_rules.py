"""The rules no single mutation class reaches: odd files, dead references, generated checks."""

import json
import os
import threading

from hostile_factory import ROWS, build_package, csv_bytes
from hostile_mutations import expect
from hostile_run import assert_caught, validate


def _rows(table):
    return [dict(r) for r in ROWS[table]]


def test_a_table_that_is_a_directory_is_reported_not_read(tmp_path):
    root = build_package(tmp_path / "pkg")
    (root / "data" / "lineage.csv").unlink()
    (root / "data" / "lineage.csv").mkdir()
    assert_caught(root, expect("encoding.not_a_file", "lineage", None, "path"))


def test_a_named_pipe_never_blocks_the_validator(tmp_path):
    root = build_package(tmp_path / "pkg")
    (root / "data" / "actors.csv").unlink()
    os.mkfifo(root / "data" / "actors.csv")
    text = root / "data" / "texts" / "beta_rewrite.txt"
    text.unlink()
    os.mkfifo(text)
    done = threading.Event()
    result = {}

    def run():
        result["report"] = validate(root)
        done.set()

    threading.Thread(target=run, daemon=True).start()
    if not done.wait(60):  # unblock the reader so the test process can end, then fail
        for fifo in (root / "data" / "actors.csv", text):
            with open(fifo, "wb"):
                pass
        raise AssertionError("the validator blocked on a named pipe")
    code, report, _ = result["report"]
    assert code == 1
    found = {(p["rule"], p["table"], p["row"]) for p in report["problems"]}
    assert ("encoding.not_a_file", "actors", None) in found
    assert ("corpus.text_readable", "sources", 3) in found


def test_an_empty_archived_text_is_reported(tmp_path):
    root = build_package(tmp_path / "pkg")
    (root / "data" / "texts" / "beta_rewrite.txt").write_bytes(b"")
    assert_caught(root, expect("encoding.empty_file", "sources", 3, "text_path"))


def test_a_bare_quote_inside_a_cell_is_unparsable_not_a_crash(tmp_path):
    root = build_package(tmp_path / "pkg")
    path = root / "data" / "actors.csv"
    head, first, *rest = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([head, first.replace(b",Alpha News,", b',"Alpha"News,'), *rest]))
    assert_caught(root, expect("structure.unparsable", "actors"))


def test_a_foreign_key_to_an_undeclared_resource_is_reported(tmp_path):
    root = build_package(tmp_path / "pkg")
    path = root / "schemas" / "lineage.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["foreignKeys"][0]["reference"]["resource"] = "documents"
    path.write_text(json.dumps(schema), encoding="utf-8")
    assert_caught(root, expect("structure.foreign_key_resource", "lineage", None, "source_id"))


def test_generated_min_length_check_fails_a_short_value(tmp_path):
    root = build_package(tmp_path / "pkg")
    path = root / "schemas" / "actors.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    next(f for f in schema["fields"] if f["name"] == "name")["constraints"]["minLength"] = 5
    path.write_text(json.dumps(schema), encoding="utf-8")
    rows = _rows("actors")
    rows[1]["name"] = "Beta"
    (root / "data" / "actors.csv").write_bytes(csv_bytes("actors", rows))
    assert_caught(root, expect("constraint.minLength", "actors", 3, "name"))


def test_a_low_bound_above_the_value_is_reported(tmp_path):
    root = build_package(tmp_path / "pkg")
    rows = _rows("figures")
    rows[0].update(qualifier="approximately", low="40000", value="30000")
    (root / "data" / "figures.csv").write_bytes(csv_bytes("figures", rows))
    assert_caught(root, expect("row.low_le_value", "figures", 2))
