"""Drift labels as the viewer shows them: a group, a colour-blind-safe colour and a text label.

Colours are the Okabe-Ito palette (Okabe and Ito, 2008), distinguishable under the common colour
vision deficiencies; every coloured mark also carries its drift label as text.
"""

from __future__ import annotations

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

CARRIED = ("verbatim", "paraphrase")
"""A copy's claim that carries its parent's claim unchanged in substance."""
INVENTED = ("added",)
"""A copy's claim with no counterpart in its parent."""
UNCOMPARED = ("original",)
"""Claims of sources with no parent: nothing to compare with."""

_COLOUR_BY_PREFIX = (
    ("original", "black"),
    ("verbatim", "bluish_green"),
    ("paraphrase", "sky_blue"),
    ("value_", "vermillion"),
    ("date_", "vermillion"),
    ("attribution_", "reddish_purple"),
    ("hedge_", "orange"),
    ("detail_", "yellow"),
    ("added", "blue"),
)


def drift_group(drift: str) -> str:
    """original, carried, invented or changed (every other label)."""
    if drift in UNCOMPARED:
        return "original"
    if drift in CARRIED:
        return "carried"
    if drift in INVENTED:
        return "invented"
    return "changed"


def drift_colour(drift: str) -> str:
    """The Okabe-Ito colour of a drift label (black for a label it does not know)."""
    for prefix, name in _COLOUR_BY_PREFIX:
        if drift.startswith(prefix):
            return OKABE_ITO[name]
    return OKABE_ITO["black"]


def drift_legend(labels: tuple[str, ...]) -> list[dict[str, str]]:
    """One entry per drift label in schema order: label, text, group and colour."""
    return [
        {
            "drift": d,
            "text": d.replace("_", " "),
            "group": drift_group(d),
            "colour": drift_colour(d),
        }
        for d in labels
    ]
