"""Provenance semantics: origins (lineage roots), values compared by meaning, status."""

from claimtrace.semantics.origins import origins
from claimtrace.semantics.status import COMPUTED, STATUSES, proposition_semantics
from claimtrace.semantics.values import TOLERANCE, Interval, compatible, figure_interval, interval

__all__ = [
    "COMPUTED",
    "STATUSES",
    "TOLERANCE",
    "Interval",
    "compatible",
    "figure_interval",
    "interval",
    "origins",
    "proposition_semantics",
]
