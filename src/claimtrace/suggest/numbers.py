"""Numbers no candidate figure covers, found by the scanner of ``claimtrace numbers``."""

from __future__ import annotations

from pathlib import Path

from claimtrace.curation.numbers import NumberMention, find_numbers
from claimtrace.suggest.values import find_figures


def figure_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of every candidate figure inside the candidate claims ``spans``."""
    return [(f.start, f.end) for a, b in spans for f in find_figures(text, a, b)]


def uncovered_numbers(text: str, spans: list[tuple[int, int]]) -> list[NumberMention]:
    """Every number in ``text`` outside the candidate figures of the candidate claims ``spans``.

    Dates, ordinals, list markers, furniture and numbers outside any candidate claim are listed
    here: each still needs a figure or an exclusion before ``claimtrace numbers`` passes.
    """
    figures = figure_spans(text, spans)
    return [
        n for n in find_numbers(text) if not any(a <= n.start and n.end <= b for a, b in figures)
    ]


def with_decisions(numbers: list[dict], package_root: Path, source_id: str) -> list[dict]:
    """``numbers`` with ``decided_by``: the figure or exclusion that already decides each, if any.

    The decisions are those of ``claimtrace numbers`` (figures and number exclusions).
    """
    from claimtrace.curation.coverage import coverage

    frame = coverage(package_root, [source_id]).select("start", "decided_by").drop_nulls()
    decided = dict(frame.rows())
    return [{**n, "decided_by": decided.get(n["start"])} for n in numbers]
