"""claimtrace: a provenance-first corpus of news claims, with its validator and release tooling."""

import os
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimtrace")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"


def load(
    path: str | os.PathLike[str],
    backend: str = "polars",
    *,
    verify: bool = True,
    texts: bool = False,
) -> dict:
    """The tables of a release by name: polars (default), pandas or pyarrow, with declared types.

    ``texts=True`` adds the archived texts as a table ``texts`` (source_id, text, sha256), read
    from either layout a release keeps them in (``.txt`` files or the Parquet texts table).

    See ``claimtrace.release.load.load``; imported lazily so ``import claimtrace`` stays light.
    """
    from claimtrace.release.load import load as _load

    return _load(path, backend, verify=verify, texts=texts)  # type: ignore[arg-type]
