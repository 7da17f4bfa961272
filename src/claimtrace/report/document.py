"""The report as plain data: what ``--json`` prints."""

from __future__ import annotations

from typing import Any

import orjson
import polars as pl

from claimtrace.report.compute import Report

FORMAT_VERSION = 2
"""Version of the JSON document's shape; bumped when a key is renamed or removed.

2: statuses of 0.2.0; rows compare with their parent claim (``differs_from_parent``,
``parent_claim_id``); sources carry ``origin_ids``, and change and drift counts only when derived;
propositions list their ``relations`` (``supported_by`` is ``supports`` read from its other end).
"""


def report_document(report: Report, descriptor: dict[str, Any]) -> dict[str, Any]:
    """The report as nested dicts and lists, keys in a fixed order, rows in display order."""
    drift = report.drift_counts.group_by("source_id", maintain_order=True).agg(
        by_drift=pl.struct("drift", "claims")
    )
    sources = report.sources.join(drift, on="source_id", how="left", maintain_order="left")
    propositions = [
        {**p, "relations": p["relations"] or []} for p in report.propositions.to_dicts()
    ]
    return {
        "format_version": FORMAT_VERSION,
        "package": {
            "name": descriptor.get("name"),
            "title": descriptor.get("title"),
            "version": descriptor.get("version"),
        },
        "summary": {
            "propositions": len(propositions),
            "propositions_by_status": {
                r["status"]: r["propositions"] for r in report.status_counts.to_dicts()
            },
            "drift_labels": list(report.drift_labels),
            "sources": [
                {
                    **{k: v for k, v in s.items() if k != "by_drift"},
                    "drift_counts": (
                        {d["drift"] or "(none)": d["claims"] for d in s["by_drift"] or []}
                        if s["parent_source_id"] is not None
                        else None
                    ),
                }
                for s in sources.to_dicts()
            ],
            "lineage": report.lineage.to_dicts(),
        },
        "propositions": propositions,
        "problems": report.problems.to_dicts(),
    }


def to_json(document: dict[str, Any]) -> bytes:
    """The document as deterministic, readable JSON: UTF-8, two-space indent, final newline."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
