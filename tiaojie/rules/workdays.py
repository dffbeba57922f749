"""The PRC working-day calendar: statutory holidays and make-up working days (调休).

Built on the maintained ``chinese-calendar`` package, which knows the State Council holiday
notices up to the year of its release. Years it does not cover can be added in the practice
configuration (``calendar.extra_years``). For a year known to neither, the configuration's
``calendar.uncovered_years`` decides:

* ``error``: raise :class:`CalendarCoverageError` naming the date;
* ``weekends_only``: treat only Saturdays and Sundays as rest days and record a warning, which
  every result built on the answer carries to the user. The answer is never silently wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chinese_calendar import constants as _cc

from .config import PracticeConfig
from ..core.errors import CalendarCoverageError

ONE_DAY = dt.timedelta(days=1)
PACKAGE_FIRST_YEAR = min(_cc.holidays).year
PACKAGE_LAST_YEAR = max(max(_cc.holidays), max(_cc.workdays)).year


@dataclass
class WorkdayCalendar:
    """Answers "is this a working day?" and counts periods, collecting coverage warnings."""

    config: PracticeConfig
    warnings: list[str] = field(default_factory=list)
    _warned_years: set[int] = field(default_factory=set, repr=False)

    def covered(self, day: dt.date) -> bool:
        return (PACKAGE_FIRST_YEAR <= day.year <= PACKAGE_LAST_YEAR
                or day.year in self.config.calendar.extra_years)

    def is_working_day(self, day: dt.date) -> bool:
        if PACKAGE_FIRST_YEAR <= day.year <= PACKAGE_LAST_YEAR:
            # chinese_calendar.is_workday's own rule, without its per-call range validation
            return day in _cc.workdays or (day.weekday() < 5 and day not in _cc.holidays)
        extra = self.config.calendar.extra_years.get(day.year)
        if extra is not None:
            if day in extra.makeup_workdays:
                return True
            if day in extra.holidays:
                return False
            return day.weekday() < 5
        if self.config.calendar.uncovered_years == "error":
            raise CalendarCoverageError(
                "date",
                f"{day.isoformat()} 所在年份（{day.year}）的法定节假日安排未收录"
                f"（chinese-calendar 覆盖 {PACKAGE_FIRST_YEAR}–{PACKAGE_LAST_YEAR} 年）；"
                "请在配置 calendar.extra_years 中补充该年安排")
        if day.year not in self._warned_years:
            self._warned_years.add(day.year)
            self.warnings.append(f"{day.year} 年法定节假日安排未收录，按仅周六、周日休息近似计算，"
                                 "结果可能与实际不符，请核对当年国务院办公厅节假日通知")
        return day.weekday() < 5

    def is_rest_day(self, day: dt.date) -> bool:
        return not self.is_working_day(day)

    def next_working_day_on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself is never counted)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        counted = 0
        while counted < n:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day

    def add_calendar_days(self, start: dt.date, n: int) -> tuple[dt.date, dt.date]:
        """Legal counting (民法典 arts. 201–203): start day not counted; if the last day is a
        rest day the period ends on the next working day. Returns (nominal end, due date)."""
        nominal = start + dt.timedelta(days=n)
        return nominal, self.next_working_day_on_or_after(nominal)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count
