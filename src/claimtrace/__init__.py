"""claimtrace: a provenance-first corpus of news claims, with its validator and release tooling."""

import os
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimtrace")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"


def load(path: str | os.PathLike[str], backend: str = "polars", *, verify: bool = True) -> dict:
    """The tables of a release by name: polars (default), pandas or pyarrow, with declared types.

    See ``claimtrace.release.load.load``; imported lazily so ``import claimtrace`` stays light.
    """
    from claimtrace.release.load import load as _load

    return _load(path, backend, verify=verify)  # type: ignore[arg-type]
