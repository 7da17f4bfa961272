"""Fill and verify the offsets of claims and figures from their quotes.

The curator writes quotes; this module writes ``start`` and ``end``. A claim's quote is searched in
its source's archived text, a figure's quote inside its claim's span. A quote that is absent, or
occurs more than once where the row's offsets do not already pick one occurrence, is refused with
its candidates: offsets are never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from claimtrace.curation.tables import read_table
from claimtrace.metadata import read_package
from claimtrace.metadata.paths import resolve_inside
from claimtrace.tables.csv_text import write_text_table
from claimtrace.texts.anchor import find_spans
from claimtrace.texts.archive import read_archived_text


@dataclass(frozen=True)
class AnchorProblem:
    """A row whose quote cannot be anchored: table, primary key, field and what is wrong."""

    table: str
    row: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.table} {self.row} {self.field}: {self.message}"


@dataclass(frozen=True)
class AnchorResult:
    """Problems found, and how many offsets were filled or corrected per table."""

    problems: list[AnchorProblem]
    changed: dict[str, int]


def _int(cell: str | None) -> int | None:
    return int(cell) if cell is not None and cell.strip().lstrip("-").isdigit() else None


def _resolve(
    table: str, key: str, text: str, quote: str | None, lo: int, hi: int, row: dict
) -> tuple[tuple[int, int] | None, AnchorProblem | None]:
    """The single span of ``quote`` inside ``text[lo:hi]``, or the problem that prevents it."""
    if not quote:
        return None, AnchorProblem(table, key, "quote", "empty quote")
    spans = [s for s in find_spans(text, quote) if s.start >= lo and s.end <= hi]
    start = _int(row.get("start"))
    picked = [s for s in spans if s.start == start] if start is not None else []
    if len(picked) == 1:
        spans = picked
    if not spans:
        where = "its source text" if table == "claims" else "its claim's span"
        return None, AnchorProblem(table, key, "quote", f"{quote!r} not found in {where}")
    if len(spans) > 1:
        cands = "; ".join(f"{s.start}-{s.end} {s.context}" for s in spans)
        return None, AnchorProblem(
            table, key, "quote", f"{quote!r} occurs {len(spans)} times ({cands}); set start"
        )
    return (spans[0].start, spans[0].end), None


def anchor_rows(package_dir: Path, write: bool = True) -> AnchorResult:
    """Fill or correct start/end of every claim and figure; write the tables back if ``write``."""
    package = read_package(package_dir)
    problems: list[AnchorProblem] = []
    changed = {"claims": 0, "figures": 0}
    texts: dict[str, str] = {}

    def text_of(source_id: str) -> str | None:
        if source_id not in texts:
            try:
                texts[source_id] = read_archived_text(package.root, source_id)
            except (FileNotFoundError, ValueError):
                return None
        return texts[source_id]

    frames = {}
    for name in ("claims", "figures"):
        frames[name] = read_table(package, name)

    claim_spans: dict[str, tuple[str, int, int]] = {}
    rows = frames["claims"].to_dicts()
    for row in rows:
        key, source_id = row["claim_id"], row["source_id"]
        text = text_of(source_id or "")
        if text is None:
            problems.append(AnchorProblem("claims", key, "source_id", f"no text for {source_id!r}"))
            continue
        span, problem = _resolve("claims", key, text, row["quote"], 0, len(text), row)
        if problem:
            problems.append(problem)
            continue
        assert span is not None
        claim_spans[key] = (source_id, *span)
        if (_int(row["start"]), _int(row["end"])) != span:
            row["start"], row["end"] = str(span[0]), str(span[1])
            changed["claims"] += 1
    new_claims = pl.DataFrame(rows, schema=frames["claims"].schema)

    rows_f = frames["figures"].to_dicts()
    for row in rows_f:
        key, claim = row["figure_id"], claim_spans.get(row["claim_id"] or "")
        if claim is None:
            problems.append(
                AnchorProblem("figures", key, "claim_id", f"claim {row['claim_id']!r} unanchored")
            )
            continue
        source_id, lo, hi = claim
        if not row["source_id"]:
            row["source_id"] = source_id
            changed["figures"] += 1
        if row["source_id"] != source_id:
            problems.append(
                AnchorProblem(
                    "figures", key, "source_id", f"{row['source_id']!r} is not its claim's source"
                )
            )
            continue
        span, problem = _resolve("figures", key, texts[source_id], row["quote"], lo, hi, row)
        if problem:
            problems.append(problem)
            continue
        assert span is not None
        if (_int(row["start"]), _int(row["end"])) != span:
            row["start"], row["end"] = str(span[0]), str(span[1])
            changed["figures"] += 1
    new_figures = pl.DataFrame(rows_f, schema=frames["figures"].schema)

    if write:
        for name, frame in (("claims", new_claims), ("figures", new_figures)):
            if changed[name]:
                res = package.resource(name)
                write_text_table(resolve_inside(package.root, res.path), frame, res.schema)
    return AnchorResult(problems, changed)
