"""The shape of a CSV file, found without trusting it: logical records and their cell counts.

``polars.read_csv`` raises on a row with too many cells and silently pads a row with too few, so
the shape is measured first, vectorised: the file is split into physical lines, lines are joined
into records wherever a quoted cell spans a line break (odd running count of ``"``), and the cells
of each record are counted as one plus the commas left after removing the quoted sections.
"""

from __future__ import annotations

import io

import polars as pl

QUOTED = r'"[^"]*"'


def split_records(text: str) -> pl.DataFrame:
    """Logical records of a CSV text: columns ``row`` (1-based, header = 1), ``line``, ``text``.

    ``line`` is the physical line the record starts on. A trailing line break ends the last
    record; it does not add an empty one.
    """
    body = text[:-1] if text.endswith("\n") else text
    frame = (
        pl.DataFrame({"text": [body]}, schema={"text": pl.String})
        .select(pl.col("text").str.split("\n"))
        .explode("text")
        .with_row_index("line", offset=1)
    )
    if not text:
        frame = frame.clear()
    frame = frame.with_columns(pl.col("line").cast(pl.Int64))
    quotes = pl.col("text").str.count_matches('"', literal=True)
    frame = frame.with_columns(quotes.alias("_quotes"))
    if (frame["_quotes"] % 2).sum():
        starts = ((pl.col("_quotes").cum_sum() - pl.col("_quotes")) % 2) == 0
        frame = (
            frame.with_columns(starts.cum_sum().alias("_record"))
            .group_by("_record", maintain_order=True)
            .agg(pl.col("line").first(), pl.col("text").str.join("\n"))
        )
    frame = frame.select("line", pl.col("text").str.strip_suffix("\r"))
    return frame.with_row_index("row", offset=1).with_columns(pl.col("row").cast(pl.Int64))


def with_cell_counts(records: pl.DataFrame) -> pl.DataFrame:
    """Add ``cells``: the number of cells each record holds (0 for a blank record)."""
    unquoted = pl.col("text").str.replace_all(QUOTED, "")
    cells = unquoted.str.count_matches(",", literal=True).cast(pl.Int64) + 1
    return records.with_columns(
        pl.when(pl.col("text") == "").then(0).otherwise(cells).alias("cells")
    )


def parse_labels(header: str) -> list[str | None]:
    """The header record's labels as written (an empty label is None)."""
    frame = pl.read_csv(io.StringIO(header + "\n"), has_header=False, infer_schema=False)
    return [None if v is None or v == "" else v for v in frame.row(0)]


def parse_rows(data: bytes, width: int) -> pl.DataFrame:
    """Parse CSV records (no header) known to hold ``width`` cells each, as strings c0..cN."""
    names = [f"c{i}" for i in range(width)]
    if not data.strip(b"\n"):
        return pl.DataFrame(schema=dict.fromkeys(names, pl.String))
    return pl.read_csv(
        data,
        has_header=False,
        new_columns=names,
        infer_schema=False,
        encoding="utf8",
    )
