"""The boundary around every command: one line and exit 2 for any failure, never a traceback.

``command`` wraps each command (``claimtrace.cli`` registers every command through it). Inside
it:

- the environment is checked first for settings that make a compiled library panic
  (``POLARS_MAX_THREADS=0``) and such a setting is refused by name, before polars is loaded;
- every exception but ``KeyboardInterrupt`` and ``SystemExit`` (and the CLI's own exits) is
  caught, including ``BaseException`` subclasses such as pyo3's ``PanicException`` that a Rust
  library raises, and reported on one line naming the command and the cause, exit 2;
- under ``--json`` the failure is a JSON error object on stdout (``error_document``), with the
  same exit code, so a machine reading stdout always gets JSON.

No command leaves partial output when it fails, whatever the failure: each writes atomically
(``atomic.write_atomic``: report --out, anchor-rows, add-source's table) or into a staging folder
removed on any exception (release, which also removes the output folder it created), and
add-source removes the texts it archived before re-raising.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

import typer

from claimtrace.safety.terminal import printable

F = TypeVar("F", bound=Callable[..., Any])
_JSON: ContextVar[bool] = ContextVar("claimtrace_json_output", default=False)
_COMMAND: ContextVar[str] = ContextVar("claimtrace_command", default="claimtrace")
PASS_THROUGH = (KeyboardInterrupt, SystemExit, typer.Exit, typer.Abort, typer.TyperException)
POSITIVE_INT_SETTINGS = ("POLARS_MAX_THREADS",)
"""Environment settings a compiled library panics on unless they are positive whole numbers."""


def error_document(command: str, message: str, code: int) -> dict[str, Any]:
    """The JSON every ``--json`` command prints on stdout when it fails."""
    return {"ok": False, "command": command, "exit_code": code, "error": {"message": message}}


def fail(message: str | list[str], code: int = 2) -> typer.Exit:
    """Report ``message`` (stderr, or a JSON error object under --json); the Exit to raise.

    A string is printed as one terminal-safe line (a newline in it is escaped); a list prints
    one terminal-safe line per item, for messages that list candidates or problems.
    """
    lines = [message] if isinstance(message, str) else message
    if _JSON.get():
        text = "\n".join(lines)
        typer.echo(json.dumps(error_document(_COMMAND.get(), text, code), ensure_ascii=False))
    else:
        shown = "\n".join(printable(line) for line in lines)
        typer.secho(f"error: {shown}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def _environment_problem() -> str | None:
    for name in POSITIVE_INT_SETTINGS:
        value = os.environ.get(name)
        if value is not None and not (value.isascii() and value.isdigit() and int(value) > 0):
            return f"{name}={value!r} is not a positive whole number; unset it or give one"
    return None


def _cause(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    first = lines[0][:300] if lines else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


@contextlib.contextmanager
def _scope(name: str, json_output: bool) -> Iterator[None]:
    tokens = (_JSON.set(json_output), _COMMAND.set(name))
    try:
        yield
    finally:
        _COMMAND.reset(tokens[1])
        _JSON.reset(tokens[0])


def command(name: str) -> Callable[[F], F]:
    """Wrap the command ``name`` in the boundary described in the module docstring."""

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with _scope(name, bool(kwargs.get("json_output", False))):
                problem = _environment_problem()
                if problem:
                    raise fail(problem)
                try:
                    return func(*args, **kwargs)
                except PASS_THROUGH:
                    raise
                except BaseException as exc:  # a panic from a compiled library is a BaseException
                    raise fail(
                        f"claimtrace {name} failed on this input ({_cause(exc)}); nothing was "
                        "written. Please report it with the input that caused it"
                    ) from None

        run.boundary = name  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    return wrap
