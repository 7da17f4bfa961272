"""claimtrace: a provenance-first corpus of news claims, with its validator and release tooling."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimtrace")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
