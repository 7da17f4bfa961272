"""The Data Package descriptor: resources and their Table Schemas, read as plain data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimtrace.metadata.paths import UnsafePathError, resolve_inside
from claimtrace.metadata.schema import SUPPORTED_TYPES, TableSchema

DESCRIPTOR_NAME = "datapackage.json"


class PackageError(Exception):
    """The package descriptor cannot be read; ``where`` names the file or property at fault."""

    def __init__(self, message: str, where: str = DESCRIPTOR_NAME) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


@dataclass(frozen=True)
class Resource:
    """A tabular resource of the package."""

    name: str
    path: str
    schema: TableSchema
    descriptor: dict[str, Any]


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


def _read_json(path: Path, where: str) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PackageError(f"{where} does not exist", where) from None
    except OSError as exc:
        raise PackageError(f"{where} cannot be read: {exc.strerror}", where) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PackageError(f"{where} is not UTF-8 (byte {exc.start})", where) from None
    except json.JSONDecodeError as exc:
        raise PackageError(
            f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", where
        ) from None


def _schema_of(root: Path, res: dict[str, Any], name: str) -> TableSchema:
    where = f"{DESCRIPTOR_NAME}: resource {name!r} schema"
    schema = res.get("schema")
    if isinstance(schema, str):
        try:
            path = resolve_inside(root, schema)
        except UnsafePathError as exc:
            raise PackageError(str(exc), where) from None
        where = schema
        schema = _read_json(path, schema)
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise PackageError("a Table Schema must be an object with a list of fields", where)
    for i, f in enumerate(schema["fields"]):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            raise PackageError(f"field {i + 1} has no name", where)
        if f.get("type", "string") not in SUPPORTED_TYPES:
            raise PackageError(f"field {f['name']!r} has unknown type {f.get('type')!r}", where)
    try:
        return TableSchema.from_descriptor(schema, name)
    except (KeyError, TypeError) as exc:
        raise PackageError(f"malformed Table Schema: {exc}", where) from None


def read_package(root: Path | str) -> Package:
    """Read ``root``/datapackage.json and the Table Schemas it names; raise PackageError."""
    root = Path(root)
    if root.is_file():
        root = root.parent
    descriptor = _read_json(root / DESCRIPTOR_NAME, DESCRIPTOR_NAME)
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError("a Data Package must be an object with a list of resources")
    resources, files = [], []
    for i, res in enumerate(descriptor["resources"]):
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            raise PackageError(f"resource {i + 1} has no name")
        name, path = res["name"], res.get("path")
        if not isinstance(path, str):
            raise PackageError(f"resource {name!r} must have one path (a string)")
        if res.get("format", "csv") != "csv":
            try:
                resolve_inside(root, path)
            except UnsafePathError as exc:
                raise PackageError(str(exc), f"{DESCRIPTOR_NAME}: resource {name!r}") from None
            files.append(path)
            continue
        resources.append(Resource(name, path, _schema_of(root, res, name), res))
    return Package(root, descriptor, tuple(resources), tuple(files))
