"""The export formats by name, each with the file it writes (a light module: the CLI reads it)."""

from __future__ import annotations

FILES = {
    "web-annotation": "web-annotations.jsonld",
    "schema-org": "schema-org-claims.jsonld",
    "croissant": "croissant.json",
    "sqlite": "claimtrace.sqlite",
}
"""Format name -> the file it writes."""
TITLES = {
    "web-annotation": "W3C Web Annotation JSON-LD of every claim and figure",
    "schema-org": "schema.org Claim JSON-LD",
    "croissant": "Croissant metadata",
    "sqlite": "one SQLite database of every table and the texts",
}
"""Format name -> what it is, in a few words."""
ALL = "all"
