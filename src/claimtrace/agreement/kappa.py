"""Cohen's kappa for two annotators' nominal labels, vectorised.

Our own few lines rather than scikit-learn or statsmodels: kappa is one confusion matrix and two
sums, and neither library is a dependency of the package or its test extra; pulling either in (with
scipy) for one formula would cost more than it saves. The test checks this function against the
worked example of Cohen's kappa on Wikipedia (50 items, kappa 0.4) and against hand-computed cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Agreement:
    """Items compared, observed agreement and Cohen's kappa (None when it is undefined)."""

    n: int
    observed: float | None
    kappa: float | None


def cohen_kappa(ours, theirs) -> Agreement:
    """Cohen's kappa of two equally long label sequences (any hashable labels, e.g. strings).

    kappa = (p_o - p_e) / (1 - p_e), where p_o is the share of items labelled alike and p_e the
    agreement expected by chance from each annotator's label frequencies. When both annotators use
    one and the same label for every item, p_e = 1 and kappa is undefined (None), although the
    observed agreement is 1. No items: everything is None.
    """
    a = np.asarray(ours, dtype=object).astype(str)
    b = np.asarray(theirs, dtype=object).astype(str)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"label sequences differ in shape: {a.shape} and {b.shape}")
    n = int(a.size)
    if n == 0:
        return Agreement(0, None, None)
    _, codes = np.unique(np.concatenate([a, b]), return_inverse=True)
    k = int(codes.max()) + 1
    ca, cb = codes[:n], codes[n:]
    confusion = np.bincount(ca * k + cb, minlength=k * k).reshape(k, k) / n
    observed = float(np.trace(confusion))
    expected = float(confusion.sum(axis=1) @ confusion.sum(axis=0))
    if np.isclose(expected, 1.0):
        return Agreement(n, observed, None)
    return Agreement(n, observed, (observed - expected) / (1.0 - expected))
