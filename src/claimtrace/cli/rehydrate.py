"""``claimtrace rehydrate``: put your own copies of the texts into an annotations-only release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import fail
from claimtrace.safety.terminal import printable


def rehydrate(
    release: Annotated[
        Path, typer.Argument(help="The annotations-only release folder (extracted).")
    ],
    texts_dir: Annotated[
        Path, typer.Argument(help="Folder holding your copies, named <source_id>.txt.")
    ],
) -> None:
    """Check your texts by SHA-256 and every quote slice, then place them in RELEASE/data/texts.

    All texts or none: nothing is written unless every text matches. Exit 0 placed, 1 a text
    does not match (each named), 2 the release or folder cannot be read or already has texts.
    """
    from claimtrace.release.errors import ReleaseError
    from claimtrace.release.rehydrate import TextsRejected
    from claimtrace.release.rehydrate import rehydrate as place

    try:
        placed = place(release, texts_dir)
    except TextsRejected as exc:
        for line in exc.problems:
            typer.echo(f"error: {printable(line)}", err=True)
        raise fail(f"{len(exc.problems)} problem(s); no text was placed", 1) from None
    except ReleaseError as exc:
        raise fail(str(exc), 2) from None
    typer.echo(
        printable(f"placed {len(placed.files)} texts in {placed.folder}; they match the release")
    )
