import json
import shutil
import subprocess
import sys

from claimtrace.release.dictionary import DICTIONARY_PATH, render_dictionary
from release_corpus import REPO


def test_committed_data_dictionary_is_current():
    committed = (REPO / DICTIONARY_PATH).read_text(encoding="utf-8")
    assert committed == render_dictionary(REPO), "run: python scripts/gen_data_dictionary.py"


def test_dictionary_names_every_table_and_field_with_its_description():
    text = render_dictionary(REPO)
    for path in sorted((REPO / "schemas").glob("*.json")):
        schema = json.loads(path.read_text())
        assert f"## {path.stem} " in text
        for field in schema["fields"]:
            assert f"| `{field['name']}` | {field.get('type', 'string')}" in text
            assert " ".join(field["description"].split()).replace("|", "\\|") in text


def test_check_fails_when_a_schema_changes_and_regenerating_fixes_it(tmp_path):
    for name in ("datapackage.json", "schemas", "docs"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    script = [sys.executable, str(REPO / "scripts/gen_data_dictionary.py"), str(tmp_path)]
    assert subprocess.run([*script, "--check"]).returncode == 0
    path = tmp_path / "schemas/actors.json"
    schema = json.loads(path.read_text())
    schema["fields"][1]["description"] = "A new description of the name."
    path.write_text(json.dumps(schema))
    stale = subprocess.run([*script, "--check"], capture_output=True, text=True)
    assert stale.returncode == 1 and "stale" in stale.stderr
    assert subprocess.run(script, capture_output=True).returncode == 0
    assert "A new description of the name." in (tmp_path / DICTIONARY_PATH).read_text()
    assert subprocess.run([*script, "--check"]).returncode == 0
