"""``diff_packages``: what changed between two releases, or a release and the working corpus.

Rows are matched by primary key (see row_diff), schemas compared field by field (see
schema_diff), and the changes summed up as the semver bump they require: rows added MINOR, rows
removed MAJOR (ids are promised stable, so a removed id breaks whoever cites it), rows changed
PATCH, schema changes as schema_diff grades them. Besides rows, a semantic changelog lists every
proposition whose status changed, with the claims on each side (see status_changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from claimtrace.release.corpus import (
    CsvTable,
    package_root,
    read_release_package,
    read_text,
    tables_of,
)
from claimtrace.release.row_diff import RowDiff, row_diff
from claimtrace.release.schema_diff import SchemaChange, schema_changes
from claimtrace.release.status_changes import (
    no_status_changes,
    render_status_changes,
    status_changes,
)
from claimtrace.release.version import Bump
from claimtrace.safety.terminal import printable

ROW_BUMPS = {"rows_added": Bump.MINOR, "rows_removed": Bump.MAJOR, "rows_changed": Bump.PATCH}


def key_labels(frame: pl.DataFrame, key: list[str]) -> list[str]:
    """``field=value`` labels of each row's key, e.g. ``claim_id=kyivindependent_decree.c01``."""
    if frame.height == 0:
        return []
    parts = [pl.lit(f"{k}=") + pl.col(k).cast(pl.String).fill_null("") for k in key]
    return frame.select(pl.concat_str(parts, separator=", ").alias("k"))["k"].to_list()


@dataclass
class PackageDiff:
    """Everything that changed from ``old`` to ``new``."""

    old: str
    new: str
    old_version: str | None
    new_version: str | None
    schema: list[SchemaChange]
    rows: dict[str, RowDiff] = field(default_factory=dict)
    statuses: pl.DataFrame = field(default_factory=no_status_changes)
    """Propositions whose status changed (status_changes); empty when a side has no statuses."""

    @property
    def bump(self) -> Bump:
        """The semver bump the changes require (NONE when nothing changed)."""
        bumps = [c.bump for c in self.schema]
        for d in self.rows.values():
            bumps += [ROW_BUMPS[k] for k, n in d.counts.items() if n]
        return max(bumps, default=Bump.NONE)

    def as_dict(self) -> dict[str, Any]:
        """JSON form: versions, bump, schema changes, and per table the keys of every row."""
        tables = {}
        for name, d in self.rows.items():
            changed = d.changed.with_columns(pl.Series("key", key_labels(d.changed, d.key)))
            tables[name] = {
                **d.counts,
                "key": d.key,
                "added": key_labels(d.added, d.key),
                "removed": key_labels(d.removed, d.key),
                "changed": changed.select("key", "fields").to_dicts(),
            }
        return {
            "old": self.old,
            "new": self.new,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "bump": self.bump.label,
            "schema_changes": [c.as_dict() for c in self.schema],
            "tables": tables,
            "status_changes": self.statuses.to_dicts(),
        }

    def render(self, limit: int = 20) -> str:
        """A plain-text report listing at most ``limit`` rows per table and kind.

        Every name, key and detail taken from the packages is terminal-safe (``printable``).
        """
        lines = [
            printable(f"{self.old} ({self.old_version}) -> {self.new} ({self.new_version})"),
            f"required bump: {self.bump.label}",
        ]
        if self.schema:
            lines.append("schema changes:")
            lines += [
                printable(
                    f"  [{c.bump.label}] {c.table}{'.' + c.field if c.field else ''}: "
                    f"{c.kind} ({c.detail})"
                )
                for c in self.schema
            ]
        for name, d in self.rows.items():
            counts = d.counts
            if not any(counts.values()):
                continue
            added, removed = counts["rows_added"], counts["rows_removed"]
            lines.append(
                f"{printable(name)}: {added} added, {removed} removed, "
                f"{counts['rows_changed']} changed"
            )
            for sign, frame in (("+", d.added), ("-", d.removed)):
                lines += [f"  {sign} {printable(k)}" for k in key_labels(frame.head(limit), d.key)]
            shown = d.changed.head(limit)
            lines += [
                printable(f"  ~ {k}: {', '.join(f)}")
                for k, f in zip(key_labels(shown, d.key), shown["fields"].to_list(), strict=True)
            ]
            hidden = max(0, d.added.height - limit) + max(0, d.removed.height - limit)
            hidden += max(0, d.changed.height - limit)
            if hidden:
                lines.append(f"  ... {hidden} more rows (use --json for all)")
        lines += render_status_changes(self.statuses, limit)
        if self.bump is Bump.NONE:
            lines.append("no changes")
        return "\n".join(lines)


def _empty_like(table: CsvTable) -> pl.DataFrame:
    return pl.DataFrame(schema=dict.fromkeys(table.schema.field_names, pl.String))


def diff_packages(old: Path | str, new: Path | str) -> PackageDiff:
    """Compare the CSV tables and Table Schemas of two packages (releases or working corpora)."""
    old_package = read_release_package(package_root(old))
    new_package = read_release_package(package_root(new))
    old_tables, new_tables = tables_of(old_package), tables_of(new_package)
    schema = schema_changes(
        {n: t.schema_descriptor for n, t in old_tables.items()},
        {n: t.schema_descriptor for n, t in new_tables.items()},
    )
    rows, frames = {}, {}
    for name in dict.fromkeys([*new_tables, *old_tables]):
        before, after = old_tables.get(name), new_tables.get(name)
        old_frame = read_text(before) if before else _empty_like(after)
        new_frame = read_text(after) if after else _empty_like(before)
        key = list((after or before).schema.primary_key)
        rows[name] = row_diff(old_frame, new_frame, key)
        frames[name] = (old_frame, new_frame)
    result = PackageDiff(
        str(old),
        str(new),
        old_package.descriptor.get("version"),
        new_package.descriptor.get("version"),
        schema,
        rows,
    )
    if _has_statuses(frames):
        (old_props, new_props), (old_claims, new_claims) = (
            frames["propositions"],
            frames["claims"],
        )
        result.statuses = status_changes(old_props, old_claims, new_props, new_claims)
    return result


def _has_statuses(frames: dict[str, tuple[pl.DataFrame, pl.DataFrame]]) -> bool:
    """Whether both sides have propositions with a status and claims aligned to them."""
    needed = {
        "propositions": ("proposition_id", "status"),
        "claims": ("claim_id", "proposition_id"),
    }
    return all(
        name in frames and all(set(columns) <= set(f.columns) for f in frames[name])
        for name, columns in needed.items()
    )
