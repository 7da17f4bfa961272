"""Turn a package's ``.txt`` texts into the texts table, in place (benchmarks and tests).

Every ``data/texts/<name>.txt`` becomes the row ``<name>`` with its bytes verbatim, whatever they
are: this moves texts, it does not judge them (the validator does, by the same rules in both
layouts). The ``texts`` resource is added to datapackage.json with the Table Schema generated from
the sources table's, and the ``.txt`` files are removed.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimtrace.metadata import read_package
from claimtrace.metadata.package import DESCRIPTOR_NAME
from claimtrace.safety.files import read_contained
from claimtrace.texts.archive import TEXTS_DIR
from claimtrace.texts_table.layout import texts_resource
from claimtrace.texts_table.schema import texts_schema, texts_table_schema
from claimtrace.texts_table.write import texts_resource_descriptor, write_parts
from claimtrace.validation.limits import MAX_TEXT_BYTES
from claimtrace.validation.texts_check import texts_on_disk


def convert_to_parquet(root: Path | str, **bounds: int) -> list[str]:
    """Convert the package at ``root`` to the Parquet layout; the parts written.

    ``bounds`` (``max_rows``, ``max_bytes``) override the part bounds of ``layout``. A text
    that is not a regular file inside the package raises ContainedFileError before anything is
    written.
    """
    root = Path(root)
    package = read_package(root)
    if texts_resource(package.descriptor) is not None:
        raise ValueError(f"{root} already keeps its texts in a Parquet table")
    files = texts_on_disk(root)
    # contained regular files only: a text symlinked out of the package is refused, never read
    texts = {Path(rel).stem: read_contained(root, rel, MAX_TEXT_BYTES) for rel in files}
    sources = package.resource("sources").schema_descriptor
    parts = write_parts(root, texts, texts_table_schema(sources), **bounds)
    for rel in files:
        (root / rel).unlink()
    descriptor = dict(package.descriptor)
    resource = texts_resource_descriptor(parts, texts_schema(sources))
    descriptor["resources"] = [*descriptor["resources"], resource]
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (root / DESCRIPTOR_NAME).write_text(text, encoding="utf-8")
    return parts


__all__ = ["TEXTS_DIR", "convert_to_parquet"]
