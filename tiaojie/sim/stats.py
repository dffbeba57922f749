"""Small statistics: t quantiles, confidence intervals, MSER-5 warm-up, replication count.

No SciPy in the stack: the Student-t quantile uses the Cornish–Fisher expansion around the
normal quantile (error < 1e-3 for df >= 3, exact in the limit), enough for 95% intervals.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np


def t_quantile(p: float, df: int) -> float:
    """Quantile of Student's t with ``df`` degrees of freedom (Cornish–Fisher, 4 terms)."""
    if df <= 0:
        raise ValueError("df must be positive")
    z = NormalDist().inv_cdf(p)
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) * math.sqrt(2 / (4 * p * (1 - p)))
    g1 = (z ** 3 + z) / 4
    g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
    g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
    g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4


def mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high) of a t interval over replications.

    One value gives no interval: the bounds are NaN ("unavailable", ``null`` in JSON), never a
    zero-width interval that would look like certainty."""
    x = np.asarray([v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))],
                   dtype=float)
    if x.size == 0:
        return float("nan"), float("nan"), float("nan")
    m = float(x.mean())
    if x.size == 1:
        return m, float("nan"), float("nan")
    half = t_quantile(0.5 + level / 2, x.size - 1) * float(x.std(ddof=1)) / math.sqrt(x.size)
    return m, m - half, m + half


def summarise(values, level: float = 0.95, bounds: "tuple[float, float] | None" = None) -> dict:
    """Mean and t-interval; ``bounds`` clips the interval to a quantity's range (a share: 0–1)."""
    m, lo, hi = mean_ci(values, level)
    if bounds is not None:
        lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
    return {"mean": m, "ci": [lo, hi]}


def mser5_truncation(series, max_fraction: float = 0.5) -> int:
    """MSER-5 (White 1997): the number of leading observations to delete as warm-up.

    Batch the output in means of 5 and choose the truncation point d (in batches, at most
    ``max_fraction`` of the run) minimising the standard error of the remaining mean.
    """
    y = np.asarray(series, dtype=float)
    nb = y.size // 5
    if nb < 4:
        return 0
    b = y[: nb * 5].reshape(nb, 5).mean(axis=1)
    # suffix sums for the mean and variance of b[d:]
    rev = b[::-1]
    cnt = np.arange(1, nb + 1)
    s1 = np.cumsum(rev)[::-1]
    s2 = np.cumsum(rev ** 2)[::-1]
    n = cnt[::-1].astype(float)
    var = s2 / n - (s1 / n) ** 2
    crit = var / n
    limit = max(1, int(nb * max_fraction))
    d = int(np.argmin(crit[:limit]))
    return d * 5


def replications_needed(values_for, *, kpi: str, rel_precision: float = 0.05,
                        min_reps: int = 3, max_reps: int = 40, level: float = 0.95) -> dict:
    """The confidence-interval method (Hoad, Robinson & Davies 2010; as in pydesrap_mms):
    add replications until the CI half-width is within ``rel_precision`` of the mean.

    ``values_for(n)`` returns the list of the KPI over the first n replications.
    """
    n = min_reps
    while True:
        vals = values_for(n)
        m, lo, hi = mean_ci(vals, level)
        half = (hi - lo) / 2
        if (m != 0 and abs(half / m) <= rel_precision) or n >= max_reps:
            return {"kpi": kpi, "replications": n, "mean": m, "half_width": half,
                    "rel_half_width": abs(half / m) if m else float("inf"),
                    "met": bool(m != 0 and abs(half / m) <= rel_precision)}
        n += 1
