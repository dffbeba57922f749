"""The days behind a due date, counted by the rules' calendar (National Day 2026 and its 调休)."""

import datetime as dt

from tiaojie import rules as R
from tiaojie.apps.calendar_view import days_behind, days_behind_html
from tiaojie.apps.deadline_calculator import FIELD_LABELS, deadline_html
from tiaojie.core.failures import user_message


def test_rest_days_and_makeup_days_between_start_and_due():
    b = days_behind(dt.date(2026, 9, 28), dt.date(2026, 10, 28))
    assert dt.date(2026, 10, 1) in b.holidays and dt.date(2026, 10, 3) in b.weekends
    assert b.makeup and all(d.weekday() >= 5 for d in b.makeup)
    cal = R.WorkdayCalendar(R.load_config())
    assert all(cal.is_working_day(d) for d in b.makeup) and not any(cal.is_working_day(d) for d in b.holidays)


def test_working_day_periods_say_the_rest_days_were_skipped():
    d = R.compute_deadline("自收", "2026-09-28", track="简易")
    html = days_behind_html(d)
    assert ("已跳过" in html) == (d.basis is R.Basis.working)


def test_provisional_year_is_in_the_headline_and_errors_name_fields_in_chinese():
    d = R.compute_deadline("自收", f"{R.PACKAGE_LAST_YEAR + 1}-03-02", track="普通")
    assert d.warnings and "期限届满日（暂定）" in deadline_html(d)
    assert "期限届满日（暂定）" not in deadline_html(R.compute_deadline("自收", "2026-03-02", track="普通"))
    line, _ = user_message(R.RulesInputError("extension_days", "最多延长 30 日"), FIELD_LABELS)
    assert line == "输入有误（协议延长）：最多延长 30 日"
