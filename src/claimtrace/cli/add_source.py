"""``claimtrace add-source``: archive new texts and append their rows to the sources table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from claimtrace.atomic import write_atomic
from claimtrace.cli.options import PackageDir, fail
from claimtrace.curation.tables import read_table
from claimtrace.metadata import read_package
from claimtrace.metadata.package import PackageError
from claimtrace.metadata.paths import resolve_inside
from claimtrace.safety.files import ContainedFileError, contained_dir
from claimtrace.safety.terminal import printable
from claimtrace.tables.csv_text import write_text_table
from claimtrace.texts.archive import SOURCE_ID, TEXTS_DIR, text_path
from claimtrace.texts.normalise import normalise_text, sha256_hex

KINDS = ["original_report", "independent_report", "ai_rewrite", "copy"]


def slug(stem: str) -> str:
    """A source id from a file name: snake_case, starting with a letter."""
    s = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    return s if s[:1].isalpha() else f"src_{s}"


def _left_by_interrupted_run(target: Path, text: str) -> bool:
    """True when ``target`` holds exactly ``text``: left by a run stopped before adding its row.

    No sources row names it (the id is free), so this run completes that run.
    """
    try:
        return target.is_file() and target.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def add_source(
    files: Annotated[list[Path], typer.Argument(help="Text files to archive.", dir_okay=False)],
    kind: Annotated[str, typer.Option(help=f"Source kind: {', '.join(KINDS)}.")],
    ai_generated: Annotated[
        bool, typer.Option("--ai-generated/--human-written", help="Who wrote the text.")
    ],
    ai_evidence: Annotated[str, typer.Option(help="What in the text shows who wrote it.")],
    rights: Annotated[str, typer.Option(help="Rights position of the archived text.")],
    source_id: Annotated[
        str | None, typer.Option("--id", help="Source id (one FILE only); default from file name.")
    ] = None,
    ai_declared: Annotated[
        bool, typer.Option(help="The page itself declares whether it is AI generated.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="Headline as printed.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet actor id.")] = None,
    author: Annotated[list[str] | None, typer.Option(help="A byline (repeatable).")] = None,
    editor: Annotated[
        list[str] | None, typer.Option(help="A credited editor (repeatable).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Where the article was published.")] = None,
    language: Annotated[str, typer.Option(help="BCP 47 language tag.")] = "en",
    notes: Annotated[str | None, typer.Option(help="Curator's notes.")] = None,
    package: PackageDir = Path("."),
) -> None:
    """Archive FILES as data/texts/<id>.txt (UTF-8, NFC, LF) and append their sources rows.

    Never overwrites an existing text or id; on any error nothing is written.
    """
    if kind not in KINDS:
        raise fail(f"--kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if source_id is not None and len(files) != 1:
        raise fail("--id names one source; pass one FILE with it")
    try:
        pkg = read_package(package)
        resource = pkg.resource("sources")
        table_path = resolve_inside(pkg.root, resource.path)
        table = read_table(pkg, "sources")
    except (PackageError, KeyError, OSError, ValueError, pl.exceptions.PolarsError) as exc:
        raise fail(f"cannot read the sources table: {exc}") from None
    try:
        contained_dir(pkg.root, TEXTS_DIR)
    except ContainedFileError as exc:
        raise fail(f"{TEXTS_DIR}: {exc.message}; nothing added") from None
    taken = set(table["source_id"].to_list())
    rows, texts = [], {}
    for file in files:
        sid = source_id or slug(file.stem)
        if not SOURCE_ID.fullmatch(sid):
            raise fail(f"{file}: {sid!r} is not a valid source id (snake_case)")
        try:
            target = resolve_inside(pkg.root, text_path(sid))
        except ValueError as exc:
            raise fail(f"{file}: {exc}; nothing added") from None
        if sid in taken or sid in texts:
            raise fail(f"{file}: source id {sid!r} is taken; choose another with --id")
        if not file.is_file():
            raise fail(f"{file}: not a regular file; give the text as a file")
        try:
            text = normalise_text(file.read_bytes())
        except OSError as exc:
            raise fail(f"{file}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise fail(f"{file}: not UTF-8 at byte {exc.start}; convert it first") from None
        if target.exists() and not _left_by_interrupted_run(target, text):
            raise fail(f"{file}: source id {sid!r} is taken; choose another with --id")
        texts[sid] = (target, text)
        rows.append(
            {
                "source_id": sid,
                "title": title,
                "outlet_id": outlet,
                "authors": "|".join(author) if author else None,
                "editors": "|".join(editor) if editor else None,
                "date_published": None,
                "date_published_precision": None,
                "date_published_basis": "unknown",
                "url": url,
                "language": language,
                "source_kind": kind,
                "ai_generated": str(ai_generated).lower(),
                "ai_generated_basis": "declared_by_page" if ai_declared else "curator_judgement",
                "ai_generated_evidence": ai_evidence,
                "text_path": text_path(sid),
                "text_sha256": sha256_hex(text),
                "text_chars": str(len(text)),
                "rights": rights,
                "notes": notes,
            }
        )
    written: list[Path] = []
    try:
        for target, text in texts.values():
            if not target.exists():  # else the same text, left by an interrupted run
                write_atomic(target, text.encode("utf-8"), overwrite=False)
                written.append(target)
        new = pl.DataFrame(rows, schema=dict.fromkeys(resource.schema.field_names, pl.String))
        write_text_table(table_path, pl.concat([table, new]), resource.schema)
    except BaseException as exc:  # an error or an interrupt: undo the texts this run wrote
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(exc, (OSError, pl.exceptions.PolarsError)):
            raise fail(f"nothing added: {exc}") from None
        raise
    for sid, (_, text) in texts.items():
        typer.echo(printable(f"{sid}\t{text_path(sid)}\t{len(text)} chars\t{sha256_hex(text)}"))
