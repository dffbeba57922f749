"""Early warning of major disputes (金发〔2025〕14号 第十三条): detectors on daily intake.

Two classic detectors, each calibrated on a baseline period (no surge):
* EWMA chart: z_t = λ x_t + (1-λ) z_{t-1}; alarm when z_t > μ + L σ √(λ/(2-λ)).
* one-sided CUSUM: S_t = max(0, S_{t-1} + (x_t - μ)/σ - k); alarm when S_t > h.
Intake is compared with a same-weekday baseline (working days and rest days differ a lot).
"""

from __future__ import annotations

import numpy as np


def standardise(intake, working, baseline_days: int):
    """Residuals of daily intake against the baseline mean/sd of working and rest days."""
    x = np.asarray(intake, dtype=float)
    w = np.asarray(working[: x.size], dtype=bool)
    z = np.zeros_like(x)
    for mask in (w, ~w):
        base = x[:baseline_days][mask[:baseline_days]]
        mu = base.mean() if base.size else 0.0
        sd = base.std(ddof=1) if base.size > 1 else 1.0
        z[mask] = (x[mask] - mu) / (sd if sd > 0 else 1.0)
    return z


def ewma(z, lam: float = 0.2, L: float = 3.0):
    limit = L * np.sqrt(lam / (2 - lam))
    s, out = 0.0, []
    for v in z:
        s = lam * v + (1 - lam) * s
        out.append(s)
    stat = np.array(out)
    return stat, stat > limit, limit


def cusum(z, k: float = 0.5, h: float = 5.0):
    s, out = 0.0, []
    for v in z:
        s = max(0.0, s + v - k)
        out.append(s)
    stat = np.array(out)
    return stat, stat > h, h


def evaluate(alarms, surge_start: int, baseline_days: int) -> dict:
    """Detection delay (days after the surge starts) and false alarms before it."""
    a = np.asarray(alarms, dtype=bool)
    after = np.flatnonzero(a[surge_start:])
    false = int(a[baseline_days:surge_start].sum())
    span = max(surge_start - baseline_days, 1)
    return {"delay_days": int(after[0]) if after.size else None,
            "false_alarm_days": false, "false_alarm_rate": false / span}


DETECTORS = {"EWMA": lambda z: ewma(z)[1], "CUSUM": lambda z: cusum(z)[1]}


def with_surge_size(sc, cases: int):
    """The scenario with its first surge resized to ``cases``."""
    s = sc.arrivals.surges[0].model_copy(update={"cases": int(cases)})
    return sc.model_copy(update={"arrivals": sc.arrivals.model_copy(update={"surges": [s]})})


def detection_table(sc, sizes, *, replications: int = 5, baseline_days: int, working,
                    runs: dict | None = None) -> list[dict]:
    """Per surge size and detector: mean detection delay (days), misses and false-alarm days over
    ``replications`` runs of the scenario with its first surge resized. ``runs`` may hold
    already-simulated daily intake series per size (size -> list of series)."""
    from .model import run_replication

    start = sc.arrivals.surges[0].start_day
    rows = []
    for cases in sizes:
        series = (runs or {}).get(cases) or [run_replication(with_surge_size(sc, cases), r).intake
                                             for r in range(replications)]
        for name, detect in DETECTORS.items():
            delays, misses, false = [], 0, 0
            for intake in series:
                res = evaluate(detect(standardise(intake, working, baseline_days)), start, baseline_days)
                false += res["false_alarm_days"]
                if res["delay_days"] is None:
                    misses += 1
                else:
                    delays.append(res["delay_days"])
            rows.append({"cases": cases, "detector": name, "mean_delay_days": float(np.mean(delays)) if delays else None,
                         "misses": misses, "false_alarm_days": false, "replications": len(series)})
    return rows
