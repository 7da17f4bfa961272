"""The one error a release step raises: a message naming the file, table, row or field at fault."""

from __future__ import annotations


class ReleaseError(Exception):
    """A release cannot be built, read, compared or tagged; the message says why and where."""
