"""Which rules of the catalogue the Spark engine runs, shares or leaves to the default engine.

The rules are declared once, in ``claimtrace.validation.catalogue``; this module only says how
the Spark engine covers each. A test checks that every rule id of the catalogue is in exactly one
of the three sets, so a new rule cannot go unaccounted for.
"""

from __future__ import annotations

from claimtrace.validation.catalogue import CONSTRAINTS, TYPES

NATIVE = frozenset(
    # types and constraints, generated from the Table Schemas: every kind the catalogue knows
    {f"type.{kind}" for kind in TYPES}
    | {f"constraint.{kind}" for kind in CONSTRAINTS}
    | {
        # keys across whole tables
        "structure.primary_key",
        "structure.foreign_key",
        # corpus rules over tables and texts
        "corpus.text_path_matches_id",
        "corpus.text_exists",
        "corpus.text_sha256",
        "corpus.text_chars",
        "corpus.orphan_text",
        "corpus.span_in_text",
        "corpus.quote_matches_text",
        "corpus.claim_id_prefix",
        "corpus.figure_id_prefix",
        "corpus.figure_source_matches_claim",
        "corpus.figure_inside_claim",
    }
)
"""Run as Spark jobs over every row."""

SHARED = frozenset(
    {
        "structure.descriptor",
        "structure.unsafe_path",
        "structure.missing_file",
        "structure.foreign_key_resource",
        "structure.missing_column",
        "internal.error",
    }
)
"""Checked on the driver with the default engine's own code (descriptor, paths, header)."""


def not_covered(rule_ids: set[str]) -> set[str]:
    """The rules of ``rule_ids`` the Spark engine leaves to the default engine."""
    return set(rule_ids) - NATIVE - SHARED
