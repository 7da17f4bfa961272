"""Spreadsheet formula injection and oversized cells, checked on every text cell of every table.

Researchers open these CSVs in spreadsheets, which run a cell starting with ``=``, ``+``, ``-``
or ``@`` as a formula (Excel and LibreOffice also read the full-width forms ``＝ ＋ － ＠``), and a
leading tab or carriage return hides such a prefix. No curated text starts that way, so such a
cell is rejected rather than escaped. A sign followed by a plain number (``-5``, ``+3.5 %``) is
allowed; a sign, digits and then an operator (``-2+3+cmd|...``) is not.
"""

from __future__ import annotations

import polars as pl

from claimtrace.tables.typed import ROW
from claimtrace.validation.frames import key_expr
from claimtrace.validation.limits import MAX_CELL_CHARS
from claimtrace.validation.problems import problems_frame
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


def _offending_cells(read: TableRead, hit) -> pl.DataFrame:
    """``_row``, ``key``, ``field``, ``value`` of every cell where ``hit(name, is_list)`` is set.

    One select over all text columns of the table; only rows with a hit are keyed and
    unpivoted to one row per offending cell.
    """
    columns = _text_columns(read)
    empty = {ROW: pl.Int64, "key": pl.String, "field": pl.String, "value": pl.String}
    if read.typed is None or not columns:
        return pl.DataFrame(schema=empty)
    keys = [k for k in read.schema.primary_key if k in read.typed.columns]
    hits = {f"hit:{name}": hit(name, is_list).cast(pl.String) for name, is_list in columns}
    wide = read.typed.select(ROW, *keys, **hits).filter(
        pl.any_horizontal(pl.col(list(hits)).is_not_null())
    )
    return (
        wide.select(ROW, *hits, key=key_expr(read.schema, keys))
        .unpivot(index=[ROW, "key"], variable_name="field", value_name="value")
        .drop_nulls("value")
        .select(ROW, "key", pl.col("field").str.strip_prefix("hit:"), "value")
    )


def _formula(name: str, is_list: bool) -> pl.Expr:
    col = pl.col(name)
    if is_list:
        return col.list.eval(pl.element().filter(pl.element().str.contains(FORMULA))).list.first()
    return pl.when(col.str.contains(FORMULA)).then(col)


def _length(name: str, is_list: bool) -> pl.Expr:
    size = pl.col(name).list.join(",") if is_list else pl.col(name)
    size = size.str.len_chars()
    return pl.when(size > MAX_CELL_CHARS).then(size)


def _problems(cells: pl.DataFrame, table: str, rule: str, message: pl.Expr) -> pl.DataFrame:
    return problems_frame(
        cells.select(
            layer=pl.lit(LAYER),
            table=pl.lit(table),
            row=ROW,
            key="key",
            field="field",
            rule=pl.lit(rule),
            value="value",
            message=message,
        )
    )


def injection_problems(read: TableRead) -> pl.DataFrame:
    """One problem per cell (or list item) that a spreadsheet would run as a formula."""
    cells = _offending_cells(read, _formula)
    first = pl.col("value").str.slice(0, 1).replace({"\t": "a tab", "\r": "a carriage return"})
    message = pl.format(
        "starts with {}, which a spreadsheet runs as a formula; reword it so it starts with a "
        "letter, a digit or a quotation mark",
        first,
    )
    return _problems(cells, read.resource.name, "injection.formula", message)


def cell_size_problems(read: TableRead) -> pl.DataFrame:
    """One problem per text cell longer than MAX_CELL_CHARS."""
    cells = _offending_cells(read, _length)
    message = pl.format(
        "the cell holds {} characters, more than the {} a cell may hold; a curated cell is a "
        "sentence or a paragraph, not a document",
        pl.col("value"),
        pl.lit(f"{MAX_CELL_CHARS:,}"),
    )
    return _problems(cells, read.resource.name, "limits.cell_too_long", message)
