"""Spreadsheet formula injection and oversized cells, checked on every text cell of every table.

Researchers open these CSVs in spreadsheets, which run a cell starting with ``=``, ``+``, ``-``
or ``@`` as a formula (Excel and LibreOffice also read the full-width forms ``＝ ＋ － ＠``), and a
leading tab or carriage return hides such a prefix. No curated text starts that way, so such a
cell is rejected rather than escaped. A sign followed by a plain number (``-5``, ``+3.5 %``) is
allowed; a sign, digits and then an operator (``-2+3+cmd|...``) is not.
"""

from __future__ import annotations

import polars as pl

from claimtrace.validation.frames import concat_problems, rows_to_problems
from claimtrace.validation.limits import MAX_CELL_CHARS
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

LAYER = "table"
_SIGN = "[+\\-＋－]"
FORMULA = (
    "^(?:[=@＝＠\\t\\r]"  # always a formula (or a hidden one)
    f"|{_SIGN}(?:[^0-9]|$)"  # a sign not followed by a digit
    f"|{_SIGN}[0-9][0-9.,]*[+\\-*/^&|!=<>(:;]"  # a signed number running into an operator
    ")"
)
RULES = (
    Rule(
        "injection.formula",
        LAYER,
        "no text cell (nor item of a list cell) starts with =, +, -, @, a tab or a carriage "
        "return, or their full-width forms ＝ ＋ － ＠; a sign is allowed before a plain number",
    ),
)


def _text_columns(read: TableRead) -> list[tuple[str, bool]]:
    """(name, is_list) of the string and list fields present in the table."""
    fields = read.schema.fields
    return [
        (f.name, f.type == "list")
        for f in fields
        if f.name in read.present and f.type in ("string", "list")
    ]


def injection_problems(read: TableRead) -> pl.DataFrame:
    """One problem per cell that a spreadsheet would run as a formula."""
    if read.typed is None:
        return concat_problems([])
    out = []
    for name, is_list in _text_columns(read):
        col = pl.col(name)
        if is_list:
            hit = col.list.eval(
                pl.element().filter(pl.element().str.contains(FORMULA))
            ).list.first()
        else:
            hit = pl.when(col.str.contains(FORMULA)).then(col)
        bad = read.typed.with_columns(_hit=hit).filter(pl.col("_hit").is_not_null())
        out.append(
            rows_to_problems(
                bad,
                read.schema,
                layer=LAYER,
                rule="injection.formula",
                field=name,
                value=pl.col("_hit"),
                message=pl.format(
                    "{} starts with {}, which a spreadsheet runs as a formula; reword the cell "
                    "so it starts with a letter, a digit or a quotation mark",
                    pl.lit("an item" if is_list else "the cell"),
                    pl.col("_hit")
                    .str.slice(0, 1)
                    .replace({"\t": "a tab", "\r": "a carriage return"}),
                ),
            )
        )
    return concat_problems(out)


def cell_size_problems(read: TableRead) -> pl.DataFrame:
    """One problem per text cell longer than MAX_CELL_CHARS."""
    if read.typed is None:
        return concat_problems([])
    out = []
    for name, is_list in _text_columns(read):
        size = (
            pl.col(name).list.join(",").str.len_chars() if is_list else pl.col(name).str.len_chars()
        )
        bad = read.typed.with_columns(_n=size).filter(pl.col("_n") > MAX_CELL_CHARS)
        out.append(
            rows_to_problems(
                bad,
                read.schema,
                layer=LAYER,
                rule="limits.cell_too_long",
                field=name,
                value=pl.format("{} characters", pl.col("_n")),
                message=f"the cell is longer than {MAX_CELL_CHARS:,} characters; a curated cell "
                "is a sentence or a paragraph, not a document",
            )
        )
    return concat_problems(out)
