"""Summaries over replications: every KPI as a mean with its 95% confidence interval."""

from __future__ import annotations

import numpy as np

from .stats import mean_ci, summarise

SCALARS = ("compliance", "first_contact_mean_days", "first_contact_on_time", "success_rate",
           "utilisation_overall", "cases_per_mediator_year", "cost", "cost_per_case")
GROUPS = ("compliance_by_track", "compliance_by_origin", "compliance_by_pool", "utilisation")
SHARES = {"compliance", "first_contact_on_time", "success_rate", "utilisation_overall", *GROUPS}
UNIT = (0.0, 1.0)


def summarise_replications(sc, reps: list) -> dict:
    """Means and 95% CIs over :class:`~tiaojie.sim.result.ReplicationResult` objects."""
    out: dict = {"scenario": sc.name, "replications": len(reps), "seed": sc.seed,
                 "horizon_days": sc.horizon_days, "warmup_days": sc.warmup_days,
                 "staff": {p.name: {"full_time": p.full_time, "part_time": p.part_time}
                           for p in sc.staff.pools}}
    for k in SCALARS:
        out[k] = summarise([getattr(r, k) for r in reps], bounds=UNIT if k in SHARES else None)
    for g in GROUPS:
        vals = [getattr(r, g) for r in reps]
        out[g] = {k: summarise([v[k] for v in vals], bounds=UNIT) for k in vals[0]}
    out["outcomes"] = {k: float(np.mean([r.outcomes[k] for r in reps])) for k in reps[0].outcomes}
    out["judicial_confirmations"] = float(np.mean([r.judicial_confirmations for r in reps]))
    out["abandoned"] = float(np.mean([r.abandoned for r in reps]))
    backlog = np.array([r.backlog for r in reps], dtype=float)
    lo, hi = [], []
    for col in backlog.T:
        m, a, b = mean_ci(col)
        lo.append(a)
        hi.append(b)
    out["backlog"] = {"mean": backlog.mean(axis=0).tolist(), "ci_low": lo, "ci_high": hi}
    out["conservation"] = {
        "arrivals": [r.arrivals for r in reps],
        "closed_plus_open": [r.closed + r.open_at_end for r in reps],
        "holds": all(r.arrivals == r.closed + r.open_at_end for r in reps),
    }
    L = [r.little.L for r in reps]
    lw = [r.little.lambda_W for r in reps]
    out["little"] = {"L": summarise(L), "lambda_W": summarise(lw),
                     "relative_gap": float(abs(np.mean(L) - np.mean(lw)) / np.mean(L)) if np.mean(L) else None}
    warnings = sorted({w for r in reps for w in r.calendar_warnings})
    out["calendar_warnings"] = warnings
    return out
