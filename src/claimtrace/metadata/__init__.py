"""Table Schema and Data Package descriptors, read as plain data."""

from claimtrace.metadata.package import Package, Resource, read_package
from claimtrace.metadata.schema import Field, ForeignKey, TableSchema

__all__ = ["Field", "ForeignKey", "Package", "Resource", "TableSchema", "read_package"]
