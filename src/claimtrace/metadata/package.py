"""The Data Package descriptor: resources and their Table Schemas, read as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.metadata.schema import TableSchema
from claimtrace.metadata.wellformed import (
    SchemaDefect,
    check_references,
    check_resources,
    check_schema,
)
from claimtrace.texts_table.layout import is_texts_resource

DESCRIPTOR_NAME = "datapackage.json"


class PackageError(Exception):
    """The package descriptor cannot be read; ``where`` names the file or property at fault."""

    def __init__(
        self, message: str, where: str = DESCRIPTOR_NAME, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.field = field


@dataclass(frozen=True)
class Resource:
    """A tabular resource of the package."""

    name: str
    path: str
    schema: TableSchema
    descriptor: dict[str, Any]
    schema_descriptor: dict[str, Any] = field(default_factory=dict)
    """The Table Schema as declared (read from its file when the descriptor names one)."""


@dataclass(frozen=True)
class Package:
    """A Data Package read from ``root``/datapackage.json."""

    root: Path
    descriptor: dict[str, Any]
    resources: tuple[Resource, ...]
    files: tuple[str, ...] = ()
    """Paths of the resources that are not CSV tables (a release's Parquet files and texts)."""

    def resource(self, name: str) -> Resource:
        """The resource called ``name``."""
        for r in self.resources:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def resource_names(self) -> list[str]:
        """Resource names in declared order."""
        return [r.name for r in self.resources]


def _read_json(root: Path, rel: str) -> Any:
    """The strict JSON of the package file ``rel``: contained, regular, bounded (see safety)."""
    from claimtrace.safety.files import ContainedFileError, read_contained
    from claimtrace.safety.strict_json import JsonError, loads_strict

    try:
        return loads_strict(read_contained(root, rel), rel)
    except ContainedFileError as exc:
        raise PackageError(exc.message, rel) from None
    except JsonError as exc:
        raise PackageError(str(exc), rel) from None


def _schema_of(root: Path, res: dict[str, Any], name: str) -> dict[str, Any]:
    where = f"{DESCRIPTOR_NAME}: resource {name!r} schema"
    schema = res.get("schema")
    if isinstance(schema, str):
        where = schema
        schema = _read_json(root, schema)
    try:
        check_schema(schema)
    except SchemaDefect as exc:
        raise PackageError(exc.message, where, exc.field) from None
    return schema


def read_package(root: Path | str) -> Package:
    """Read ``root``/datapackage.json and the Table Schemas it names; raise PackageError.

    This is the one resource list of the project: validate, release, report, diff and load all
    take their tables from it. Every resource must name its name, path, type and format once;
    every Table Schema must be well formed (see ``wellformed``).
    """
    root = Path(root)
    if root.is_file():
        root = root.parent
    descriptor = _read_json(root, DESCRIPTOR_NAME)
    if not isinstance(descriptor, dict):
        raise PackageError("a Data Package must be an object with a list of resources")
    try:
        check_resources(descriptor.get("resources"))
    except SchemaDefect as exc:
        raise PackageError(exc.message, DESCRIPTOR_NAME, exc.field) from None
    resources, files = [], []
    for res in descriptor["resources"]:
        name, path = res["name"], res["path"]
        if res["format"] != "csv":
            for part in path if isinstance(path, list) else [path]:  # a multipart resource
                try:
                    resolve_inside(root, part)
                except UnsafePathError as exc:
                    where = f"{DESCRIPTOR_NAME}: resource {name!r}"
                    raise PackageError(str(exc), where, "path") from None
                files.append(part)
            if is_texts_resource(res):  # its Table Schema is held to the same rules
                _schema_of(root, res, name)
            continue
        raw = _schema_of(root, res, name)
        resources.append(Resource(name, path, TableSchema.from_descriptor(raw, name), res, raw))
    schemas = {r.name: r.schema_descriptor for r in resources}
    broken = check_references(schemas)
    if broken:
        table, exc = broken
        raise PackageError(exc.message, _schema_where(resources, table), exc.field)
    return Package(root, descriptor, tuple(resources), tuple(files))


def _schema_where(resources: list[Resource], table: str) -> str:
    schema = next(r for r in resources if r.name == table).descriptor["schema"]
    return schema if isinstance(schema, str) else f"{DESCRIPTOR_NAME}: resource {table!r} schema"
