"""The IRIs the JSON-LD exports give to rows and texts."""

from __future__ import annotations

NAMESPACE = "urn:claimtrace"


def row_iri(kind: str, key: str) -> str:
    """``urn:claimtrace:<kind>:<key>`` for a claim, figure, source, actor or proposition."""
    return f"{NAMESPACE}:{kind}:{key}"


def row_key(iri: str, kind: str) -> str | None:
    """The key of a ``row_iri`` of ``kind``, or None when ``iri`` is not one."""
    prefix = f"{NAMESPACE}:{kind}:"
    return iri[len(prefix) :] if isinstance(iri, str) and iri.startswith(prefix) else None


def text_urn(sha256_hex: str) -> str:
    """The URN of an archived text by its content: ``urn:sha256:<hex>``."""
    return f"urn:sha256:{sha256_hex}"
