"""How the Spark engine covers each rule of the catalogue: the one place that says so.

The rules are declared once, in ``claimtrace.validation.catalogue``; this module puts each in
one family and says where the family runs:

- ``native``: a Spark SQL row expression or join, generated from the same declarations as the
  default engine's check (Table Schemas, ``injection``'s patterns);
- ``executor``: the default engine's own polars code, called by ``mapInArrow`` or a grouped
  ``applyInArrow`` on Spark's executors (``tasks``), where writing the rule a second time in SQL
  would let the engines drift apart;
- ``driver``: the default engine's code on the driver, for inputs of a few kB (the descriptor)
  or package-level files (a release's checksums).

A test checks that every rule id of the catalogue is in exactly one family
(``not_covered`` is empty), so a new rule cannot go unaccounted for.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimtrace import integrity
from claimtrace.validation import (
    attribution_rules,
    drift_rules,
    proposition_rules,
    relation_rules,
)
from claimtrace.validation.catalogue import CONSTRAINTS, TYPES
from claimtrace.validation.row_rules import ROW_RULES


@dataclass(frozen=True)
class Family:
    """Rules covered the same way: where they run, and why there."""

    name: str
    where: str  # native, executor or driver
    rules: frozenset[str]
    why: str


FAMILIES = (
    Family(
        "types and constraints",
        "native",
        frozenset({f"type.{k}" for k in TYPES} | {f"constraint.{k}" for k in CONSTRAINTS}),
        "cell expressions generated from the Table Schemas, one scan of each table",
    ),
    Family(
        "keys",
        "native",
        frozenset({"structure.primary_key", "structure.foreign_key"}),
        "a group-by and an anti-join across whole tables",
    ),
    Family(
        "hostile cells",
        "native",
        frozenset({"injection.formula", "limits.cell_too_long"}),
        "a regex and a length per text cell; the regex is injection's own patterns",
    ),
    Family(
        "spans, ids and figures",
        "native",
        frozenset(
            {
                "corpus.orphan_text",
                "corpus.span_in_text",
                "corpus.quote_matches_text",
                "corpus.claim_id_prefix",
                "corpus.figure_id_prefix",
                "corpus.figure_source_matches_claim",
                "corpus.figure_inside_claim",
            }
        ),
        "joins of claims and figures with the usable texts (substring counts code points)",
    ),
    Family(
        "byte scan and CSV shape",
        "executor",
        frozenset(
            {
                "structure.unsafe_path",
                "structure.missing_file",
                "structure.unreadable_file",
                "structure.encoding",
                "structure.bom",
                "structure.line_ending",
                "structure.missing_header",
                "structure.unparsable",
                "structure.unclosed_quote",
                "structure.blank_header",
                "structure.duplicate_header",
                "structure.renamed_column",
                "structure.extra_column",
                "structure.missing_column",
                "structure.column_order",
                "structure.blank_row",
                "structure.extra_cell",
                "structure.missing_cell",
                "encoding.not_a_file",
                "encoding.nul",
                "encoding.nfc",
                "limits.file_too_large",
                "limits.line_too_long",
            }
        ),
        "guarded.guarded_reads on one table per task: the scan streams the file by path and "
        "only quote parity from its first byte says where a record starts",
    ),
    Family(
        "archived texts",
        "executor",
        frozenset(
            {
                "corpus.text_path_safe",
                "corpus.text_path_matches_id",
                "corpus.text_exists",
                "corpus.text_readable",
                "corpus.text_utf8",
                "corpus.text_normal_form",
                "corpus.text_sha256",
                "corpus.text_chars",
                "corpus.texts_table",
                "corpus.texts_sha256",
                "encoding.empty_file",
            }
        ),
        "texts_batch.text_pass and corpus.text_problems on the sources rows of each "
        "partition (partitioned by text_path): each text read once, without following links; "
        "a Parquet texts table's own problems once, over every sources row, in the semantic "
        "rules' group",
    ),
    Family(
        "row rules and calendar dates",
        "executor",
        frozenset({r.rule for r in ROW_RULES} | {"date.calendar"}),
        "declared as polars expressions, not data: run as they are on each partition",
    ),
    Family(
        "rules of a source",
        "executor",
        frozenset({"corpus.claim_id_order", "corpus.headline"}),
        "claim_rules' polars code, grouped by source_id (claims, figures, the source, its text)",
    ),
    Family(
        "semantic rules",
        "executor",
        frozenset(
            {r.id for m in (proposition_rules, drift_rules, attribution_rules) for r in m.RULES}
            | {r.id for r in relation_rules.RULES}
            | {"corpus.event_date_role", "corpus.lineage_acyclic"}
        ),
        "propositions, drift along lineage, attribution, relations and lineage cycles read "
        "across sources: the default engine's code in one group over the tables' cells "
        "(texts excluded)",
    ),
    Family(
        "descriptor and release",
        "driver",
        frozenset(
            {"structure.descriptor", "structure.foreign_key_resource", "internal.error"}
            | {r.id for r in integrity.RULES}
        ),
        "the descriptor is a few kB; a release's checksums and Parquet copies are checked by "
        "integrity.integrity_problems, as in the default engine",
    ),
)

COVERAGE = {rule: family for family in FAMILIES for rule in family.rules}
"""Every rule id the Spark engine runs, with its family."""
NATIVE = frozenset(r for r, f in COVERAGE.items() if f.where == "native")
EXECUTOR = frozenset(r for r, f in COVERAGE.items() if f.where == "executor")
DRIVER = frozenset(r for r, f in COVERAGE.items() if f.where == "driver")


def not_covered(rule_ids: set[str]) -> set[str]:
    """The rules of ``rule_ids`` the Spark engine does not run (a test keeps this empty)."""
    return set(rule_ids) - set(COVERAGE)
