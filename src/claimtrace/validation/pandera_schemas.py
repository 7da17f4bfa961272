"""pandera (polars backend) schemas generated from the Table Schemas: no field described twice.

Each field becomes a ``Column`` with the dtype the typed reader produces, ``nullable`` from
``required`` (and the primary key), ``unique`` from the constraint, and one ``Check`` per
constraint. Each check comes with a ``CheckRule`` (stable rule id, what would be right), looked up
by column and check number when pandera reports a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandera.polars as pa

from claimtrace.metadata import Field, TableSchema
from claimtrace.tables.typed import polars_dtype


@dataclass(frozen=True)
class CheckRule:
    """A generated check: its rule id and what would be right."""

    rule: str
    expected: str


def anchored(pattern: str) -> str:
    """A Table Schema pattern as a full-match regex (Table Schema patterns are anchored)."""
    return f"^(?:{pattern})$"


def _checks(field: Field) -> list[tuple[pa.Check, CheckRule]]:
    if field.type == "list":
        return []  # constraints on list items are not used by the schemas
    c: dict[str, Any] = field.constraints
    out: list[tuple[pa.Check, CheckRule]] = []
    if "enum" in c:
        out.append(
            (
                pa.Check.isin(c["enum"]),
                CheckRule("constraint.enum", "one of: " + ", ".join(map(str, c["enum"]))),
            )
        )
    if "pattern" in c:
        out.append(
            (
                pa.Check.str_matches(anchored(c["pattern"])),
                CheckRule("constraint.pattern", f"text matching the pattern {c['pattern']}"),
            )
        )
    if "minLength" in c:
        out.append(
            (
                pa.Check.str_length(min_value=c["minLength"]),
                CheckRule("constraint.minLength", f"at least {c['minLength']} characters"),
            )
        )
    if "maxLength" in c:
        out.append(
            (
                pa.Check.str_length(max_value=c["maxLength"]),
                CheckRule("constraint.maxLength", f"at most {c['maxLength']} characters"),
            )
        )
    bounds = [
        ("minimum", pa.Check.ge, "at least"),
        ("maximum", pa.Check.le, "at most"),
        ("exclusiveMinimum", pa.Check.gt, "greater than"),
        ("exclusiveMaximum", pa.Check.lt, "less than"),
    ]
    for key, make, words in bounds:
        if key in c:
            out.append((make(c[key]), CheckRule(f"constraint.{key}", f"a value {words} {c[key]}")))
    return out


SCOPES = ("all", "rows", "unique")
"""What a schema checks: everything; what each row shows alone (every check but uniqueness);
uniqueness alone (partitioned validation checks rows chunk by chunk, uniqueness per partition)."""


def pandera_schema(
    schema: TableSchema, columns: list[str] | None = None, scope: str = "all"
) -> tuple[pa.DataFrameSchema, dict[str, list[CheckRule]]]:
    """The pandera schema of ``schema`` (restricted to ``columns`` if given) and its check rules.

    A field that is the whole primary key gets no ``unique`` check: the structure layer's primary
    key check reports those duplicates, once. ``scope``: one of ``SCOPES``.
    """
    sole_key = schema.primary_key[0] if len(schema.primary_key) == 1 else None
    cols: dict[str, pa.Column] = {}
    rules: dict[str, list[CheckRule]] = {}
    for f in schema.fields:
        unique = f.unique and f.name != sole_key
        if (columns is not None and f.name not in columns) or (scope == "unique" and not unique):
            continue
        checks = _checks(f) if scope != "unique" else []
        cols[f.name] = pa.Column(
            polars_dtype(f),
            checks=[c for c, _ in checks],
            nullable=scope == "unique" or not (f.required or f.name in schema.primary_key),
            unique=unique and scope != "rows",
            coerce=False,
            title=f.title or None,
            description=f.description or None,
        )
        rules[f.name] = [r for _, r in checks]
    return pa.DataFrameSchema(cols, name=schema.name, strict=False, ordered=False), rules
