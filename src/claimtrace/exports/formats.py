"""The export formats by name, each with the file it writes (a light module: the CLI reads it)."""

from __future__ import annotations

FILES = {
    "web-annotation": "web-annotations.jsonld",
    "schema-org": "schema-org-claims.jsonld",
    "croissant": "croissant.json",
    "sqlite": "{name}.sqlite",
}
"""Format name -> file name (``{name}`` is the package name)."""
ALL = "all"


def file_name(fmt: str, package_name: str) -> str:
    """The file a format writes for the package called ``package_name``."""
    return FILES[fmt].format(name=package_name)
