"""Every rule the validator enforces, collected from where each is declared.

Sources, in order: the ``RULES`` of the hostile-input modules, the row rules (``ROW_RULES``), the
constraints and types the Table Schemas in ``schemas/`` declare (one rule id per constraint kind,
listing the fields it applies to), and the rules of the reader and the corpus layer, described
below. docs/VALIDATION.md is generated from this list (scripts/validation_doc.py), and a test
checks that every rule id written in the validator's code is in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from claimtrace import integrity
from claimtrace.texts_table import check as texts_table
from claimtrace.validation import (
    attribution_rules,
    calendar,
    claim_rules,
    drift_rules,
    encoding,
    guarded,
    injection,
    limits,
    proposition_rules,
    relation_rules,
)
from claimtrace.validation.row_rules import ROW_RULES
from claimtrace.validation.rulebook import Rule

CONSTRAINTS = {
    "required": "a value is given (the cell is not empty)",
    "unique": "no two rows share the value",
    "enum": "the value is one of the field's listed values",
    "pattern": "the value matches the field's pattern (whole value)",
    "minLength": "the text is at least the field's minimum length",
    "maxLength": "the text is at most the field's maximum length",
    "minimum": "the number is at least the field's minimum",
    "maximum": "the number is at most the field's maximum",
    "exclusiveMinimum": "the number is above the field's exclusive minimum",
    "exclusiveMaximum": "the number is below the field's exclusive maximum",
}
TYPES = {
    "integer": "the cell is a whole number (e.g. 42)",
    "number": "the cell is a number (e.g. 1500 or 2.5; no thousands separators)",
    "boolean": "the cell is true or false",
    "date": "the cell is a date YYYY-MM-DD",
    "datetime": "the cell is an ISO 8601 date-time",
    "year": "the cell is a year YYYY",
}
DESCRIBED = (
    # the descriptor and files (reader)
    Rule(
        "structure.descriptor",
        "structure",
        "datapackage.json and every Table Schema it names are contained regular files of strict "
        "JSON (no NaN or Infinity, no key twice in an object, nesting at most 64 deep) of the "
        "right shape: a non-empty list of resources, each with one name, path, type and format "
        "(strings; names and paths unique); schemas with unique field names of known types, "
        "constraints of the right JSON types, patterns that compile, and primary and foreign "
        "keys naming declared fields. Else exit 2, naming the file and field",
    ),
    Rule(
        "structure.unsafe_path",
        "structure",
        "a resource path is a relative path inside the package: no URL of any scheme, absolute "
        "path, ~, .., backslash or symlink leading out; nothing outside is opened",
    ),
    Rule("structure.missing_file", "structure", "every resource's CSV file exists"),
    Rule(
        "structure.unreadable_file",
        "structure",
        "every resource's CSV file can be opened and read (fires on a symlink loop or an I/O "
        "error; a directory, pipe or socket is `encoding.not_a_file`, a dangling symlink "
        "`structure.missing_file`)",
    ),
    Rule("structure.encoding", "structure", "a CSV table is valid UTF-8 (line, row and key named)"),
    Rule("structure.bom", "structure", "a CSV table has no byte-order mark"),
    Rule(
        "structure.line_ending",
        "structure",
        "a CSV table ends lines with LF only: no CR LF, no bare CR",
    ),
    Rule(
        "structure.missing_header",
        "structure",
        "a CSV table starts with a header row (an empty file has none)",
    ),
    Rule("structure.unparsable", "structure", "the CSV parser can read every row"),
    # header and cells
    Rule("structure.blank_header", "structure", "every header cell names a column"),
    Rule("structure.duplicate_header", "structure", "no column name appears twice"),
    Rule(
        "structure.renamed_column",
        "structure",
        "each header names the column the schema declares at its place",
    ),
    Rule("structure.extra_column", "structure", "no column the schema does not declare"),
    Rule("structure.missing_column", "structure", "every declared column is present"),
    Rule("structure.column_order", "structure", "columns are in the schema's declared order"),
    Rule("structure.blank_row", "structure", "no blank row (empty, or commas only)"),
    Rule("structure.extra_cell", "structure", "no row has more cells than the header"),
    Rule("structure.missing_cell", "structure", "no row has fewer cells than the header"),
    # keys
    Rule(
        "structure.primary_key",
        "structure",
        "the primary key (single or composite) is unique: no row repeats another's key",
    ),
    Rule(
        "structure.foreign_key",
        "structure",
        "a foreign key names an existing row of the referenced table (null allowed)",
    ),
    Rule(
        "structure.foreign_key_resource",
        "structure",
        "a foreign key references a resource the package declares",
    ),
    # archived texts
    Rule(
        "corpus.text_path_safe",
        "corpus",
        "a source's text_path stays inside the package; nothing outside is opened",
    ),
    Rule("corpus.text_path_matches_id", "corpus", "text_path is data/texts/<source_id>.txt"),
    Rule(
        "corpus.text_exists",
        "corpus",
        "the archived text of every source exists (a file, or in the Parquet layout a row of the "
        "texts table standing for text_path)",
    ),
    Rule(
        "corpus.text_readable",
        "corpus",
        f"an archived text is a regular file of at most {limits.MAX_TEXT_BYTES >> 20} MiB",
    ),
    Rule("corpus.text_utf8", "corpus", "an archived text is valid UTF-8"),
    Rule(
        "corpus.text_normal_form",
        "corpus",
        "an archived text is NFC, with LF line ends (no CR) and no byte-order mark",
    ),
    Rule("corpus.text_sha256", "corpus", "text_sha256 is the SHA-256 of the archived text"),
    Rule("corpus.text_chars", "corpus", "text_chars is the archived text's length in code points"),
    Rule(
        "corpus.orphan_text",
        "corpus",
        "every file in data/texts/ (and every row of the texts table) belongs to a source",
    ),
    # spans and links
    Rule("corpus.span_in_text", "corpus", "a claim's or figure's span ends inside its text"),
    Rule(
        "corpus.quote_matches_text",
        "corpus",
        "quote equals text[start:end] of the archived text (code points)",
    ),
    Rule("corpus.claim_id_prefix", "corpus", "claim_id starts with <source_id>.c"),
    Rule("corpus.figure_id_prefix", "corpus", "figure_id starts with <source_id>.f"),
    Rule(
        "corpus.figure_source_matches_claim", "corpus", "a figure has the same source as its claim"
    ),
    Rule("corpus.figure_inside_claim", "corpus", "a figure's span lies inside its claim's span"),
    Rule(
        "corpus.lineage_acyclic",
        "corpus",
        "lineage has no cycle: no source is, through other edges, its own ancestor (found in "
        "O(V + E) from strongly connected components)",
    ),
    Rule(
        "internal.error",
        "structure",
        "the validator itself never fails silently: an unexpected failure is reported (exit 2)",
    ),
)


@dataclass(frozen=True)
class Entry:
    """A rule and where it applies (tables, or table.field for schema constraints)."""

    rule: Rule
    applies_to: tuple[str, ...] = ()


def _schema_rules(schemas: Path) -> list[Entry]:
    constraints: dict[str, list[str]] = {}
    types: dict[str, list[str]] = {}
    for path in sorted(schemas.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        for field in schema.get("fields", []):
            where = f"{path.stem}.{field['name']}"
            for key in field.get("constraints", {}):
                constraints.setdefault(key, []).append(where)
            if field.get("type", "string") in TYPES:
                types.setdefault(field["type"], []).append(where)
    out = [
        Entry(Rule(f"constraint.{key}", "table", CONSTRAINTS[key]), tuple(fields))
        for key, fields in sorted(constraints.items())
        if key in CONSTRAINTS
    ]
    out += [
        Entry(Rule(f"type.{kind}", "structure", TYPES[kind]), tuple(fields))
        for kind, fields in sorted(types.items())
    ]
    return out


def _row_rules() -> list[Entry]:
    tables: dict[str, list[str]] = {}
    text: dict[str, str] = {}
    for r in ROW_RULES:
        tables.setdefault(r.rule, []).append(r.table)
        text.setdefault(r.rule, r.message)
    return [Entry(Rule(rule, "table", text[rule]), tuple(tables[rule])) for rule in tables]


def catalogue(schemas: Path) -> list[Entry]:
    """Every rule, each once: schema constraints and types, row rules, described and declared."""
    declared = [
        Entry(rule)
        for module in (
            encoding,
            guarded,
            limits,
            injection,
            calendar,
            integrity,
            proposition_rules,
            drift_rules,
            attribution_rules,
            claim_rules,
            relation_rules,
            integrity,
            texts_table,
        )
        for rule in module.RULES
    ]
    entries = _schema_rules(schemas) + _row_rules() + [Entry(r) for r in DESCRIBED] + declared
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.rule.id not in seen:
            seen.add(entry.rule.id)
            unique.append(entry)
    order = {"structure": 0, "table": 1, "corpus": 2}
    return sorted(unique, key=lambda e: (order[e.rule.layer], e.rule.id))


INTERNAL_NAMES = frozenset(defect for defect, _ in encoding.RULE_IDS)
"""Defect names the byte scan uses internally and reports under shared rule ids."""
