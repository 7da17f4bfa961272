"""Table Schema descriptors as plain, typed data: the single source of every field's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SUPPORTED_TYPES = frozenset(
    {"string", "integer", "number", "boolean", "date", "datetime", "year", "list"}
)


@dataclass(frozen=True)
class Field:
    """One field of a Table Schema."""

    name: str
    type: str
    description: str = ""
    title: str = ""
    constraints: dict[str, Any] = field(default_factory=dict)
    delimiter: str = ","
    item_type: str = "string"
    format: str = "default"

    @property
    def required(self) -> bool:
        """Whether the field may not be empty."""
        return bool(self.constraints.get("required", False))

    @property
    def unique(self) -> bool:
        """Whether every value must differ."""
        return bool(self.constraints.get("unique", False))

    @property
    def enum(self) -> list[Any] | None:
        """The allowed values, if the field is an enumeration."""
        return self.constraints.get("enum")

    @classmethod
    def from_descriptor(cls, descriptor: dict[str, Any]) -> Field:
        """Build a field from its Table Schema descriptor."""
        return cls(
            name=descriptor["name"],
            type=descriptor.get("type", "string"),
            description=descriptor.get("description", ""),
            title=descriptor.get("title", ""),
            constraints=dict(descriptor.get("constraints", {})),
            delimiter=descriptor.get("delimiter", ","),
            item_type=descriptor.get("itemType", "string"),
            format=descriptor.get("format", "default"),
        )


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key: ``fields`` of this table reference ``reference_fields`` of ``resource``."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]

    @classmethod
    def from_descriptor(cls, descriptor: dict[str, Any], own_name: str) -> ForeignKey:
        """Build a foreign key; a reference without a resource points at the table itself."""
        ref = descriptor["reference"]
        as_tuple = lambda v: (v,) if isinstance(v, str) else tuple(v)  # noqa: E731
        return cls(
            fields=as_tuple(descriptor["fields"]),
            resource=ref.get("resource") or own_name,
            reference_fields=as_tuple(ref["fields"]),
        )


@dataclass(frozen=True)
class TableSchema:
    """A Table Schema: fields, primary key and foreign keys of one table."""

    name: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    title: str = ""
    description: str = ""
    missing_values: tuple[str, ...] = ("",)

    @property
    def field_names(self) -> list[str]:
        """Field names in declared order."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @classmethod
    def from_descriptor(cls, descriptor: dict[str, Any], name: str) -> TableSchema:
        """Build a schema for the table ``name`` from its descriptor."""
        pk = descriptor.get("primaryKey", [])
        return cls(
            name=name,
            fields=tuple(Field.from_descriptor(f) for f in descriptor.get("fields", [])),
            primary_key=(pk,) if isinstance(pk, str) else tuple(pk),
            foreign_keys=tuple(
                ForeignKey.from_descriptor(fk, name) for fk in descriptor.get("foreignKeys", [])
            ),
            title=descriptor.get("title", ""),
            description=descriptor.get("description", ""),
            missing_values=tuple(descriptor.get("missingValues", [""])),
        )
