"""Day tables for a simulation: which days are PRC working days, due days, working-hour clocks.

Everything comes from :class:`tiaojie.rules.WorkdayCalendar` (the rules' calendar,
with the configuration's handling of years the holiday notices do not cover). Simulation time
is measured in days from the scenario's start date (t = 0.0 is midnight of the start date).

Memory per simulated day is a few bytes (numpy and ``array`` tables, shared by every clock),
so a long horizon does not inflate a replication's footprint.
"""

from __future__ import annotations

import datetime as dt
from array import array

import chinese_calendar
import numpy as np

from ..rules import Basis, PracticeConfig, WorkdayCalendar

MARGIN_DAYS = 400   # tables extend past the horizon so tasks started near the end can finish
MONDAY = dt.date(2000, 1, 3)   # week keys of the case streams count Mondays from here


def configured_periods(config) -> dict[str, tuple[int, Basis]]:
    """Every period of the practice configuration, by its dotted path (``tracks.simple``,
    ``court.court_entrusted.ordinary``, ``first_contact`` …): found by walking the
    configuration, so a period added there is covered without a list kept here."""
    out: dict[str, tuple[int, Basis]] = {}

    def walk(obj, path):
        if isinstance(getattr(obj, "days", None), int) and isinstance(getattr(obj, "basis", None), Basis):
            out[path] = (obj.days, obj.basis)
            return
        for name in getattr(type(obj), "model_fields", {}):
            walk(getattr(obj, name), f"{path}.{name}" if path else name)

    walk(config, "")
    return out


class DayTables:
    """Per-day facts for ``start + 0 … start + n_days - 1``."""

    def __init__(self, start: dt.date, horizon_days: int, config: PracticeConfig):
        self.start = start
        self.n = int(horizon_days) + MARGIN_DAYS
        longest = max(days for days, _ in configured_periods(config).values())
        relevant = int(horizon_days) + 2 * longest
        working = np.empty(self.n, dtype=bool)
        sf = np.zeros(self.n, dtype=bool)
        cal = WorkdayCalendar(config)
        relevant_warnings = 0                       # warnings about days that can matter
        day = start
        for i in range(self.n):
            working[i] = cal.is_working_day(day)
            if i < relevant:
                relevant_warnings = len(cal.warnings)
            sf[i] = _is_spring_festival(day)
            day += dt.timedelta(days=1)
        warnings = cal.warnings[:relevant_warnings]
        # compact arrays shared by every WorkClock (items read as Python ints in the event
        # loop) and, through numpy views of the same memory, by the vectorised due-day rules
        self.clock_working, self.clock_before, self.clock_wdays = _clock_arrays(working)
        self.working = np.frombuffer(self.clock_working, dtype=np.int8).view(bool)
        self.spring_festival = sf
        self.warnings = warnings
        self.working_days = np.frombuffer(self.clock_wdays, dtype=np.int32)
        self._before = np.frombuffer(self.clock_before, dtype=np.int32)
        del working
        self._due: dict[tuple[int, str], np.ndarray] = {}
        self.start_monday_offset = (start - MONDAY).days

    def week_key(self, day: int) -> int:
        """Calendar week of simulation day ``day`` (same week, same key, whatever the start)."""
        return (self.start_monday_offset + int(day)) // 7

    def is_block_start(self, day: int) -> bool:
        return day == 0 or (self.start_monday_offset + day) % 7 == 0

    def due_at(self, days: int, basis: Basis, start_days) -> np.ndarray:
        """The due day of a period of ``days`` started on each of ``start_days`` (same rule as
        :meth:`due_days`, computed on demand: no table per period, memory flat in the horizon)."""
        d = np.asarray(start_days, dtype=np.int64)
        if basis is Basis.working:
            upto = self._before[d].astype(np.int64) + self.working[d]     # working days in [0, d]
            pos = np.minimum(upto + int(days) - 1, self.working_days.size - 1)
            return self.working_days[pos].astype(np.int64)
        return self._next_working(np.minimum(d + int(days), self.n - 1))

    def _next_working(self, d: np.ndarray) -> np.ndarray:
        """The working day on or after each d (the ``before[d]``-th working day)."""
        k = self._before[d].astype(np.int64)
        out = np.full(k.shape, self.n, dtype=np.int64)
        ok = k < self.working_days.size
        out[ok] = self.working_days[k[ok]]
        return out

    @property
    def next_working(self) -> np.ndarray:
        return self._next_working(np.arange(self.n))

    @property
    def working_upto(self) -> np.ndarray:
        """Working days in [0, d] for every d."""
        return self._before + self.working

    def due_days(self, days: int, basis: Basis) -> np.ndarray:
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
            table = due.astype(np.int32)
            self._due[key] = table
        return table


