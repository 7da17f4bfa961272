"""The validation report: every problem of every layer, as text for curators or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from claimtrace.safety.terminal import printable
from claimtrace.validation.problems import LAYERS

DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class Report:
    """Problems found in one package; ``readable`` is False when it could not be read at all."""

    problems: pl.DataFrame
    readable: bool = True

    @property
    def valid(self) -> bool:
        """True when the package was read and no problem was found."""
        return self.readable and self.problems.height == 0

    @property
    def exit_code(self) -> int:
        """0 valid, 1 invalid, 2 unreadable."""
        if not self.readable:
            return 2
        return 0 if self.valid else 1

    def counts(self) -> dict[str, Any]:
        """Problem counts: in total, per layer, per table and per rule."""

        def by(column: str) -> dict[str, int]:
            grouped = self.problems.group_by(column).len().sort(column, nulls_last=True)
            return {str(k): int(n) for k, n in grouped.iter_rows()}

        per_layer = by("layer")
        return {
            "total": self.problems.height,
            "by_layer": {layer: per_layer.get(layer, 0) for layer in LAYERS},
            "by_table": by("table"),
            "by_rule": by("rule"),
        }

    def to_dict(self, limit: int | None = DEFAULT_LIMIT) -> dict[str, Any]:
        """The report as a JSON-ready document; at most ``limit`` problems are listed."""
        shown = self.problems if limit is None else self.problems.head(limit)
        return {
            "valid": self.valid,
            "readable": self.readable,
            "exit_code": self.exit_code,
            "problems": shown.to_dicts(),
            "counts": self.counts(),
            "not_shown": self.problems.height - shown.height,
        }

    def to_json(self, limit: int | None = DEFAULT_LIMIT) -> str:
        """``to_dict`` as JSON text (UTF-8, not ASCII-escaped)."""
        return json.dumps(self.to_dict(limit), ensure_ascii=False, indent=2)

    def to_text(self, limit: int | None = DEFAULT_LIMIT) -> str:
        """A report for a curator: one block per problem, then a summary line.

        Every printed field is terminal-safe (``printable``): no cell, key or name can send a
        terminal sequence or start a line of its own.
        """
        if self.valid:
            return "valid: no problems found"
        shown = self.problems if limit is None else self.problems.head(limit)
        lines = []
        for row in shown.iter_rows(named=True):
            p = {
                k: printable(v) if isinstance(v, str) and k != "value" else v
                for k, v in row.items()
            }
            where = [p["table"] or "package"]
            if p["row"] is not None:
                where.append(f"row {p['row']}")
            if p["line"] is not None and p["line"] != p["row"]:
                where.append(f"line {p['line']}")
            if p["key"]:
                where.append(f"({p['key']})")
            if p["field"]:
                where.append(f"field {p['field']}")
            lines.append(f"{' '.join(where)}: [{p['rule']}] {p['message']}")
            if p["value"] is not None:
                lines.append(f"    value: {printable(repr(p['value']))}")
        hidden = self.problems.height - shown.height
        if hidden:
            lines.append(f"... and {hidden} more problem(s) not shown (raise --limit to see them)")
        c = self.counts()
        layers = ", ".join(f"{printable(k)} {v}" for k, v in c["by_layer"].items())
        state = "unreadable" if not self.readable else "invalid"
        lines.append(f"{state}: {c['total']} problem(s) ({layers})")
        return "\n".join(lines)
