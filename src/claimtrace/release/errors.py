"""The one error a release step raises: a message naming the file, table, row or field at fault."""

from __future__ import annotations


class ReleaseError(Exception):
    """A release cannot be built, read, compared or tagged; the message says why and where.

    ``exit_code`` is what a command exits with: 1 for a refusal (the default), 2 when the input
    cannot be read at all (an unreadable descriptor or schema).
    """

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
