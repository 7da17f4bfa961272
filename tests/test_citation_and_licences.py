"""CITATION.cff is CFF 1.2 and agrees with the package; the licence files say what they cover."""

import json
import tomllib

import yaml

from release_corpus import REPO

# Top-level keys of the Citation File Format 1.2.0 schema (it allows no others).
CFF_KEYS = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type", "url",
    "version",
}  # fmt: skip
CFF_REQUIRED = {"authors", "cff-version", "message", "title"}


def cff():
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_is_cff_1_2():
    data = cff()
    assert data["cff-version"] == "1.2.0"
    assert set(data) <= CFF_KEYS, set(data) - CFF_KEYS
    assert set(data) >= CFF_REQUIRED
    assert data["type"] in ("dataset", "software")
    assert data["authors"] and all(a.get("name") or a.get("family-names") for a in data["authors"])
    assert all(isinstance(k, str) and k for k in data.get("keywords", []))


def test_citation_agrees_with_the_package_version_and_licence():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    package = json.loads((REPO / "datapackage.json").read_text())
    data = cff()
    assert str(data["version"]) == project["version"] == package["version"]
    assert data["license"] in {lic["name"] for lic in package["licenses"]}


def test_licence_files_cover_code_annotations_and_texts():
    assert "MIT License" in (REPO / "LICENSE").read_text()
    assert "CC BY 4.0" in (REPO / "LICENSE-DATA.md").read_text()
    rights = (REPO / "TEXTS-RIGHTS.md").read_text()
    assert "copyright remains with their" in rights and "data/texts/" in rights
