"""Where the texts table lives and how its parts are cut.

Parts of bounded size, cut from the rows sorted by ``source_id``, rather than hive-style buckets
of a hash of ``source_id``:

- the bytes depend on the data alone (a sort and two bounds), so a release stays deterministic
  without specifying a hash function every consumer would have to reproduce;
- each part's ``source_id`` column carries min/max statistics over a contiguous range of ids, so
  DuckDB, polars, pyarrow or Spark skip the parts that cannot hold a looked-up id, which is what
  hive buckets would have bought;
- a bound on rows and bytes keeps every part (and a reader's memory per part) small whatever the
  corpus size, and gives parallel readers units of work; a hash bucket grows with the corpus.

A text larger than the byte bound gets a part of its own. The ``.txt`` layout stays the default.
"""

from __future__ import annotations

from typing import Any

from claimtrace.texts.archive import TEXTS_DIR, text_path

RESOURCE = "texts"
"""Name of the texts table's resource in datapackage.json."""
FORMAT = "parquet"
MAX_PART_ROWS = 8192
"""At most this many texts per part (about 25 MB of typical 3 kB news texts)."""
MAX_PART_BYTES = 32 << 20
"""At most this many bytes of text per part, unless one text alone is larger."""
MAX_PART_FILE_BYTES = 4 << 30
"""Largest part file the validator opens (as ``limits.MAX_TABLE_BYTES`` for a CSV table)."""
LAYOUTS = ("txt", "parquet")
"""The two layouts of archived texts; ``txt`` is the default."""


def part_path(number: int) -> str:
    """Package-relative path of the texts table's part ``number``."""
    return f"{TEXTS_DIR}/part-{number:05d}.parquet"


def texts_resource(descriptor: Any) -> dict[str, Any] | None:
    """The texts table's resource of a descriptor, or None in the ``.txt`` layout."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    for res in resources if isinstance(resources, list) else []:
        if isinstance(res, dict) and res.get("name") == RESOURCE and res.get("format") == FORMAT:
            return res
    return None


def is_texts_resource(resource: Any) -> bool:
    """Whether a resource descriptor is the texts table (and not a tabular copy of a CSV)."""
    return texts_resource({"resources": [resource]}) is not None


def part_paths(resource: dict[str, Any]) -> list[str]:
    """The parts the resource names: its ``path``, one string or a list (a multipart resource)."""
    path = resource.get("path")
    return [path] if isinstance(path, str) else list(path)


def stands_for(source_id: str) -> str:
    """The ``.txt`` path a texts row stands for: what ``sources.text_path`` names."""
    return text_path(source_id)
