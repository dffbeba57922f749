"""Day tables for a simulation: which days are PRC working days, due days, working-hour clocks.

Everything comes from :class:`tiaojie.rules.workdays.WorkdayCalendar` (the rules' calendar,
with the configuration's handling of years the holiday notices do not cover). Simulation time
is measured in days from the scenario's start date (t = 0.0 is midnight of the start date).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import chinese_calendar
import numpy as np

from ..rules.config import PracticeConfig
from ..rules.enums import Basis
from ..rules.workdays import WorkdayCalendar

MARGIN_DAYS = 400   # tables extend past the horizon so tasks started near the end can finish


class DayTables:
    """Per-day facts for ``start + 0 … start + n_days - 1``."""

    def __init__(self, start: dt.date, horizon_days: int, config: PracticeConfig):
        self.start = start
        self.n = int(horizon_days) + MARGIN_DAYS
        cal = WorkdayCalendar(config)
        margin_cal = WorkdayCalendar(config)   # days no case in the horizon can fall due on
        longest = max(p.days for p in (config.tracks.small_claims, config.tracks.simple,
                                       config.tracks.ordinary, config.tracks.complex,
                                       config.court.court_assigned))
        relevant = int(horizon_days) + 2 * longest
        dates = [start + dt.timedelta(days=i) for i in range(self.n)]
        self.working = np.array([(cal if i < relevant else margin_cal).is_working_day(d)
                                 for i, d in enumerate(dates)], dtype=bool)
        self.spring_festival = np.array([_is_spring_festival(d) for d in dates], dtype=bool)
        self.warnings = list(cal.warnings)
        # next working day on or after d
        nxt = np.empty(self.n, dtype=np.int64)
        following = self.n  # beyond the table
        for i in range(self.n - 1, -1, -1):
            if self.working[i]:
                following = i
            nxt[i] = following
        self.next_working = nxt
        self.working_days = np.flatnonzero(self.working)
        self.working_upto = np.cumsum(self.working)          # working days in [0, d]
        self._due: dict[tuple[int, str], list[int]] = {}

    def due_days(self, days: int, basis: Basis) -> list[int]:
        """For each start day d, the index of the due day of a period of ``days`` (start day not
        counted; a calendar period ending on a rest day moves to the next working day)."""
        key = (int(days), basis.value)
        table = self._due.get(key)
        if table is None:
            idx = np.arange(self.n)
            if basis is Basis.working:
                pos = self.working_upto + days - 1
                pos = np.minimum(pos, self.working_days.size - 1)
                due = self.working_days[pos]
            else:
                end = np.minimum(idx + days, self.n - 1)
                due = self.next_working[end]
            table = due.tolist()
            self._due[key] = table
        return table


def _is_spring_festival(day: dt.date) -> bool:
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return False
    return bool(on_holiday and name == chinese_calendar.Holiday.spring_festival.value)


class WorkClock:
    """Cumulative working hours of one kind of mediator, and its inverse.

    A mediator of this kind works ``hours`` a day from ``start_hour`` on working days. ``finish``
    answers: starting now, when is ``effort`` hours of work done?
    """

    __slots__ = ("cum", "working", "start", "hours", "n")

    def __init__(self, working: np.ndarray, hours: float, start_hour: float = 9.0):
        daily = np.where(working, float(hours), 0.0)
        self.cum = np.concatenate([[0.0], np.cumsum(daily)]).tolist()
        self.working = working.tolist()
        self.start = float(start_hour)
        self.hours = float(hours)
        self.n = len(self.working)

    def work_at(self, t: float) -> float:
        d = int(t)
        if d >= self.n:
            return self.cum[-1]
        if not self.working[d]:
            return self.cum[d]
        x = (t - d) * 24.0 - self.start
        if x <= 0:
            return self.cum[d]
        if x >= self.hours:
            return self.cum[d + 1]
        return self.cum[d] + x

    def finish(self, t: float, effort: float) -> float:
        w = self.work_at(t) + effort
        cum = self.cum
        d = bisect_right(cum, w) - 1
        if d >= self.n:      # beyond the tables: far after the horizon, never observed
            return float(self.n) + (w - cum[-1]) / max(self.hours, 1e-9)
        return d + (self.start + (w - cum[d])) / 24.0

    def available_hours(self, t0: float, t1: float) -> float:
        return self.work_at(t1) - self.work_at(t0)
