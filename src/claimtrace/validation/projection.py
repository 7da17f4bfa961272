"""What of a table the rules across tables read, so the rest is let go once its table is checked.

A table's own checks (shape, types, primary key, pandera schema, row rules, hostile cells) read
every column; the foreign keys and the corpus rules read only some. ``validate_package`` runs a
table's own checks as soon as it is read and then keeps just these columns (and no copy of the
cells as text), so free text such as notes and restatements is not held while the other tables
are read and the corpus is checked: about a third of the memory at a million claims.

``present`` is left as read: a corpus rule that reads a column let go here fails loudly (polars'
ColumnNotFoundError) instead of being skipped, and ``tests/test_validate_projection.py`` runs every
mutation both ways.
"""

from __future__ import annotations

from claimtrace.metadata import Package
from claimtrace.tables.typed import ROW
from claimtrace.validation.reader import TableRead

CORPUS_FIELDS: dict[str, tuple[str, ...]] = {
    "sources": ("source_id", "title", "text_path", "text_sha256", "text_chars"),
    "actors": ("actor_type",),
    "propositions": (
        "status",
        "source_count",
        "origin_count",
        "altered_copy_count",
        "value_kind",
        "original_claim_id",
    ),
    "proposition_relations": ("relation",),
    "claims": (
        "source_id",
        "start",
        "end",
        "quote",
        "is_furniture",
        "is_headline",
        "attribution_actor_id",
        "attribution_kind",
        "event_date",
        "event_date_role",
        "proposition_id",
        "proposition_value",
        "parent_claim_id",
        "drift",
    ),
    "figures": (
        "source_id",
        "start",
        "end",
        "quote",
        "value",
        "low",
        "high",
        "qualifier",
        "originator_actor_id",
    ),
}
"""Per table, the fields the corpus rules read besides its keys (``claimtrace.validation``'s
corpus, proposition, drift, attribution, claim and relation rules, and the text pass)."""


def kept_fields(package: Package) -> dict[str, set[str]]:
    """Per table, the columns the rules across tables read: keys, foreign keys, corpus fields."""
    kept = {
        r.name: {ROW, *r.schema.primary_key, *CORPUS_FIELDS.get(r.name, ())}
        for r in package.resources
    }
    for resource in package.resources:
        for fk in resource.schema.foreign_keys:
            kept[resource.name].update(fk.fields)
            if fk.resource in kept:
                kept[fk.resource].update(fk.reference_fields)
    return kept


def project(read: TableRead, fields: set[str]) -> None:
    """Keep only ``fields`` in ``read``'s typed frame, and no text copy of its cells (in place)."""
    read.text = None
    if read.typed is not None:
        read.typed = read.typed.select(c for c in read.typed.columns if c in fields)
