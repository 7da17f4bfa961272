"""Figures side by side: per proposition, unit and rate, each figure as an interval on one axis.

A figure's interval comes from ``claimtrace.semantics.values.figure_interval`` (the tolerance of
its hedge) when that module exists; before it does, from the printed bounds (low or value to high
or value). Overlapping bars are compatible estimates, disjoint bars are not.
"""

from __future__ import annotations

import math

import polars as pl

from claimtrace.viewer.drift import drift_colour

AXIS_W, LABEL_W, NOTE_W, ROW_H, PAD = 420, 330, 120, 22, 0.06


def _interval_fn():
    try:
        from claimtrace.semantics.values import figure_interval
    except ImportError:
        return None
    return figure_interval


def _intervals(figures: pl.DataFrame) -> pl.DataFrame:
    interval = _interval_fn()
    if interval is None:
        return figures.with_columns(
            lo=pl.coalesce("low", "value").cast(pl.Float64),
            hi=pl.coalesce("high", "value").cast(pl.Float64),
        )
    bounds = [  # the semantics API takes one figure at a time
        interval(q, v, lo, hi)
        for q, v, lo, hi in figures.select("qualifier", "value", "low", "high").iter_rows()
    ]
    return figures.with_columns(
        lo=pl.Series([b[0] for b in bounds], dtype=pl.Float64),
        hi=pl.Series([b[1] for b in bounds], dtype=pl.Float64),
    )


def _number(x: float) -> str:
    if math.isinf(x):
        return "∞"
    return f"{x:,.0f}" if x == int(x) else f"{x:,.4g}"


def figure_axes(figures: pl.DataFrame, claims: pl.DataFrame, order: pl.DataFrame) -> list[dict]:
    """One axis per proposition, unit and rate: bars in source order, axes with most bars first."""
    rows = (
        _intervals(figures)
        .join(claims.select("claim_id", "proposition_id", "drift"), on="claim_id")
        .join(order.select("source_id", "position"), on="source_id", how="left")
        .filter(pl.col("lo").is_not_null() & pl.col("hi").is_not_null())
        .sort("proposition_id", "unit", "rate_per", "position", "start", nulls_last=True)
    )
    axes = []
    keys = ["proposition_id", "unit", "rate_per"]
    for key, group in rows.group_by(keys, maintain_order=True):
        finite = [v for v in (*group["lo"], *group["hi"]) if not math.isinf(v)]
        lo, hi = min(finite), max(finite)
        span = (hi - lo) or abs(hi) or 1.0
        lo, hi = lo - span * PAD, hi + span * PAD

        def x(v: float, lo: float = lo, hi: float = hi) -> float:
            if math.isinf(v):
                return float(AXIS_W)
            return round((v - lo) / (hi - lo) * AXIS_W, 1)

        bars = []
        for i, f in enumerate(group.to_dicts()):
            x1, x2 = LABEL_W + x(f["lo"]), LABEL_W + max(x(f["hi"]), x(f["lo"]) + 2)
            bars.append(
                {
                    **f,
                    "x": x1,
                    "w": x2 - x1,
                    "y": i * ROW_H + 4,
                    "end_x": x2,
                    "open_end": math.isinf(f["hi"]),
                    "colour": drift_colour(f["drift"] or ""),
                    "interval": f"{_number(f['lo'])}–{_number(f['hi'])}",
                }
            )
        base = len(bars) * ROW_H + 6
        axes.append(
            {
                "proposition_id": key[0],
                "unit": key[1],
                "rate_per": key[2],
                "bars": bars,
                "ticks": [
                    {"x": LABEL_W + x(v), "label": _number(v)} for v in (min(finite), max(finite))
                ],
                "base": base,
                "height": base + 20,
                "width": LABEL_W + AXIS_W + NOTE_W,
                "axis_x1": LABEL_W,
                "axis_x2": LABEL_W + AXIS_W,
                "note_x": LABEL_W + AXIS_W + 12,
            }
        )
    return sorted(axes, key=lambda a: -len(a["bars"]))  # comparisons first, order kept in ties
