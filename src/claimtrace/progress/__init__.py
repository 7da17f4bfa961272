"""Progress of long work (validate, release) as a rich progress bar on a terminal.

Library code marks its steps with ``stage("...")``, which costs nothing unless a command opened
a display with ``shown``. The CLI opens one only when both stdout and stderr are terminals and
``--json`` is not given, so piped output and machine output never carry it; the bar is drawn
on stderr and removed when the work ends. rich comes with typer, and is imported only when a
bar is shown.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass
class _Bar:
    progress: Any
    task: Any
    started: bool = False

    def stage(self, description: str) -> None:
        if self.started:
            self.progress.advance(self.task)
        self.started = True
        self.progress.update(self.task, description=description)


_current: ContextVar[_Bar | None] = ContextVar("claimtrace_progress", default=None)


def stage(description: str) -> None:
    """Start the next step of the work in progress (drawn only under ``displayed``)."""
    bar = _current.get()
    if bar is not None:
        bar.stage(description)


def on_terminal(json_output: bool = False) -> bool:
    """Whether a progress bar belongs on this output: a terminal, and not ``--json``."""
    return not json_output and sys.stdout.isatty() and sys.stderr.isatty()


@contextmanager
def displayed(title: str, steps: int, enabled: bool) -> Iterator[None]:
    """Show a bar of ``steps`` steps on stderr while the block runs, if ``enabled``."""
    if not enabled:
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn(f"{title}: [progress.description]{{task.description}}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        token = _current.set(_Bar(progress, progress.add_task("", total=steps)))
        try:
            yield
        finally:
            _current.reset(token)
