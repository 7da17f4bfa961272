"""Paths that leave the package are refused: nothing outside is opened, fetched or printed."""

import json
import os
import socket
import threading

import pytest

from hostile_factory import ROWS, build_package, csv_bytes
from hostile_run import validate, validate_subprocess

SENTINEL = "SENTINEL-7f3a-outside-the-package"


class Listener:
    """A local TCP server counting connections: an HTTP server or proxy nothing may use."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            body = f"source_id\n{SENTINEL}\n".encode()
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def outside(tmp_path):
    """A home directory and a secret file outside the package, both holding the sentinel."""
    home = tmp_path / "home"
    home.mkdir()
    secret = tmp_path / "secret.csv"
    for f in (secret, home / "secret.csv", tmp_path / "secret.json"):
        f.write_text(f"source_id,{SENTINEL}\n{SENTINEL},x\n", encoding="utf-8")
    listener = Listener()
    yield tmp_path, home, listener
    listener.close()


def _resource_paths(port):
    return [
        "{secret}",  # absolute
        "../secret.csv",
        "data/../../secret.csv",
        "~/secret.csv",
        f"http://127.0.0.1:{port}/sources.csv",
        f"https://127.0.0.1:{port}/sources.csv",
        "file://{secret}",
        f"ftp://127.0.0.1:{port}/sources.csv",
        "s3://bucket/sources.csv",
        "data:text/csv;base64,c291cmNlX2lk",
        "data/link_out.csv",  # a symlink that resolves outside
        "data/link_dir/secret.csv",  # through a symlinked directory
    ]


def _hostile_package(root, outside_dir, port, path, where):
    build_package(root)
    (root / "data" / "link_out.csv").symlink_to(outside_dir / "secret.csv")
    (root / "data" / "link_dir").symlink_to(outside_dir)
    path = path.format(secret=outside_dir / "secret.csv")
    desc = json.loads((root / "datapackage.json").read_text())
    res = next(r for r in desc["resources"] if r["name"] == "actors")
    if where == "resource":
        res["path"] = path
    else:
        res["schema"] = path.replace("sources.csv", "s.json").replace("secret.csv", "secret.json")
    (root / "datapackage.json").write_text(json.dumps(desc))
    return path


@pytest.mark.parametrize("where", ["resource", "schema"])
@pytest.mark.parametrize("index", range(12))
def test_no_path_leaves_the_package(tmp_path, outside, where, index, monkeypatch):
    outside_dir, home, listener = outside
    root = tmp_path / "pkg"
    path = _resource_paths(listener.port)[index]
    path = _hostile_package(root, outside_dir, listener.port, path, where)
    env = os.environ | {
        "HOME": str(home),
        "http_proxy": f"http://127.0.0.1:{listener.port}",
        "https_proxy": f"http://127.0.0.1:{listener.port}",
        "HTTP_PROXY": f"http://127.0.0.1:{listener.port}",
        "HTTPS_PROXY": f"http://127.0.0.1:{listener.port}",
        "ALL_PROXY": f"http://127.0.0.1:{listener.port}",
    }
    monkeypatch.setenv("HOME", str(home))  # in-process run: ~ must not expand either
    code, report, out = validate(root)
    for shown in (out, json.dumps(report)):
        assert SENTINEL not in shown
        if str(outside_dir) not in path:  # a symlink's target is never disclosed
            assert str(outside_dir) not in shown.replace(str(root), "<pkg>")
    assert listener.connections == 0
    if where == "resource":
        assert code == 1
        hits = [p for p in report["problems"] if p["rule"] == "structure.unsafe_path"]
        assert hits and hits[0]["table"] == "actors" and hits[0]["field"] == "path"
    else:
        assert code == 2
        assert report["problems"][0]["rule"] == "structure.descriptor"
    if where == "resource" and index in (4, 11):  # also as the console script, proxies set
        run = validate_subprocess(root, env=env)
        assert SENTINEL not in run.stdout + run.stderr
        assert "Traceback" not in run.stdout + run.stderr
        assert listener.connections == 0


@pytest.mark.parametrize(
    "text_path",
    [
        "{secret}",
        "../secret.csv",
        "~/secret.csv",
        "data/texts/../../../secret.csv",
        "http://127.0.0.1:{port}/t.txt",
        "file://{secret}",
        "data/texts/link_out.txt",
    ],
)
def test_no_text_path_leaves_the_package(tmp_path, outside, text_path, monkeypatch):
    outside_dir, home, listener = outside
    root = build_package(tmp_path / "pkg")
    (root / "data" / "texts" / "link_out.txt").symlink_to(outside_dir / "secret.csv")
    value = text_path.format(secret=outside_dir / "secret.csv", port=listener.port)
    rows = [dict(r) for r in ROWS["sources"]]
    rows[0]["text_path"] = value
    (root / "data" / "sources.csv").write_bytes(csv_bytes("sources", rows))
    monkeypatch.setenv("HOME", str(home))
    code, report, out = validate(root)
    assert code == 1
    assert SENTINEL not in out
    assert listener.connections == 0
    hits = [
        p
        for p in report["problems"]
        if p["table"] == "sources" and p["row"] == 2 and p["field"] == "text_path"
    ]
    assert {p["rule"] for p in hits} & {
        "corpus.text_path_safe",
        "constraint.pattern",
        "corpus.text_path_matches_id",
    }
