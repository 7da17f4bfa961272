"""What a release carries besides its tables and texts: ONE list, ``COMPANIONS``.

Each companion is a path inside the release and a function giving its bytes from the build context
(None leaves it out, e.g. a repository file that does not exist). To ship another file with every
release (a viewer, an export), add one entry here: the build writes it, ``SHA256SUMS`` and the
release record cover it, and both archives carry it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from claimtrace.release.generated import GENERATED


@dataclass(frozen=True)
class BuildContext:
    """What a companion may be made from: the package, its version and the tables as written."""

    root: Path
    descriptor: dict[str, Any]
    version: str
    created: str
    changelog_entry: str
    tables: dict[str, pl.DataFrame]
    """Every CSV table as written to the release, cells as text, by table name."""
    schemas: dict[str, dict[str, Any]]
    """The Table Schema descriptor of every table, by table name."""
    staged: Path | None = None
    """The release folder being built: its tables, texts and datapackage.json are written before
    any companion is made (the viewer and the exports are built from them)."""


@dataclass(frozen=True)
class Companion:
    """One file of the release: where it goes and how its bytes are made."""

    path: str
    make: Callable[[BuildContext], bytes | None]


def copied(rel: str) -> Companion:
    """The repository file ``rel``, copied to the same path in the release when it exists.

    It must be a regular file inside the package: a symlink leading out, a pipe, a device or a
    directory there is refused by name (ReleaseError), never read.
    """

    def make(context: BuildContext) -> bytes | None:
        from claimtrace.release.errors import ReleaseError
        from claimtrace.safety.files import ContainedFileError, optional_contained

        try:  # a regular file inside the package, or nothing at all there
            return optional_contained(context.root, rel)
        except ContainedFileError as exc:
            raise ReleaseError(f"{rel}: {exc.message}") from None

    return Companion(rel, make)


def _changelog(context: BuildContext) -> bytes:
    return context.changelog_entry.encode("utf-8")


def generated(rel: str) -> Companion:
    """A file built from the staged release: the viewer or an export (see ``generated``)."""

    def make(context: BuildContext) -> bytes:
        from claimtrace.release.generated import generated_file

        return generated_file(context, rel)

    return Companion(rel, make)


def _card(context: BuildContext) -> bytes:
    from claimtrace.release.card import dataset_card

    return dataset_card(context).encode("utf-8")


COMPANIONS: tuple[Companion, ...] = (
    Companion("README.md", _card),
    Companion("CHANGELOG.md", _changelog),
    copied("LICENSE-DATA.md"),
    copied("TEXTS-RIGHTS.md"),
    copied("CITATION.cff"),
    copied("docs/CODEBOOK.md"),
    copied("docs/data-dictionary.md"),
    copied("docs/VALIDATION.md"),
    *(generated(rel) for rel in GENERATED),
)
