import datetime as dt

import pytest

from tiaojie.rules import CalendarCoverageError, WorkdayCalendar, load_config, parse_config

D = dt.date


@pytest.fixture
def cal():
    return WorkdayCalendar(load_config())


def test_national_day_and_makeup_saturday_2026(cal):
    # 2026 National Day holiday: Oct 1–7 rest; Sat Oct 10 is a make-up working day.
    assert all(cal.is_rest_day(D(2026, 10, d)) for d in range(1, 8))
    assert cal.is_working_day(D(2026, 10, 10))   # Saturday, but 调休 working day
    assert cal.is_working_day(D(2026, 10, 8))


def test_spring_festival_2026(cal):
    # 2026 Spring Festival: Feb 15–23 rest; Sat Feb 28 make-up working day.
    assert cal.is_rest_day(D(2026, 2, 17))
    assert cal.is_working_day(D(2026, 2, 24))
    assert cal.is_working_day(D(2026, 2, 28))


def test_add_working_days_skips_the_holiday(cal):
    # From Wed 2026-09-30: Oct 8 (Thu) is the 1st working day, Oct 9 the 2nd, Oct 10 (Sat, make-up) the 3rd.
    assert cal.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert cal.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_calendar_period_ending_on_rest_day_moves_to_next_working_day(cal):
    nominal, due = cal.add_calendar_days(D(2026, 9, 28), 7)
    assert nominal == D(2026, 10, 5) and due == D(2026, 10, 8)


def test_uncovered_year_weekends_only_warns(config_data):
    cfg = parse_config(config_data)
    cal = WorkdayCalendar(cfg)
    assert cal.is_working_day(D(2027, 3, 3))
    assert cal.warnings and "2027" in cal.warnings[0]


def test_uncovered_year_error_mode_names_the_date(config_data):
    config_data["calendar"]["uncovered_years"] = "error"
    cal = WorkdayCalendar(parse_config(config_data))
    with pytest.raises(CalendarCoverageError) as exc:
        cal.is_working_day(D(2027, 3, 3))
    assert exc.value.field == "date" and "2027-03-03" in exc.value.message


def test_extra_year_from_configuration(config_data):
    config_data["calendar"]["uncovered_years"] = "error"
    config_data["calendar"]["extra_years"] = {
        2027: {"holidays": ["2027-01-01"], "makeup_workdays": ["2027-01-09"], "source": "测试用假想安排"}}
    cal = WorkdayCalendar(parse_config(config_data))
    assert cal.is_rest_day(D(2027, 1, 1))
    assert cal.is_working_day(D(2027, 1, 9))      # a Saturday made a working day
    assert cal.is_rest_day(D(2027, 1, 10))        # an ordinary Sunday
    assert not cal.warnings


def test_agrees_with_chinese_calendar_on_every_covered_day():
    import chinese_calendar

    from tiaojie.rules.workdays import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR

    cal = WorkdayCalendar(load_config())
    day, end = D(PACKAGE_FIRST_YEAR, 1, 1), D(PACKAGE_LAST_YEAR, 12, 31)
    while day <= end:
        assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
