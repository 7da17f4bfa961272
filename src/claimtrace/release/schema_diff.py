"""Schema changes between two versions of a package, each with the semver bump it requires.

The Data Package version recipe: a table or field removed or renamed, a field retyped or
reordered, a constraint tightened or a primary or foreign key changed is MAJOR; a table or field
added or a constraint loosened is MINOR; descriptive metadata (title, description) is PATCH.
A renamed field shows as one field removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimtrace.release.version import Bump

LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength")
FLAGS = ("required", "unique")
TYPE_KEYS = ("type", "format", "itemType", "delimiter")
TEXT_KEYS = ("title", "description")


@dataclass(frozen=True)
class SchemaChange:
    """One schema change: where, what kind, a human-readable detail, and its bump."""

    table: str
    field: str | None
    kind: str
    detail: str
    bump: Bump

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "table": self.table,
            "field": self.field,
            "kind": self.kind,
            "detail": self.detail,
            "bump": self.bump.label,
        }


def _constraint(name: str, old: Any, new: Any) -> tuple[str, str] | None:
    """(``tightened``/``loosened``, detail) for one constraint, or None if unchanged."""
    if old == new:
        return None
    detail = f"{name}: {old!r} -> {new!r}"
    if name in FLAGS:
        return ("tightened" if new else "loosened"), detail
    if old is None:
        return "tightened", detail
    if new is None:
        return "loosened", detail
    if type(old) is not type(new) and not {type(old), type(new)} <= {int, float}:
        return "tightened", detail  # a bound of another kind (a retyped field) cannot be ordered
    if name in LOWER_BOUNDS:
        return ("tightened" if new > old else "loosened"), detail
    if name in UPPER_BOUNDS:
        return ("tightened" if new < old else "loosened"), detail
    if name == "enum":
        dropped, added = (
            set(map(str, old)) - set(map(str, new)),
            set(map(str, new)) - set(map(str, old)),
        )
        if not dropped and not added:
            return None  # reordered only
        if dropped:
            return "tightened", f"enum drops {sorted(dropped)}" + (
                f" and adds {sorted(added)}" if added else ""
            )
        return "loosened", f"enum adds {sorted(added)}"
    return "tightened", detail  # a changed pattern (or unknown rule) cannot be shown looser


def field_changes(table: str, old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    """Changes between two descriptors of the same field."""
    name = new["name"]
    out = []
    for key in TYPE_KEYS:
        default = {"type": "string", "format": "default"}.get(key)
        a, b = old.get(key, default), new.get(key, default)
        if a != b:
            out.append(
                SchemaChange(table, name, "field_retyped", f"{key}: {a!r} -> {b!r}", Bump.MAJOR)
            )
    oc, nc = old.get("constraints", {}), new.get("constraints", {})
    for key in sorted(set(oc) | set(nc)):
        found = _constraint(key, oc.get(key), nc.get(key))
        if found:
            how, detail = found
            bump = Bump.MAJOR if how == "tightened" else Bump.MINOR
            out.append(SchemaChange(table, name, f"constraint_{how}", detail, bump))
    for key in TEXT_KEYS:
        if old.get(key, "") != new.get(key, ""):
            out.append(SchemaChange(table, name, f"{key}_changed", key, Bump.PATCH))
    return out


def _keys(schema: dict[str, Any]) -> tuple[list[str], list[Any]]:
    pk = schema.get("primaryKey", [])
    return ([pk] if isinstance(pk, str) else list(pk)), list(schema.get("foreignKeys", []))


def table_changes(table: str, old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    """Changes between two Table Schemas of the same table."""
    of = {f["name"]: f for f in old.get("fields", [])}
    nf = {f["name"]: f for f in new.get("fields", [])}
    out = [
        SchemaChange(table, n, "field_removed", "field removed (or renamed)", Bump.MAJOR)
        for n in of
        if n not in nf
    ]
    out += [
        SchemaChange(table, n, "field_added", "field added", Bump.MINOR) for n in nf if n not in of
    ]
    for n in nf:
        if n in of:
            out += field_changes(table, of[n], nf[n])
    kept_old, kept_new = [n for n in of if n in nf], [n for n in nf if n in of]
    if kept_old != kept_new:
        out.append(SchemaChange(table, None, "fields_reordered", "field order changed", Bump.MAJOR))
    (opk, ofk), (npk, nfk) = _keys(old), _keys(new)
    if opk != npk:
        out.append(SchemaChange(table, None, "primary_key_changed", f"{opk} -> {npk}", Bump.MAJOR))
    for fk in nfk:
        if fk not in ofk:
            out.append(SchemaChange(table, None, "foreign_key_added", repr(fk), Bump.MAJOR))
    for fk in ofk:
        if fk not in nfk:
            out.append(SchemaChange(table, None, "foreign_key_removed", repr(fk), Bump.MINOR))
    for key in TEXT_KEYS:
        if old.get(key, "") != new.get(key, ""):
            out.append(SchemaChange(table, None, f"{key}_changed", key, Bump.PATCH))
    return out


def schema_changes(old: dict[str, dict], new: dict[str, dict]) -> list[SchemaChange]:
    """Changes between two packages given as ``{table: Table Schema descriptor}``."""
    out = [
        SchemaChange(t, None, "table_removed", "table removed", Bump.MAJOR)
        for t in old
        if t not in new
    ]
    out += [
        SchemaChange(t, None, "table_added", "table added", Bump.MINOR) for t in new if t not in old
    ]
    for t in new:
        if t in old:
            out += table_changes(t, old[t], new[t])
    return out
