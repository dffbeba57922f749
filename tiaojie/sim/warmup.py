"""Warm-up length for seasonal arrivals: paired starts with common random numbers.

MSER-5 and an unsmoothed Welch plot assume the output settles to a stationary level; with
seasonal input (the Spring Festival dip, the after-holiday rise) the backlog never does, and
those methods mistake the season for the start-up transient. Here the seasonal swing is
removed exactly instead:

1. Replication r is run twice with the same cases (case streams are keyed by calendar week,
   ``tiaojie.sim.casegen``): once from the scenario's start, empty (the run to be truncated),
   and once started ``lead_days`` earlier (a whole number of weeks, default 52), empty too,
   which on the common days has long forgotten its start (the reference).
2. On each common day t the difference D_r(t) = backlog_reference − backlog_run contains no
   seasonal term (same arrivals, same calendar, same mediators) — only the initial bias.
3. Welch's procedure on D: average over replications, smooth with a centred moving average of
   ``window`` days (four whole weeks: removes the weekday pattern and damps the noise).
4. The warm-up is the first day after which the smoothed |D̄| stays within ``tolerance`` of the
   smoothed reference backlog or within its 95% CI half-width — rounded up to whole weeks.
   (Surges are dated from the start, so the reference run's surges are moved with it.)

The method reports the curves so the choice can be checked by eye, as Welch's method asks.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from .runner import map_replications, replication_job
from .stats import mean_ci


def _smooth(x: np.ndarray, window: int) -> np.ndarray:
    if window <= 1:
        return x
    k = np.ones(window) / window
    pad = window // 2
    xp = np.concatenate([np.full(pad, x[0]), x, np.full(window - 1 - pad, x[-1])])
    return np.convolve(xp, k, mode="valid")


def seasonal_warmup(sc, *, replications: int = 20, lead_days: int = 364, window: int = 28,
                    tolerance: float = 0.01, workers: int | None = None,
                    config_path: str | None = None) -> dict:
    from ..rules import config_path as _cfg_path

    if lead_days % 7:
        raise ValueError("lead_days must be whole weeks (the case streams are weekly)")
    cfg = str(_cfg_path(config_path))
    run = sc.model_copy(update={"warmup_days": 0})
    surges = [s.model_copy(update={"start_day": s.start_day + lead_days}) for s in sc.arrivals.surges]
    ref = sc.model_copy(update={"start_date": sc.start_date - dt.timedelta(days=lead_days),
                                "horizon_days": sc.horizon_days + lead_days, "warmup_days": 0,
                                "arrivals": sc.arrivals.model_copy(update={"surges": surges})})
    jobs = [(s, r, cfg) for s in (run, ref) for r in range(replications)]
    out = map_replications(replication_job, jobs, workers=workers)
    a = np.array([o.backlog for o in out[:replications]], dtype=float)
    b = np.array([o.backlog[lead_days:] for o in out[replications:]], dtype=float)
    d = b - a
    dbar = _smooth(d.mean(axis=0), window)
    level = _smooth(b.mean(axis=0), window)
    half = np.array([(lambda m, lo, hi: (hi - lo) / 2)(*mean_ci(col)) for col in d.T])
    half = _smooth(np.nan_to_num(half), window)
    ok = (np.abs(dbar) <= tolerance * np.maximum(level, 1.0)) | (np.abs(dbar) <= half)
    bad = np.flatnonzero(~ok)
    day = int(bad[-1]) + 1 if bad.size else 0
    settled = day < a.shape[1] - 4 * window
    return {
        "method": "paired starts (common random numbers) + Welch moving average on the difference",
        "replications": replications, "lead_days": lead_days, "window": window,
        "tolerance": tolerance, "settled": bool(settled),
        "transient_days": day, "warmup_days": int(math.ceil(day / 7) * 7),
        "difference": dbar.tolist(), "ci_half_width": half.tolist(), "reference_backlog": level.tolist(),
    }
