"""JSON the package declares, parsed strictly: the one reader of descriptors and schemas.

Python's ``json`` accepts what other readers of a Data Package do not, and a hostile descriptor
uses that to make two tools see two packages: ``NaN`` and ``Infinity`` (not JSON), the same key
twice in one object (Python keeps the last, others the first) and nesting deep enough to exhaust
the parser's recursion. Each is refused here with a message naming the file and where.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted (a Table Schema needs five)."""


class JsonError(ValueError):
    """The bytes are not strict JSON; the message names the file and the place."""


class _Duplicate(ValueError):
    pass


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def depth(value: Any) -> int:
    """Nesting depth of arrays and objects in ``value`` (a scalar: 0); iterative, no recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            stack.extend((child, level + 1) for child in children)
    return deepest


def loads_strict(raw: bytes, where: str) -> Any:
    """Parse ``raw`` as strict UTF-8 JSON; JsonError naming ``where`` if it is not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonError(f"{where} is not UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise JsonError(
            f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise JsonError(f"{where} nests arrays or objects deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # NaN, Infinity or a duplicate key
        raise JsonError(f"{where} is not strict JSON: {exc}") from None
    if depth(value) > MAX_DEPTH:
        raise JsonError(f"{where} nests arrays or objects deeper than {MAX_DEPTH} levels")
    return value
