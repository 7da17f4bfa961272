"""Spreadsheet formula injection and oversized cells, checked on every text cell of every table.

Researchers open these CSVs in spreadsheets, which run a cell as a formula when it starts with
``=``, ``+``, ``-`` or ``@`` (Excel and LibreOffice also read the full-width ``＝ ＋ － ＠``), also
after leading blanks, which they trim; a leading tab or carriage return hides such a prefix. No
curated text needs any of these, so such a cell is rejected rather than escaped.

The one predicate, ``is_formula`` (Python) and ``formula_expr`` (polars), built from the same
patterns: a cell is a formula when

1. it starts with a tab or a carriage return (``HIDDEN``), or
2. after any leading blanks (white space, control and zero-width characters: ``BLANK``) it
   starts with ``= @ ＝ ＠``, or with a sign ``+ - ＋ －`` unless the whole cell is a plain signed
   number (``-5``, ``+3.5``, ``-1,200 %``: ``PLAIN_NUMBER``).

DDE payloads run a program only as formulas, so every DDE form is caught by its prefix:
``=cmd|' /C calc'!A0``, ``@SUM(1+1)*cmd|...``, ``=DDE("cmd";...)``, and the signed disguises
``-2 +3+cmd|' /C calc'!A0`` and ``-1 cmd|...``; ``   =1+1`` is a formula too, ``-5`` is not.
Anchored patterns keep the check as fast as one regex pass per column.
"""

from __future__ import annotations

import re

import polars as pl

from claimtrace.tables.typed import ROW
from claimtrace.validation.frames import key_expr
from claimtrace.validation.limits import MAX_CELL_CHARS
from claimtrace.validation.problems import problems_frame
from claimtrace.validation.reader import TableRead
from claimtrace.validation.rulebook import Rule

LAYER = "table"
BLANK = r"[\x00-\x20\x7f-\xa0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
"""Characters a spreadsheet trims or does not show before a formula (same in Python and Rust)."""
_SIGN = "[+\\-＋－]"
HIDDEN = r"^[\t\r]"
PREFIX = f"^{BLANK}*(?:[=@＝＠]|{_SIGN})"
PLAIN_NUMBER = f"{BLANK}*{_SIGN}[0-9]+(?:[.,][0-9]+)*(?: ?%)?"
"""A whole cell that is a signed number (matched whole: ``fullmatch``, or ``^...$`` in polars)."""
FIRST = f"^(?:{BLANK}|[=@＝＠]|{_SIGN})"
"""What every formula starts with (a blank, a prefix or a sign): the only cells worth testing."""
FIRST_BYTES = pl.Series(
    [*range(0x21), *b"+-=@", 0x7F, 0xC2, 0xE1, 0xE2, 0xE3, 0xEF], dtype=pl.UInt8
)
"""The first UTF-8 byte of every character ``FIRST`` matches (checked by the tests)."""
RULES = (
    Rule(
        "injection.formula",
        LAYER,
        "no text cell (nor item of a list cell) is a spreadsheet formula: after leading blanks "
        "it starts with none of = + - @ (nor ＝ ＋ － ＠: so no DDE form either) and it starts "
        "with no tab or carriage return; a sign is allowed only on a cell that is a plain "
        "number (one predicate: claimtrace.validation.injection.is_formula)",
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


def _offending_cells(read: TableRead, hit, may=None) -> pl.DataFrame:
    """``_row``, ``key``, ``field``, ``value`` of every cell where ``hit(name, is_list)`` is set.

    ``may(name, is_list)``, where given, is a cheap test true on every cell ``hit`` sets (None
    where it has none): only rows where it holds are tested by ``hit``. One select over all text
    columns of those rows; only rows with a hit are keyed and unpivoted to one row per cell.
    """
    columns = _text_columns(read)
    empty = {ROW: pl.Int64, "key": pl.String, "field": pl.String, "value": pl.String}
    if read.typed is None or not columns:
        return pl.DataFrame(schema=empty)
    rows = read.typed
    if may is not None:
        tests = [may(name, is_list) for name, is_list in columns]
        tests = [
            hit(name, is_list).is_not_null() if test is None else test.fill_null(False)
            for (name, is_list), test in zip(columns, tests, strict=True)
        ]
        rows = rows.filter(pl.any_horizontal(tests))
    keys = [k for k in read.schema.primary_key if k in read.typed.columns]
    hits = {f"hit:{name}": hit(name, is_list).cast(pl.String) for name, is_list in columns}
    wide = rows.select(ROW, *keys, **hits).filter(
        pl.any_horizontal(pl.col(list(hits)).is_not_null())
    )
    return (
        wide.select(ROW, *hits, key=key_expr(read.schema, keys))
        .unpivot(index=[ROW, "key"], variable_name="field", value_name="value")
        .drop_nulls("value")
        .select(ROW, "key", pl.col("field").str.strip_prefix("hit:"), "value")
    )


def is_formula(cell: str) -> bool:
    """Whether a spreadsheet would run ``cell`` as a formula (the predicate in the docstring)."""
    return bool(
        re.search(HIDDEN, cell)
        or (re.search(PREFIX, cell) and not re.fullmatch(PLAIN_NUMBER, cell))
    )


def formula_expr(cell: pl.Expr) -> pl.Expr:
    """``is_formula`` as a vectorised polars expression over a string column."""
    return cell.str.contains(HIDDEN) | (
        cell.str.contains(PREFIX) & ~cell.str.contains(f"^(?:{PLAIN_NUMBER})$")
    )


def _formula(name: str, is_list: bool) -> pl.Expr:
    col = pl.col(name)
    if is_list:
        return col.list.eval(pl.element().filter(formula_expr(pl.element()))).list.first()
    return pl.when(formula_expr(col)).then(col)


def _may_formula(name: str, is_list: bool) -> pl.Expr | None:
    """True on every cell ``_formula`` finds: its first byte can start a ``FIRST`` character."""
    if is_list:
        return None
    return pl.col(name).cast(pl.Binary).bin.get(0, null_on_oob=True).is_in(FIRST_BYTES.implode())


def _may_be_long(name: str, is_list: bool) -> pl.Expr | None:
    """True on every cell ``_length`` finds: a text never has more characters than bytes."""
    return None if is_list else pl.col(name).str.len_bytes() > MAX_CELL_CHARS


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
    cells = _offending_cells(read, _formula, _may_formula)
    lead = pl.col("value").str.replace(f"^{BLANK}+", "").str.slice(0, 1)
    first = (
        pl.when(pl.col("value").str.contains(HIDDEN))
        .then(pl.col("value").str.slice(0, 1).replace({"\t": "a tab", "\r": "a carriage return"}))
        .when(pl.col("value").str.contains(PREFIX))
        .then(pl.format("'{}'", lead))
        .otherwise(pl.lit("a formula prefix"))
    )
    message = pl.format(
        "a spreadsheet runs this cell as a formula (it starts with {}, after any blanks); "
        "reword it so it starts with a letter, a digit or a quotation mark",
        first,
    )
    return _problems(cells, read.resource.name, "injection.formula", message)


def cell_size_problems(read: TableRead) -> pl.DataFrame:
    """One problem per text cell longer than MAX_CELL_CHARS."""
    cells = _offending_cells(read, _length, _may_be_long)
    message = pl.format(
        "the cell holds {} characters, more than the {} a cell may hold; a curated cell is a "
        "sentence or a paragraph, not a document",
        pl.col("value"),
        pl.lit(f"{MAX_CELL_CHARS:,}"),
    )
    return _problems(cells, read.resource.name, "limits.cell_too_long", message)
