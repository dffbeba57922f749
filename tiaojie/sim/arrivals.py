"""Daily arrival rates by channel: weekdays, rest days, Spring Festival, surges.

Rates are expected cases per day; the model draws Poisson counts per day per channel and
spreads each day's cases uniformly over the day (online and hotline) or over office hours
(walk-in, court and regulator transfers, which arrive on working days only).
"""

from __future__ import annotations

import numpy as np

from .due_dates import DayTables

# channel -> (origin identifier, working days only)
CHANNELS = {
    "hotline": ("self_received", False),
    "online": ("self_received", False),
    "walk_in": ("self_received", True),
    "court_assigned": ("court_assigned", True),
    "court_entrusted": ("court_entrusted", True),
    "court_invited": ("court_invited", True),
    "complaint_transfer": ("complaint_transfer", True),
}
CHANNEL_LABELS = {
    "hotline": "热线", "online": "在线平台", "walk_in": "现场/服务站点",
    "court_assigned": "法院委派", "court_entrusted": "法院委托", "court_invited": "诉中邀请",
    "complaint_transfer": "投诉转办", "surge": "群体性纠纷",
}


def daily_rates(scenario, tables: DayTables, horizon: int, day0: int = 0) -> tuple[list[str], np.ndarray]:
    """(channel names, array (horizon - day0) × channels of expected arrivals on days
    ``day0 … horizon - 1``). The model asks one week at a time, so memory stays flat."""
    arr = scenario.arrivals
    seas = arr.seasonality
    lo = max(0, day0 - 7 * seas.after_holiday_weeks - 1)   # an after-holiday rise may start earlier
    days = np.arange(lo, horizon)
    working = tables.working[lo:horizon]
    factor = np.ones(days.size)
    # Spring Festival dip and the after-holiday rise
    sf = tables.spring_festival[lo:horizon]
    factor[sf] *= seas.spring_festival_factor
    if sf.any() and seas.after_holiday_weeks > 0:
        ends = np.flatnonzero(sf[:-1] & ~sf[1:]) + 1
        for e in ends:
            factor[e: e + 7 * seas.after_holiday_weeks] *= seas.after_holiday_factor
    if seas.weekly_profile:
        prof = np.asarray(seas.weekly_profile, dtype=float)
        factor *= prof[(days // 7) % prof.size]
    names, cols = [], []
    # channels in the fixed CHANNELS order, not the file's: the same scenario written with its
    # keys in another order (YAML writers sort them) must draw the same cases
    for name in (c for c in CHANNELS if c in arr.channels):
        ch = arr.channels[name]
        if ch.per_week == 0:
            continue
        _, working_only = CHANNELS[name]
        if working_only:
            col = np.where(working, ch.per_week / 5.0, 0.0)
        else:
            col = np.where(working, ch.per_week / 7.0, ch.per_week / 7.0 * seas.rest_day_factor)
        names.append(name)
        cols.append((col * factor)[day0 - lo:])
    rates = np.column_stack(cols) if cols else np.zeros((max(horizon - day0, 0), 0))
    return names, rates


def surge_rates(surge, horizon: int, day0: int = 0) -> np.ndarray:
    """Expected surge cases per day on days ``day0 … horizon - 1``: a geometric decay over
    ``duration_days`` summing to ``cases`` (most investors come forward in the first days after
    the product fails)."""
    out = np.zeros(max(horizon - day0, 0))
    start = surge.start_day
    days = np.arange(surge.duration_days)
    w = np.exp(-days / max(surge.decay_days, 1e-9))
    w = w / w.sum() * surge.cases
    a, b = max(start, day0), min(horizon, start + surge.duration_days)
    if b > a:
        out[a - day0: b - day0] = w[a - start: b - start]
    return out
