"""Rule declarations: every check module lists the rules it enforces as ``RULES``.

docs/VALIDATION.md is generated from these declarations (scripts/validation_doc.py), so the
documented rule set is the enforced one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One rule: a stable id, the layer that enforces it and what it requires, for a curator."""

    id: str
    layer: str
    requires: str
