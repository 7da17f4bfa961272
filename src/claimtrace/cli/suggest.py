"""``claimtrace suggest``: propose a source's lineage, claims, alignment and drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimtrace.cli.options import JsonOutput, fail
from claimtrace.safety.terminal import printable


def suggest(
    source_id: Annotated[str, typer.Argument(help="An archived source (see add-source).")],
    package: Annotated[Path, typer.Argument(help="Package directory.", file_okay=False)] = Path(
        "."
    ),
    json_output: JsonOutput = False,
    write_draft: Annotated[
        bool,
        typer.Option(
            "--write-draft", help="Write data/curation/drafts/<SOURCE_ID>.csv (nothing else)."
        ),
    ] = False,
) -> None:
    """Propose parents, candidate claims with their propositions, drift and undecided numbers.

    The source's own claims are hidden, so a curated source is proposed as if it were new.
    Changes nothing unless --write-draft, which writes only the draft file.
    """
    import polars as pl

    from claimtrace.curation.coverage import ExclusionError, source_ids
    from claimtrace.curation.tables import CurationInputError
    from claimtrace.metadata import read_package
    from claimtrace.metadata.package import PackageError
    from claimtrace.metadata.paths import UnsafePathError
    from claimtrace.suggest.corpus import load_corpus
    from claimtrace.suggest.draft import DraftExistsError
    from claimtrace.suggest.draft import write_draft as write
    from claimtrace.suggest.engine import Suggester
    from claimtrace.suggest.numbers import with_decisions
    from claimtrace.texts.archive import read_archived_text

    try:
        known = source_ids(package)
        if source_id not in known:
            raise fail(f"unknown source {source_id!r}; add it with claimtrace add-source first")
        root = read_package(package).root
        corpus = load_corpus(root, hide=source_id)
        suggestion = Suggester(corpus).suggest(source_id, read_archived_text(root, source_id))
        suggestion.numbers[:] = with_decisions(suggestion.numbers, root, source_id)
    except (
        PackageError,
        CurationInputError,
        ExclusionError,
        FileNotFoundError,
        ValueError,
        pl.exceptions.PolarsError,
    ) as exc:
        raise fail(str(exc)) from None
    if write_draft:
        try:
            path = write(root, suggestion, corpus)
        except (DraftExistsError, UnsafePathError, OSError) as exc:
            raise fail(f"no draft written: {exc}") from None
        typer.echo(f"draft: {printable(str(path))}", err=json_output)
    if json_output:
        typer.echo(json.dumps(suggestion.to_dict(), ensure_ascii=False, indent=1))
        return
    _print(suggestion)


def _row(indent: str, *fields: object) -> None:
    """One tab-separated output line, each field terminal-safe (no data can forge a line)."""
    typer.echo(indent + "\t".join(printable(str(f)) for f in fields))


def _print(s) -> None:
    typer.echo("parents (reuse score):")
    for p in s.parents:
        _row("  ", f"{p['score']:.3f}", p["source_id"])
    typer.echo("claims (start, end, parent claim, top propositions):")
    for c in s.claims:
        cands = ", ".join(f"{x['proposition_id']} {x['score']:.2f}" for x in c.candidates)
        _row("  ", c.start, c.end, c.parent_claim_id or "-", repr(c.quote))
        _row("\t\t", cands)
    from claimtrace.suggest.engine import PARENT_MIN

    if s.parents and s.parents[0]["score"] >= PARENT_MIN:
        _row("", f"drift candidates along {s.parents[0]['source_id']}:")
    else:
        typer.echo(f"drift candidates: none (no source reaches the parent score {PARENT_MIN})")
    for d in s.drift:
        where = (d.start, d.end) if d.start is not None else ("-", "-")
        _row("  ", d.kind, *where, d.note)
    typer.echo("numbers no candidate figure covers:")
    for n in s.numbers:
        _row(
            "  ",
            n["start"],
            n["end"],
            repr(n["surface"]),
            n["kind"],
            n.get("decided_by") or "UNDECIDED",
        )
