"""docs/VALIDATION.md lists every rule the code enforces and is generated from the declarations."""

import re
import subprocess
import sys
from pathlib import Path

from claimtrace.validation.catalogue import INTERNAL_NAMES, catalogue

ROOT = Path(__file__).resolve().parent.parent
RULE_LITERAL = re.compile(
    r"\"((?:structure|corpus|internal|constraint|row|type|date|injection|limits|encoding)"
    r"\.[a-zA-Z_0-9]+)\""
)


def test_every_rule_id_in_the_code_is_catalogued():
    listed = {e.rule.id for e in catalogue(ROOT / "schemas")}
    listed |= {"corpus.claim_id_prefix", "corpus.figure_id_prefix"}  # built as f"corpus.{x}_prefix"
    written = set()
    for path in (ROOT / "src" / "claimtrace").rglob("*.py"):
        written |= set(RULE_LITERAL.findall(path.read_text(encoding="utf-8")))
    assert written - INTERNAL_NAMES <= listed, sorted(written - INTERNAL_NAMES - listed)


def test_each_rule_is_listed_once_with_its_layer():
    ids = [e.rule.id for e in catalogue(ROOT / "schemas")]
    assert len(ids) == len(set(ids))
    assert {e.rule.layer for e in catalogue(ROOT / "schemas")} <= {"structure", "table", "corpus"}


def test_the_validation_doc_is_current():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validation_doc.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
