"""Which numbers in the archived texts are decided: covered by a figure, or excluded with a reason.

The exclusion list (``data/curation/number_exclusions.csv``) names each excluded number by a short
quote that contains it and is unique in its text ("May 2, 2023"), with a category and a reason;
every number the scanner finds inside that quote is excluded. A number neither inside a figure's
span nor inside an exclusion is undecided, and the completeness test fails on it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from claimtrace.curation.numbers import find_numbers
from claimtrace.curation.tables import read_table
from claimtrace.metadata import read_package
from claimtrace.texts.anchor import find_spans
from claimtrace.texts.archive import read_archived_text

EXCLUSIONS_PATH = "data/curation/number_exclusions.csv"
EXCLUSION_COLUMNS = ("source_id", "quote", "category", "reason")
CATEGORIES = ("date", "list_marker", "ordinal", "furniture", "relative_date", "not_a_quantity")

_MENTION_SCHEMA = {
    "source_id": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "kind": pl.String,
    "value": pl.Float64,
}


class ExclusionError(ValueError):
    """An exclusion row that cannot be used: unknown category, or a quote not unique in its text."""


def source_ids(package_dir: Path) -> list[str]:
    """Every source id of the package, in table order."""
    return read_table(read_package(package_dir), "sources")["source_id"].to_list()


def mentions(package_dir: Path, ids: list[str]) -> pl.DataFrame:
    """Every number the scanner finds in each source's text, one row per mention."""
    rows = [
        {"source_id": sid, **n.__dict__}
        for sid in ids
        for n in find_numbers(read_archived_text(package_dir, sid))
    ]
    return pl.DataFrame(rows, schema=_MENTION_SCHEMA)


def read_exclusions(package_dir: Path) -> pl.DataFrame:
    """The exclusion list, anchored: one row per exclusion with its start and end."""
    path = package_dir / EXCLUSIONS_PATH
    try:
        frame = pl.read_csv(path, infer_schema=False) if path.is_file() else None
    except pl.exceptions.PolarsError as exc:
        raise ExclusionError(
            f"{EXCLUSIONS_PATH} cannot be read: {str(exc).splitlines()[0]}"
        ) from None
    if frame is None:
        return pl.DataFrame(schema={c: pl.String for c in EXCLUSION_COLUMNS}).with_columns(
            start=pl.lit(None, pl.Int64), end=pl.lit(None, pl.Int64)
        )
    if tuple(frame.columns) != EXCLUSION_COLUMNS:
        raise ExclusionError(f"{EXCLUSIONS_PATH}: columns must be {', '.join(EXCLUSION_COLUMNS)}")
    bad = frame.filter(~pl.col("category").is_in(CATEGORIES) | pl.col("reason").is_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise ExclusionError(
            f"{EXCLUSIONS_PATH}: {row['source_id']} {row['quote']!r}: category must be one of "
            f"{', '.join(CATEGORIES)} and reason non-empty"
        )
    texts = {sid: read_archived_text(package_dir, sid) for sid in frame["source_id"].unique()}
    starts, ends = [], []
    for sid, quote in frame.select("source_id", "quote").iter_rows():
        spans = find_spans(texts[sid], quote)
        if len(spans) != 1:
            raise ExclusionError(
                f"{EXCLUSIONS_PATH}: {sid} {quote!r} occurs {len(spans)} times; "
                "an exclusion quote must occur exactly once"
            )
        starts.append(spans[0].start)
        ends.append(spans[0].end)
    return frame.with_columns(start=pl.Series(starts, dtype=pl.Int64), end=pl.Series(ends))


def coverage(package_dir: Path, ids: list[str] | None = None) -> pl.DataFrame:
    """Each number mention with ``decided_by``: the covering figure id, the exclusion, or null."""
    package = read_package(package_dir)
    ids = ids if ids is not None else source_ids(package_dir)
    found = mentions(package.root, ids)
    figures = read_table(package, "figures").select(
        "source_id",
        pl.col("start").cast(pl.Int64, strict=False),
        pl.col("end").cast(pl.Int64, strict=False),
        label=pl.col("figure_id"),
    )
    excl = read_exclusions(package.root).select(
        "source_id", "start", "end", label=pl.lit("excluded: ") + pl.col("category")
    )
    decided = pl.concat([_covering(found, figures), _covering(found, excl)], how="vertical").unique(
        subset=["source_id", "start"], keep="first", maintain_order=True
    )
    return found.join(decided, on=["source_id", "start"], how="left").sort("source_id", "start")


def _covering(found: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """(source_id, start, decided_by) for each mention inside one of ``spans``."""
    joined = found.select("source_id", "start", "end").join(
        spans.rename({"start": "_s", "end": "_e"}), on="source_id"
    )
    return (
        joined.filter((pl.col("start") >= pl.col("_s")) & (pl.col("end") <= pl.col("_e")))
        .group_by("source_id", "start", maintain_order=True)
        .agg(decided_by=pl.col("label").first())
    )
