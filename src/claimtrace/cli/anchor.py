"""``claimtrace anchor``: the code-point offsets of an exact quote in an archived text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import JsonOutput, PackageDir, fail
from claimtrace.texts.anchor import find_spans, near_misses
from claimtrace.texts.archive import read_archived_text


def anchor(
    source_id: Annotated[str, typer.Argument(help="Source whose archived text holds the quote.")],
    quote: Annotated[str, typer.Argument(help="The exact quote, as it stands in the text.")],
    package: PackageDir = Path("."),
    occurrence: Annotated[
        int | None,
        typer.Option(
            help="Pick the N-th occurrence (1-based) of a quote that occurs more than once."
        ),
    ] = None,
    json_output: JsonOutput = False,
) -> None:
    """Print START and END of QUOTE in SOURCE_ID's text; refuse an absent or ambiguous quote."""
    try:
        text = read_archived_text(package, source_id)
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    spans = find_spans(text, quote)
    if not spans:
        hints = near_misses(text, quote)
        lines = [f"quote not found in {source_id}: {quote!r}"]
        lines += [f"  longest matching start at {s.start}: {s.context}" for s in hints]
        raise fail(lines, 1)
    if occurrence is not None:
        if not 1 <= occurrence <= len(spans):
            raise fail(f"--occurrence must be 1..{len(spans)}", 1)
        spans = [spans[occurrence - 1]]
    if len(spans) > 1:
        lines = [
            f"quote {quote!r} occurs {len(spans)} times in {source_id}"
            "; extend it or pass --occurrence:"
        ]
        lines += [f"  {i}: {s.start} {s.end} {s.context}" for i, s in enumerate(spans, 1)]
        raise fail(lines, 1)
    span = spans[0]
    if json_output:
        typer.echo(
            json.dumps(
                {"source_id": source_id, "start": span.start, "end": span.end, "quote": quote},
                ensure_ascii=False,
            )
        )
    else:
        typer.echo(f"{span.start}\t{span.end}")