def _clock_arrays(working: np.ndarray) -> tuple[array, array, array]:
    """(working flag, working days before d, index of the k-th working day) as compact arrays
    whose items read as Python ints (fast in the event loop, 1–4 bytes a day)."""
    w = np.asarray(working, dtype=bool)
    flags = array("b")
    flags.frombytes(w.astype(np.int8).tobytes())
    before = array("i")
    before.frombytes((np.cumsum(w) - w).astype(np.int32).tobytes())
    wdays = array("i")
    wdays.frombytes(np.flatnonzero(w).astype(np.int32).tobytes())
    return flags, before, wdays


def _is_spring_festival(day: dt.date) -> bool:
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return False
    return bool(on_holiday and name == chinese_calendar.Holiday.spring_festival.value)


class WorkClock:
    """Cumulative working hours of one kind of mediator, and its inverse.

    A mediator of this kind works ``hours`` a day from ``start_hour`` on working days. ``finish``
    answers: starting now, when is ``effort`` hours of work done? Work done before day d is
    ``hours × (working days before d)``, so the clock needs only the tables' shared arrays.
    """

    __slots__ = ("working", "before", "wdays", "start", "hours", "n", "nw")

    def __init__(self, tables, hours: float, start_hour: float = 9.0):
        if isinstance(tables, DayTables):
            self.working, self.before, self.wdays = tables.clock_working, tables.clock_before, tables.clock_wdays
        else:                                   # a boolean array of working days
            self.working, self.before, self.wdays = _clock_arrays(tables)
        self.start = float(start_hour)
        self.hours = float(hours)
        self.n = len(self.working)
        self.nw = len(self.wdays)

    def work_at(self, t: float) -> float:
        d = int(t)
        if d >= self.n:
            return self.hours * self.nw
        base = self.hours * self.before[d]
        if not self.working[d]:
            return base
        x = (t - d) * 24.0 - self.start
        if x <= 0:
            return base
        if x >= self.hours:
            return base + self.hours
        return base + x

    def finish(self, t: float, effort: float) -> float:
        h = self.hours
        if h <= 0:
            return float(self.n) + effort * 1e9
        w = self.work_at(t) + effort
        k = int(w / h + 1e-9)             # whole working days done before the finishing day
        if k >= self.nw:      # beyond the tables: far after the horizon, never observed
            return float(self.n) + (w - h * self.nw) / h
        rem = w - k * h
        if rem < 0.0:
            rem = 0.0
        return self.wdays[k] + (self.start + rem) / 24.0

    def span(self, t: float, effort: float) -> tuple[float, float]:
        """(``finish(t, 0)``, ``finish(t, effort)``): when work started now really starts (the
        next working moment) and ends — one reading of the tables for both."""
        h = self.hours
        if h <= 0:
            return float(self.n), float(self.n) + effort * 1e9
        d = int(t)
        if d >= self.n:
            w = h * self.nw
        else:
            w = h * self.before[d]
            if self.working[d]:
                x = (t - d) * 24.0 - self.start
                if x > 0:
                    w += x if x < h else h
        wdays, nw, s = self.wdays, self.nw, self.start
        k = int(w / h + 1e-9)
        if k >= nw:
            a = float(self.n) + (w - h * nw) / h
        else:
            rem = w - k * h
            a = wdays[k] + (s + (rem if rem > 0.0 else 0.0)) / 24.0
        w += effort
        k = int(w / h + 1e-9)
        if k >= nw:
            return a, float(self.n) + (w - h * nw) / h
        rem = w - k * h
        return a, wdays[k] + (s + (rem if rem > 0.0 else 0.0)) / 24.0

    def available_hours(self, t0: float, t1: float) -> float:
        return self.work_at(t1) - self.work_at(t0)
