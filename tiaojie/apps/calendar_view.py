"""The days behind a due date: which rest days were skipped and which make-up working days counted.

For a working-day period every rest day in (start, due] is skipped, so the list explains the date;
for a natural-day period rest days count, except that a period ending on a rest day moves to the
next working day. Make-up working days (调休上班的周末) count in both. Years without holiday data
are counted as weekends only and marked provisional (暂定) by the rules' warnings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from .. import rules as R

WEEKDAYS = "一二三四五六日"
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DaysBehind:
    holidays: list[dt.date]          # rest days falling on Monday–Friday (statutory holidays)
    weekends: list[dt.date]          # Saturdays and Sundays that were rest days
    makeup: list[dt.date]            # Saturdays and Sundays that were working days (调休)


def days_behind(start: dt.date, due: dt.date, config=None) -> DaysBehind:
    cal = R.WorkdayCalendar(config or R.load_config())
    holidays, weekends, makeup = [], [], []
    day = start + ONE_DAY
    while day <= due:
        working = cal.is_working_day(day)
        if day.weekday() >= 5:
            (makeup if working else weekends).append(day)
        elif not working:
            holidays.append(day)
        day += ONE_DAY
    return DaysBehind(holidays, weekends, makeup)


def _dates(days: list[dt.date]) -> str:
    return "、".join(f"{d.month}月{d.day}日（周{WEEKDAYS[d.weekday()]}）" for d in days)


def days_behind_html(d: R.Deadline, config=None) -> str:
    """An explanation block for one deadline: skipped rest days and make-up working days."""
    b = days_behind(d.start, d.due_date, config)
    working = d.basis is R.Basis.working
    verb = "已跳过（不计入期限）" if working else "计入期限（自然日照常计算）"
    rows = [f"<li>法定节假日（工作日休息）{len(b.holidays)} 天：{_dates(b.holidays) or '无'}，{verb}</li>",
            f"<li>周末休息日 {len(b.weekends)} 天，{verb}</li>",
            f"<li>调休工作日（周末上班）{len(b.makeup)} 天：{_dates(b.makeup) or '无'}，计入期限</li>"]
    if not working and d.nominal_end and d.nominal_end != d.due_date:
        rows.append(f"<li>第 {d.total_days} 日（{d.nominal_end.isoformat()}）为休息日，顺延至 {d.due_date.isoformat()}</li>")
    return (f'<div class="tj-days"><b>起算日至届满日之间（{escape(d.start.isoformat())} 次日至 '
            f'{escape(d.due_date.isoformat())}）：</b><ul>' + "".join(rows) + "</ul></div>")
