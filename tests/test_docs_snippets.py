"""Every shell and Python snippet of README.md and docs/*.md runs, in a temporary package copy.

A snippet that cannot run here says why in the line before it,
``<!-- snippet: not run: REASON -->``, and is skipped by its name (file and line) with that
reason; the reasons allowed are listed below. The copy has the working version's release built
in dist/, as scripts/run.sh leaves it.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from release_corpus import EPOCH, REPO

LANGUAGES = {"bash": "bash", "sh": "bash", "shell": "bash", "python": "python", "py": "python"}
NOT_RUN = re.compile(r"<!-- snippet: not run: (?P<reason>[^>]+?) -->")
ALLOWED = (
    "needs a hosting URL",
    "these two are CI itself (.ci/run runs both on a clean clone)",
    "a benchmark of several minutes at a million claims",
    "needs the spark extra and a Spark cluster (tests/test_spark_engine.py runs the engine)",
)
FENCE = re.compile(r"^```(?P<lang>[A-Za-z]*)\n(?P<body>.*?)^```$", re.M | re.S)
SKIPPED_DIRS = {".git", ".venv", "dist", "__pycache__", ".pytest_cache", ".ruff_cache"}


def snippets():
    """(name, language, code, reason not run or None) of every runnable fenced block."""
    found = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            lang = LANGUAGES.get(match["lang"])
            if lang is None:
                continue
            line = text.count("\n", 0, match.start()) + 1
            before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
            marked = NOT_RUN.fullmatch(before.strip())
            name = f"{doc.relative_to(REPO).as_posix()}:{line}"
            found.append((name, lang, match["body"], marked["reason"] if marked else None))
    return found


SNIPPETS = snippets()


def test_snippets_are_found_and_every_skip_gives_an_allowed_reason():
    assert len([s for s in SNIPPETS if s[3] is None]) >= 8
    for name, _, code, reason in SNIPPETS:
        assert reason is None or reason in ALLOWED, name
        if "<repository URL>" in code:
            assert reason == "needs a hosting URL", name


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """A copy of the package with the working version's release built in dist/."""
    root = tmp_path_factory.mktemp("docs") / "claimtrace"
    shutil.copytree(REPO, root, ignore=lambda d, names: [n for n in names if n in SKIPPED_DIRS])
    done = subprocess.run(
        [Path(sys.executable).parent / "claimtrace", "release", "."],
        cwd=root,
        env=environment(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return root


def environment():
    """This interpreter's scripts (claimtrace, frictionless, python) first on the PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "SOURCE_DATE_EPOCH": EPOCH}


@pytest.mark.parametrize(("name", "lang", "code", "reason"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_snippet_runs(package, name, lang, code, reason):
    if reason is not None:
        pytest.skip(f"{name}: {reason}")
    command = ["bash", "-euo", "pipefail", "-c", code] if lang == "bash" else [sys.executable]
    done = subprocess.run(
        command,
        cwd=package,
        env=environment(),
        input=None if lang == "bash" else code,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
